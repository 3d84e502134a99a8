"""The ML team's access to AKS, never cluster-admin: each member (an Entra object ID of a user, group or service
principal) gets "Azure Kubernetes Service Cluster User Role" on the cluster (listClusterUserCredential: the
kubeconfig, which carries no secret on an Entra cluster) and "Azure Kubernetes Service RBAC Writer" scoped to the
team namespace only (`<cluster id>/namespaces/<namespace>`, Azure RBAC for Kubernetes authorization, which the
cluster enables). Writer covers most namespaced objects but no Roles or RoleBindings; what it lacks for the
workflow (RayJobs, InferenceServices, port-forward to MLflow and the Ray dashboard in their namespaces) comes from
the in-cluster layer's RoleBindings to `team_subjects`.
Sources: https://learn.microsoft.com/azure/aks/manage-azure-rbac (namespace scope),
https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers (role IDs).

`team_subjects`: AKS authenticates an Entra group member with the group's object ID in its groups, so each
member becomes a Group subject of that ID; a user's Kubernetes username is their UPN, which the blueprint does not
carry, so a user listed by object ID is served by the Azure RBAC role alone. Nothing else waits for these
grants, so they carry no propagation wait (a member's first call within five minutes may get 403).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import authorization

from components.azure.encryption import role_definition_id
from components.catalog.service_names import TEAM_NAMESPACE

ROLE_AKS_CLUSTER_USER = "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"
ROLE_AKS_RBAC_WRITER = "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb"
NAMESPACE_SCOPE = "{cluster}/namespaces/{namespace}"
RBAC_API_GROUP = "rbac.authorization.k8s.io"


def namespace_scope(cluster_id: str) -> str:
    return NAMESPACE_SCOPE.format(cluster=cluster_id, namespace=TEAM_NAMESPACE)


def team_subjects(team: Sequence[str]) -> tuple[Mapping[str, str], ...]:
    return tuple({"kind": "Group", "name": member, "apiGroup": RBAC_API_GROUP} for member in team)


def _definition(subscription: pulumi.Output[str], role: str) -> pulumi.Output[str]:
    return subscription.apply(lambda s: role_definition_id(s, role))


@dataclass(frozen=True, kw_only=True)
class TeamAccessArgs:
    team: Sequence[str]
    cluster_id: pulumi.Input[str]
    subscription_id: pulumi.Input[str]


class TeamAccess(pulumi.ComponentResource):
    """Per member: `<name>-user-<id>` on the cluster and `<name>-writer-<id>` on the team namespace."""

    assignments: tuple[authorization.RoleAssignment, ...]

    def __init__(self, name: str, args: TeamAccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:TeamAccess", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        subscription = pulumi.Output.from_input(args.subscription_id)
        cluster_id = pulumi.Output.from_input(args.cluster_id)
        scopes = {"user": (ROLE_AKS_CLUSTER_USER, cluster_id),
                  "writer": (ROLE_AKS_RBAC_WRITER, cluster_id.apply(namespace_scope))}
        definitions = {kind: _definition(subscription, role) for kind, (role, _) in scopes.items()}
        self.assignments = tuple(
            authorization.RoleAssignment(
                f"{name}-{kind}-{member}",
                scope=scope,
                role_definition_id=definitions[kind],
                principal_id=member,
                principal_type=pulumi.Output.from_input(None),  # user, group or service principal: ARM resolves it
                opts=child,
            )
            for member in args.team
            for kind, (_, scope) in scopes.items()
        )
        self.register_outputs({})
