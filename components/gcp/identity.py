"""GCP-only: the nodes' own least-privilege service account (GKE would otherwise use the Compute Engine default
account, which holds Editor on the project). EKS/AKS express node identity inside their cluster resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

NODE_ROLES: tuple[str, ...] = (
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
)
"""The minimum a GKE node needs: write logs and metrics, read resource metadata, pull images.
Source: GKE hardening guide, "Use least privilege IAM service accounts"."""

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
