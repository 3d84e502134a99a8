"""The cloud half of MLflow on GCP: bucket, database and identity, handed up as a cloud-neutral MlflowBackend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi

from components.catalog.services import MLFLOW_NAMESPACE, MLFLOW_SERVICE_ACCOUNT
from components.gcp.database import MlflowDatabase, MlflowDatabaseArgs
from components.gcp.identity import WorkloadAccount, WorkloadAccountArgs
from components.gcp.network import Network
from components.gcp.object_store import ArtifactBucket, ArtifactBucketArgs
from components.handle import MlflowBackend
from components.plan import ClusterPlan


@dataclass(frozen=True)
class MlflowData:
    """The handle's MlflowBackend and the bucket, whose other prefixes the workflow's identities share."""

    backend: MlflowBackend
    bucket: ArtifactBucket


def mlflow_backend(
    name: str,
    plan: ClusterPlan,
    network: Network,
    cluster: pulumi.Resource,
    parent: pulumi.Resource,
    apis: Sequence[pulumi.Resource],
) -> MlflowData | None:
    """None unless the blueprint enables MLflow; each part waits for the APIs it calls. The Workload Identity
    binding also waits for the cluster: the project's identity pool (<project>.svc.id.goog) exists only once a
    cluster with Workload Identity does, and IAM rejects a member in a pool that does not exist yet."""
    mlflow = plan.services.mlflow
    if mlflow is None:
        return None
    child = pulumi.ResourceOptions(parent=parent)
    bucket = ArtifactBucket(
        f"{name}-mlflow-artifacts",
        ArtifactBucketArgs(
            cluster_name=plan.name, region=plan.region, tags=plan.tags, protect=plan.protect, depends_on=apis
        ),
        opts=child,
    )
    database = MlflowDatabase(
        f"{name}-mlflow-db",
        MlflowDatabaseArgs(
            cluster_name=plan.name,
            region=plan.region,
            database=mlflow.database,
            high_availability=mlflow.high_availability,
            network_id=network.network_id,
            private_services_cidr=network.addresses.private_services,
            tags=plan.tags,
            protect=plan.protect,
            depends_on=apis,
        ),
        opts=child,
    )
    identity = WorkloadAccount(
        f"{name}-mlflow-identity",
        WorkloadAccountArgs(
            cluster_name=plan.name,
            project=network.project,
            bucket=bucket.bucket_name,
            namespace=MLFLOW_NAMESPACE,
            service_account=MLFLOW_SERVICE_ACCOUNT,
            depends_on=[*apis, cluster],
        ),
        opts=child,
    )
    return MlflowData(
        backend=MlflowBackend(artifacts=bucket.store, database=database.connection, identity=identity.binding),
        bucket=bucket,
    )
