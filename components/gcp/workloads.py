"""The ML workflow's identities on GKE: Ray (reads data/, reads and writes checkpoints/) and serving (reads mlflow/,
the registered models), each a Google service account that one Kubernetes service account impersonates through
Workload Identity, with roles on managed folders of the artifact bucket, never on the bucket or the project.

Why managed folders, not IAM conditions on `resource.name`: listing is authorized on the bucket, where an object
prefix condition cannot hold, so a conditioned role either cannot list (KServe's storage initializer lists the
model prefix first) or must be granted list on the whole bucket. A managed folder carries its own IAM policy and
authorizes listing under its prefix, on a bucket with uniform bucket-level access (which this bucket has). One
bucket per role would also work, but splits the artifact store MLflow's registered models live in.
Sources: https://cloud.google.com/storage/docs/managed-folders,
https://cloud.google.com/storage/docs/access-control/iam-roles (objectViewer: get and list objects; objectUser:
also create, update and delete objects and multipart uploads; neither grants anything on IAM or bucket settings).

The bucket is encrypted with Google-managed keys (object_store.py), so no key grant exists or is needed.
Propagation: "policy changes typically take effect within 2 minutes, [...] in some cases 7 minutes or more"
(https://cloud.google.com/iam/docs/access-change-propagation); the identities' `ready` ends with a wait of
`PROPAGATION_WAIT` after the grants, so pods start once their grants are likely live (a storage initializer that
still gets 403 is restarted by the kubelet with back-off).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
import pulumi_gcp as gcp
import pulumiverse_time

from components.catalog.service_names import CHECKPOINT_PREFIX, DATA_PREFIX, MLFLOW_ARTIFACT_PREFIX
from components.catalog.workloads import WORKLOAD_GRANTS, WorkloadGrant, workflow_roles
from components.gcp.identity import ACCOUNT_ID_MAX, GKE_SA_ANNOTATION, WORKLOAD_IDENTITY_USER, WORKLOAD_MEMBER
from components.handle import RayStorage, WorkloadIdentity
from components.plan import ClusterPlan

READ_ROLE = "roles/storage.objectViewer"
WRITE_ROLE = "roles/storage.objectUser"
PROPAGATION_WAIT = "2m"
GCS_SCHEME = "gs://"


def folder_name(prefix: str) -> str:
    """A managed folder's name is its prefix with a trailing slash."""
    return f"{prefix}/"


def account_id(cluster_name: str, role: str) -> str:
    suffix = f"-{role}"
    return f"{cluster_name[: ACCOUNT_ID_MAX - len(suffix)].rstrip('-')}{suffix}"


def folder_roles(grant: WorkloadGrant) -> dict[str, str]:
    """prefix -> the one role the workload holds on that prefix's managed folder."""
    return {prefix: WRITE_ROLE if prefix in grant.write else READ_ROLE for prefix in grant.prefixes}


@dataclass(frozen=True, kw_only=True)
class FolderAccountArgs:
    cluster_name: str
    project: pulumi.Input[str]
    bucket: pulumi.Input[str]
    grant: WorkloadGrant
    folders: Mapping[str, gcp.storage.ManagedFolder]  # prefix -> its managed folder
    depends_on: Sequence[pulumi.Resource] = ()


class FolderAccount(pulumi.ComponentResource):
    """A Google service account for one Kubernetes service account, with roles on managed folders only.

    Callers rely on ``binding``: the annotation the Kubernetes service account carries and what its pods wait for.
    """

    account: gcp.serviceaccount.Account
    binding: WorkloadIdentity

    def __init__(self, name: str, args: FolderAccountArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:FolderAccount", name, None, opts)
        grant = args.grant
        child = pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on))
        self.account = gcp.serviceaccount.Account(
            name,
            account_id=account_id(args.cluster_name, grant.role),
            display_name=f"{grant.role} of {args.cluster_name} ({grant.namespace}/{grant.service_account})",
            opts=child,
        )
        workload = gcp.serviceaccount.IAMMember(
            f"{name}-workload-identity",
            service_account_id=self.account.name,
            role=WORKLOAD_IDENTITY_USER,
            member=pulumi.Output.from_input(args.project).apply(
                lambda p: WORKLOAD_MEMBER.format(
                    project=p, namespace=grant.namespace, service_account=grant.service_account
                )
            ),
            opts=child,
        )
        grants = {
            prefix: gcp.storage.ManagedFolderIamMember(
                f"{name}-{prefix}",
                bucket=args.bucket,
                managed_folder=args.folders[prefix].name,
                role=role,
                member=self.account.member,
                opts=child,
            )
            for prefix, role in folder_roles(grant).items()
        }
        wait = pulumiverse_time.Sleep(
            f"{name}-propagation",
            create_duration=PROPAGATION_WAIT,
            triggers={"workload-identity": workload.id, **{prefix: g.id for prefix, g in grants.items()}},
            opts=pulumi.ResourceOptions(parent=self, depends_on=[workload, *grants.values()]),
        )
        self.binding = WorkloadIdentity(
            namespace=grant.namespace,
            service_account=grant.service_account,
            annotations={GKE_SA_ANNOTATION: self.account.email},
            pod_labels={},
            ready=(workload, *grants.values(), wait),
        )
        self.register_outputs({"email": self.account.email})


def workflow_identities(
    name: str,
    plan: ClusterPlan,
    project: pulumi.Input[str],
    bucket: gcp.storage.Bucket,
    depends_on: Sequence[pulumi.Resource],
    parent: pulumi.Resource,
) -> Mapping[str, WorkloadIdentity]:
    """`<name>-artifacts-<prefix>` managed folders (those the enabled roles use) and `<name>-<role>-identity`."""
    roles = workflow_roles(ray=plan.services.ray is not None, kserve=plan.services.kserve)
    child = pulumi.ResourceOptions(parent=parent, depends_on=list(depends_on))
    prefixes = dict.fromkeys(p for role in roles for p in WORKLOAD_GRANTS[role].prefixes)
    folders = {
        prefix: gcp.storage.ManagedFolder(
            f"{name}-artifacts-{prefix}", bucket=bucket.name, name=folder_name(prefix), opts=child
        )
        for prefix in prefixes
    }
    return MappingProxyType({
        role: FolderAccount(
            f"{name}-{role}-identity",
            FolderAccountArgs(cluster_name=plan.name, project=project, bucket=bucket.name,
                              grant=WORKLOAD_GRANTS[role], folders=folders, depends_on=depends_on),
            opts=pulumi.ResourceOptions(parent=parent),
        ).binding
        for role in roles
    })


def prefix_uri(bucket: gcp.storage.Bucket, prefix: str) -> pulumi.Output[str]:
    return bucket.name.apply(lambda b: f"{GCS_SCHEME}{b}/{prefix}")


def serving_uri(bucket: gcp.storage.Bucket) -> pulumi.Output[str]:
    """`gs://<bucket>/mlflow`: KServe's storage initializer takes gs:// (kserve_storage.py `_GCS_PREFIX`)."""
    return prefix_uri(bucket, MLFLOW_ARTIFACT_PREFIX)


def ray_storage(plan: ClusterPlan, bucket: gcp.storage.Bucket) -> RayStorage | None:
    """gs:// URIs (pyarrow and gcsfs take them); credentials come from the metadata server, so no env."""
    if plan.services.ray is None:
        return None
    return RayStorage(data_uri=prefix_uri(bucket, DATA_PREFIX), checkpoint_uri=prefix_uri(bucket, CHECKPOINT_PREFIX))
