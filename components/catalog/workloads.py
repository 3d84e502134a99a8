"""Which workload may do what in the artifact store: one row per role, read by every cloud's identity code.

Each cloud turns a row into its own grant (S3 policy statements, GCS managed-folder roles, Azure role assignments
with an ABAC path condition), so the three stay the same least-privilege contract: a renamed prefix, namespace or
service account changes here and nowhere else. Writing implies reading the same prefix (a checkpoint is resumed
by the workload that wrote it); nothing here grants anything on the bucket itself (settings, IAM, lifecycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from components.catalog.service_names import (
    CHECKPOINT_PREFIX,
    DATA_PREFIX,
    MLFLOW_ARTIFACT_PREFIX,
    MLFLOW_NAMESPACE,
    MLFLOW_SERVICE_ACCOUNT,
    RAY_NAMESPACE,
    RAY_SERVICE_ACCOUNT,
    SERVING_NAMESPACE,
    SERVING_SERVICE_ACCOUNT,
    WORKLOAD_MLFLOW,
    WORKLOAD_RAY,
    WORKLOAD_SERVING,
)


@dataclass(frozen=True)
class WorkloadGrant:
    """One workload's Kubernetes service account and the artifact-store prefixes it reads and writes."""

    role: str
    namespace: str
    service_account: str
    read: tuple[str, ...]  # prefixes (no slashes) whose objects it lists and reads
    write: tuple[str, ...] = ()  # prefixes it also creates, overwrites and deletes objects under

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Every prefix the workload touches, read-only ones first, each once."""
        return tuple(dict.fromkeys((*self.read, *self.write)))

    @property
    def writes(self) -> bool:
        return bool(self.write)


WORKLOAD_GRANTS: Mapping[str, WorkloadGrant] = MappingProxyType({
    WORKLOAD_MLFLOW: WorkloadGrant(
        WORKLOAD_MLFLOW, MLFLOW_NAMESPACE, MLFLOW_SERVICE_ACCOUNT,
        read=(MLFLOW_ARTIFACT_PREFIX,), write=(MLFLOW_ARTIFACT_PREFIX,),
    ),
    # Ray Train reads its dataset and writes, lists, reads and prunes (num_to_keep) its checkpoints.
    WORKLOAD_RAY: WorkloadGrant(
        WORKLOAD_RAY, RAY_NAMESPACE, RAY_SERVICE_ACCOUNT,
        read=(DATA_PREFIX, CHECKPOINT_PREFIX), write=(CHECKPOINT_PREFIX,),
    ),
    # KServe's storage initializer lists and downloads a registered model's files: read-only.
    WORKLOAD_SERVING: WorkloadGrant(
        WORKLOAD_SERVING, SERVING_NAMESPACE, SERVING_SERVICE_ACCOUNT, read=(MLFLOW_ARTIFACT_PREFIX,),
    ),
})

# The roles a cloud binds beside MLflow's own identity (which each cloud's mlflow.py builds), in build order.
WORKFLOW_ROLES = (WORKLOAD_RAY, WORKLOAD_SERVING)


def workflow_roles(*, ray: bool, kserve: bool) -> tuple[str, ...]:
    """The workflow identities a stack builds: Ray's when Ray is enabled, serving's when KServe is."""
    enabled = {WORKLOAD_RAY: ray, WORKLOAD_SERVING: kserve}
    return tuple(role for role in WORKFLOW_ROLES if enabled[role])
