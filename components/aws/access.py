"""Who administers the cluster: one EKS access entry per declared admin, with the cluster-admin access policy; and
who uses it: one access entry per ML team member, mapped into the team's Kubernetes group, with the edit policy
scoped to the team's namespace only.

Access entries, not the cluster creator's bootstrap entry: `bootstrapClusterCreatorAdminPermissions` is false, so
no grant follows whoever ran the first `pulumi up`, and nothing flips when another person or CI role runs the
next one. The deploying identity is one of `cluster.admins` (the stack files say so) and keeps access through the
same entries; in-cluster resources wait for the policy associations (the handle's `api_ready`), so the first
Kubernetes call is authorized.
Sources: https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html,
https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html (AmazonEKSClusterAdminPolicy,
AmazonEKSEditPolicy), https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessScope.html (type namespace)

The team's entries carry `kubernetesGroups: [TEAM_GROUP]`, so the in-cluster layer's RoleBindings (to the group,
`team_subjects`) add what the edit policy lacks (RayJobs, InferenceServices, port-forward to MLflow and the Ray
dashboard in their own namespaces); the namespaced edit policy alone already lets them work in the team namespace.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from components.catalog.service_names import TEAM_GROUP, TEAM_NAMESPACE

ACCESS_ENTRY_TYPE = "STANDARD"
CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
SCOPE_CLUSTER = "cluster"
TEAM_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
SCOPE_NAMESPACE = "namespace"
RBAC_API_GROUP = "rbac.authorization.k8s.io"
TEAM_SUBJECTS: tuple[Mapping[str, str], ...] = ({"kind": "Group", "name": TEAM_GROUP, "apiGroup": RBAC_API_GROUP},)


def principal_slug(arn: str) -> str:
    """`arn:aws:iam::111122223333:role/platform-admins` -> `111122223333-role-platform-admins` (a name suffix that
    stays put when the admin list is reordered)."""
    account, resource = arn.split(":")[4], arn.split(":", 5)[5]
    return re.sub(r"[^A-Za-z0-9-]+", "-", f"{account}-{resource}").strip("-").lower()


def cluster_admins(
    name: str,
    cluster_name: pulumi.Input[str],
    admins: Sequence[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> list[aws.eks.AccessPolicyAssociation]:
    """Per admin: `<name>-admin-<slug>` access entry and its cluster-scoped cluster-admin policy association."""
    grants = []
    for arn in admins:
        suffix = f"{name}-admin-{principal_slug(arn)}"
        entry = aws.eks.AccessEntry(
            suffix, cluster_name=cluster_name, principal_arn=arn, type=ACCESS_ENTRY_TYPE, tags=dict(tags), opts=opts
        )
        grants.append(aws.eks.AccessPolicyAssociation(
            suffix,
            cluster_name=cluster_name,
            principal_arn=entry.principal_arn,
            policy_arn=CLUSTER_ADMIN_POLICY,
            access_scope=aws.eks.AccessPolicyAssociationAccessScopeArgs(type=SCOPE_CLUSTER),
            opts=opts,
        ))
    return grants


def team_access(
    name: str,
    cluster_name: pulumi.Input[str],
    team: Sequence[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> list[aws.eks.AccessPolicyAssociation]:
    """Per team member: `<name>-team-<slug>` access entry in TEAM_GROUP and the edit policy on TEAM_NAMESPACE."""
    grants = []
    for arn in team:
        suffix = f"{name}-team-{principal_slug(arn)}"
        entry = aws.eks.AccessEntry(
            suffix, cluster_name=cluster_name, principal_arn=arn, type=ACCESS_ENTRY_TYPE,
            kubernetes_groups=[TEAM_GROUP], tags=dict(tags), opts=opts,
        )
        grants.append(aws.eks.AccessPolicyAssociation(
            suffix,
            cluster_name=cluster_name,
            principal_arn=entry.principal_arn,
            policy_arn=TEAM_POLICY,
            access_scope=aws.eks.AccessPolicyAssociationAccessScopeArgs(
                type=SCOPE_NAMESPACE, namespaces=[TEAM_NAMESPACE]
            ),
            opts=opts,
        ))
    return grants


def team_subjects(team: Sequence[str]) -> tuple[Mapping[str, str], ...]:
    """The RBAC subject the team's access entries map into: their group, once there is a team."""
    return TEAM_SUBJECTS if team else ()
