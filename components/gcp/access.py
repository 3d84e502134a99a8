"""How people, CI and the Pulumi program reach a GKE control plane, and who administers it.

The first `pulumi up` reaches the API through the DNS-based endpoint: a Google-fronted name authorized by
Google IAM (``container.clusters.connect``), so no network path has to exist before the cluster does. The
IP endpoints stay on for nodes and for the hub / ``privateAccessCidrs``, with authorized networks enforced on
the private endpoint too. Admins are declared: each gets ``roles/container.admin`` through an additive
``IAMMember`` (never an authoritative policy), so whoever runs `up` next changes no grant.

Why IAM and not a Kubernetes ClusterRoleBinding: a binding is an in-cluster object, so the first run would
need access before it could grant access; Google groups in RBAC need Google Groups for RBAC set up per domain;
and the DNS endpoint checks IAM anyway. GKE authorizes an allowed IAM call before RBAC, so the IAM role is
the whole grant. It is project-wide: one project per stack keeps it to this cluster (docs/deploy-gcp.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.plan import ClusterPlan

CLUSTER_ADMIN_ROLE = "roles/container.admin"
TEAM_ROLE = "roles/container.clusterViewer"
"""What the ML team holds in IAM: get the cluster and its credentials and connect through the DNS endpoint
(container.clusters.get/list/connect), and no Kubernetes object permission beyond what GKE grants every
authenticated user; their rights in the cluster come from RBAC RoleBindings in the team namespace
to ``team_subjects``, written by the in-cluster layer. Source:
https://cloud.google.com/kubernetes-engine/docs/how-to/role-based-access-control (IAM and RBAC combine)."""
RBAC_API_GROUP = "rbac.authorization.k8s.io"
# IAM member prefix -> the RBAC subject kind GKE authenticates it as: users and service accounts by their email;
# Google Groups only through Google Groups for RBAC (the group must be a member of gke-security-groups@<domain>
# and the cluster configured with it; docs/deploy-gcp.md).
SUBJECT_KINDS = {"user": "User", "serviceAccount": "User", "group": "Group"}
AUTH_PLUGIN = "gke-gcloud-auth-plugin"
AUTH_ARGS = ("--use_application_default_credentials",)
"""The plugin then signs in with Application Default Credentials, the identity the Pulumi gcp provider uses,
not whatever account `gcloud config` has active."""
AUTH_API_VERSION = "client.authentication.k8s.io/v1beta1"
AUTH_INSTALL_HINT = (
    "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin "
    "(https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin)"
)


def admitted_cidrs(plan: ClusterPlan) -> tuple[str, ...]:
    """Ranges admitted to the IP endpoints: the public allowlist, private access ranges and the hub's ranges."""
    hub = plan.hub.cidrs if plan.hub is not None else ()
    return tuple(dict.fromkeys((*plan.authorized_cidrs, *plan.private_access_cidrs, *hub)))


def global_access(plan: ClusterPlan) -> bool:
    """Private endpoint reachable from every region of the VPC (and peered hub) when private ranges are admitted:
    a runner or VPN gateway may sit in another region than the cluster."""
    return bool(plan.private_access_cidrs) or plan.hub is not None


def private_cluster_config(plan: ClusterPlan) -> gcp.container.ClusterPrivateClusterConfigArgs:
    return gcp.container.ClusterPrivateClusterConfigArgs(
        enable_private_nodes=True,
        enable_private_endpoint=not plan.public_endpoint,
        master_global_access_config=gcp.container.ClusterPrivateClusterConfigMasterGlobalAccessConfigArgs(
            enabled=global_access(plan)
        ),
    )


def authorized_networks(plan: ClusterPlan) -> gcp.container.ClusterMasterAuthorizedNetworksConfigArgs:
    """Enforced on the private endpoint as well: without it any address routed into the VPC reaches the API."""
    return gcp.container.ClusterMasterAuthorizedNetworksConfigArgs(
        cidr_blocks=[
            gcp.container.ClusterMasterAuthorizedNetworksConfigCidrBlockArgs(cidr_block=c, display_name=c)
            for c in admitted_cidrs(plan)
        ],
        gcp_public_cidrs_access_enabled=False,
        private_endpoint_enforcement_enabled=True,
    )


def control_plane_endpoints() -> gcp.container.ClusterControlPlaneEndpointsConfigArgs:
    """DNS endpoint open to IAM-authorized callers from anywhere; Kubernetes service-account tokens and client
    certificates are refused on it, so only Google identities get through."""
    return gcp.container.ClusterControlPlaneEndpointsConfigArgs(
        dns_endpoint_config=gcp.container.ClusterControlPlaneEndpointsConfigDnsEndpointConfigArgs(
            allow_external_traffic=True, enable_k8s_tokens_via_dns=False, enable_k8s_certs_via_dns=False
        ),
        ip_endpoints_config=gcp.container.ClusterControlPlaneEndpointsConfigIpEndpointsConfigArgs(enabled=True),
    )


def dns_endpoint(cluster: gcp.container.Cluster) -> pulumi.Output[str]:
    """The cluster's DNS name (gke-<id>.<location>.gke.goog); empty means the provider returned none."""

    def pick(config: gcp.container.outputs.ClusterControlPlaneEndpointsConfig | None) -> str:
        dns = config.dns_endpoint_config if config is not None else None
        if dns is None or not dns.endpoint:
            raise ValueError("GKE returned no DNS endpoint; controlPlaneEndpointsConfig.dnsEndpointConfig is required")
        return dns.endpoint

    return cluster.control_plane_endpoints_config.apply(pick)


def render_kubeconfig(cluster_name: str, dns_name: str) -> str:
    """A kubeconfig (JSON is valid YAML) for the DNS endpoint: its certificate is publicly trusted, so no CA data;
    the user runs gke-gcloud-auth-plugin with ADC (short-lived tokens, nothing secret stored)."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": cluster_name, "cluster": {"server": f"https://{dns_name}"}}],
            "contexts": [{"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}],
            "current-context": cluster_name,
            "users": [
                {
                    "name": cluster_name,
                    "user": {
                        "exec": {
                            "apiVersion": AUTH_API_VERSION,
                            "command": AUTH_PLUGIN,
                            "args": list(AUTH_ARGS),
                            "installHint": AUTH_INSTALL_HINT,
                            "provideClusterInfo": True,
                            "interactiveMode": "Never",
                        }
                    },
                }
            ],
        },
        indent=2,
    )


def principal_slug(principal: str) -> str:
    """'group:platform-admins@example.com' -> 'group-platform-admins-example-com': a stable logical-name part."""
    return re.sub(r"[^a-z0-9]+", "-", principal.lower()).strip("-")


@dataclass(frozen=True, kw_only=True)
class ClusterAdminsArgs:
    project: pulumi.Input[str]
    admins: Sequence[str]
    depends_on: Sequence[pulumi.Resource] = ()


class ClusterAdmins(pulumi.ComponentResource):
    """``roles/container.admin`` for each declared admin, named by principal so reordering the list replaces nothing.

    Callers rely on ``grants``: every in-cluster resource depends on them (``ClusterHandle.api_ready``).
    """

    grants: list[gcp.projects.IAMMember]

    def __init__(self, name: str, args: ClusterAdminsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:ClusterAdmins", name, None, opts)
        child = pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on))
        self.grants = [
            gcp.projects.IAMMember(
                f"{name}-{principal_slug(admin)}",
                project=args.project,
                role=CLUSTER_ADMIN_ROLE,
                member=admin,
                opts=child,
            )
            for admin in args.admins
        ]
        self.register_outputs({})


@dataclass(frozen=True, kw_only=True)
class TeamAccessArgs:
    project: pulumi.Input[str]
    team: Sequence[str]
    depends_on: Sequence[pulumi.Resource] = ()


class TeamAccess(pulumi.ComponentResource):
    """``roles/container.clusterViewer`` for each team member (never container.developer or admin, which are
    project-wide Kubernetes rights); what they may do in the cluster is RBAC, in the team namespace."""

    grants: list[gcp.projects.IAMMember]

    def __init__(self, name: str, args: TeamAccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:TeamAccess", name, None, opts)
        child = pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on))
        self.grants = [
            gcp.projects.IAMMember(
                f"{name}-{principal_slug(member)}", project=args.project, role=TEAM_ROLE, member=member, opts=child
            )
            for member in args.team
        ]
        self.register_outputs({})


def team_subjects(team: Sequence[str]) -> tuple[dict[str, str], ...]:
    """`user:alice@example.com` -> User alice@example.com, the name GKE authenticates the principal as."""
    subjects = []
    for member in team:
        kind, _, email = member.partition(":")
        subjects.append({"kind": SUBJECT_KINDS[kind], "name": email, "apiGroup": RBAC_API_GROUP})
    return tuple(subjects)

