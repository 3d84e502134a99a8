"""Who administers the cluster: `cluster.admins`, declared, and nobody implicitly.

Each admin (an Entra object ID of a user, group or service principal) gets "Azure Kubernetes Service RBAC
Cluster Admin" at this cluster's scope. There is no grant to "whoever runs pulumi up": the deploying identity
is expected to be one of the admins (directly or through a group), so a run by another person or CI principal
changes no grant. `principalType` is left unset so ARM resolves user, group or service principal itself.

Propagation: "New role assignments can take up to five minutes to propagate and be updated by the
authorization server" (learn.microsoft.com/azure/aks/manage-azure-rbac); until then the first Kubernetes call
gets 403 and the run fails. `ready` is the propagation wait of propagation.py (a `time:index/sleep:Sleep`, the
Terraform time provider's time_sleep, bridged; chosen over a shell `sleep`, not portable, and a dynamic provider,
pickled code in the state). The wait overlaps with node-pool creation, which the in-cluster steps wait for
anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumiverse_time
from pulumi_azure_native import authorization

from components.azure.encryption import role_definition_id
from components.azure.propagation import AKS_RBAC_WAIT, propagation_wait

ROLE_AKS_RBAC_CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"


@dataclass(frozen=True, kw_only=True)
class ClusterAdminsArgs:
    admins: Sequence[str]
    cluster_id: pulumi.Input[str]
    subscription_id: pulumi.Input[str]


class ClusterAdmins(pulumi.ComponentResource):
    """Cluster-admin role assignments for the declared admins, and the wait for them to reach the API server."""

    assignments: tuple[authorization.RoleAssignment, ...]
    ready: pulumiverse_time.Sleep

    def __init__(self, name: str, args: ClusterAdminsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:ClusterAdmins", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        role = pulumi.Output.from_input(args.subscription_id).apply(
            lambda s: role_definition_id(s, ROLE_AKS_RBAC_CLUSTER_ADMIN)
        )
        self.assignments = tuple(
            authorization.RoleAssignment(
                f"{name}-{admin}",
                scope=args.cluster_id,
                role_definition_id=role,
                principal_id=admin,
                principal_type=pulumi.Output.from_input(None),  # user, group or service principal: ARM resolves it
                opts=child,
            )
            for admin in args.admins
        )
        self.ready = propagation_wait(
            name, dict(zip(args.admins, self.assignments, strict=True)), AKS_RBAC_WAIT, parent=self
        )
        self.register_outputs({"ready": self.ready.id})
