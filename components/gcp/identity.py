"""Google service accounts: the nodes' own least-privilege account (GKE would otherwise use the Compute Engine
default account, which holds Editor on the project), and one per workload bound through Workload Identity
(``WorkloadAccount``: MLflow's, scoped to its bucket).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.handle import WorkloadIdentity

NODE_ROLES: tuple[str, ...] = (
    "roles/container.defaultNodeServiceAccount",
    "roles/artifactregistry.reader",
)
"""The minimum a GKE node needs: GKE's own least-privilege node role (logs, metrics, resource metadata, autoscaling
metrics; maintained by Google as GKE's needs change, where a hand-kept list of logging/monitoring roles drifts),
and image pulls from Artifact Registry.
Source: https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts ("Grant the
roles/container.defaultNodeServiceAccount role"), GKE hardening guide "Use least privilege IAM service accounts"."""

ACCOUNT_ID_MAX = 30
NODES_SUFFIX = "-nodes"


def account_id(cluster_name: str) -> str:
    """A service account id (6-30 chars, lowercase, digits, '-') for a cluster's nodes."""
    stem = cluster_name[: ACCOUNT_ID_MAX - len(NODES_SUFFIX)].rstrip("-")
    return f"{stem}{NODES_SUFFIX}"


@dataclass(frozen=True, kw_only=True)
class NodeIdentityArgs:
    cluster_name: str
    project: pulumi.Input[str]
    depends_on: Sequence[pulumi.Resource] = ()


class NodeIdentity(pulumi.ComponentResource):
    """A dedicated node service account with exactly ``NODE_ROLES`` on the project.

    Callers rely on ``email`` (node pools' ``serviceAccount``) and ``bindings`` (so pools wait for the roles).
    """

    account: gcp.serviceaccount.Account
    bindings: list[gcp.projects.IAMMember]
    email: pulumi.Output[str]

    def __init__(self, name: str, args: NodeIdentityArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:NodeIdentity", name, None, opts)
        child = pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on))
        self.account = gcp.serviceaccount.Account(
            name,
            account_id=account_id(args.cluster_name),
            display_name=f"GKE nodes of {args.cluster_name}",
            opts=child,
        )
        self.bindings = [
            gcp.projects.IAMMember(
                f"{name}-{role.removeprefix('roles/').replace('.', '-').lower()}",
                project=args.project,
                role=role,
                member=self.account.member,
                opts=child,
            )
            for role in NODE_ROLES
        ]
        self.email = self.account.email
        self.register_outputs({"email": self.email})


WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser"
ARTIFACT_ROLE = "roles/storage.objectUser"
"""Read, write, list and delete objects in the one bucket: what MLflow's artifact proxy does, and nothing on the
bucket itself (no IAM, no settings); granted on the bucket, never on the project."""
GKE_SA_ANNOTATION = "iam.gke.io/gcp-service-account"
WORKLOAD_MEMBER = "serviceAccount:{project}.svc.id.goog[{namespace}/{service_account}]"
MLFLOW_SUFFIX = "-mlflow"


@dataclass(frozen=True, kw_only=True)
class WorkloadAccountArgs:
    cluster_name: str
    project: pulumi.Input[str]
    bucket: pulumi.Input[str]
    namespace: str
    service_account: str
    depends_on: Sequence[pulumi.Resource] = ()


class WorkloadAccount(pulumi.ComponentResource):
    """A Google service account for one Kubernetes service account, through GKE Workload Identity: no keys.

    Callers rely on ``binding`` (the handle's WorkloadIdentity: the KSA's annotation and what pods wait for).
    """

    account: gcp.serviceaccount.Account
    workload_binding: gcp.serviceaccount.IAMMember
    bucket_grant: gcp.storage.BucketIAMMember
    binding: WorkloadIdentity

    def __init__(self, name: str, args: WorkloadAccountArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:WorkloadAccount", name, None, opts)
        child = pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on))
        stem = args.cluster_name[: ACCOUNT_ID_MAX - len(MLFLOW_SUFFIX)].rstrip("-")
        self.account = gcp.serviceaccount.Account(
            name,
            account_id=f"{stem}{MLFLOW_SUFFIX}",
            display_name=f"MLflow of {args.cluster_name} ({args.namespace}/{args.service_account})",
            opts=child,
        )
        self.workload_binding = gcp.serviceaccount.IAMMember(
            f"{name}-workload-identity",
            service_account_id=self.account.name,
            role=WORKLOAD_IDENTITY_USER,
            member=pulumi.Output.from_input(args.project).apply(
                lambda p: WORKLOAD_MEMBER.format(
                    project=p, namespace=args.namespace, service_account=args.service_account
                )
            ),
            opts=child,
        )
        self.bucket_grant = gcp.storage.BucketIAMMember(
            f"{name}-artifacts", bucket=args.bucket, role=ARTIFACT_ROLE, member=self.account.member, opts=child
        )
        self.binding = WorkloadIdentity(
            namespace=args.namespace,
            service_account=args.service_account,
            annotations={GKE_SA_ANNOTATION: self.account.email},
            pod_labels={},
            ready=(self.workload_binding, self.bucket_grant),
        )
        self.register_outputs({"email": self.account.email})
