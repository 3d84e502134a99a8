"""GKE Standard control plane, its system node pool, its declared admins, and a kubeconfig for the DNS endpoint.

Security posture (all from the plan, nothing optional): private nodes; private IP endpoint unless the blueprint
asks for a public one, authorized networks enforced on both IP endpoints; the DNS endpoint behind Google IAM;
Workload Identity; shielded nodes; Dataplane V2; Secrets encrypted in etcd with our own rotating KMS key; a
dedicated node service account; no client certificates; in prod deletion protection, `protect`, a maintenance
window and exclusion (components/gcp/access.py and maintenance.py say why).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
import pulumi_gcp as gcp

from components.gcp.access import (
    ClusterAdmins,
    ClusterAdminsArgs,
    authorized_networks,
    control_plane_endpoints,
    dns_endpoint,
    private_cluster_config,
    render_kubeconfig,
)
from components.gcp.encryption import SecretsKey, SecretsKeyArgs
from components.gcp.identity import NodeIdentity, NodeIdentityArgs
from components.gcp.maintenance import maintenance_policy
from components.gcp.node_pool import (
    CLOUD_PLATFORM_SCOPE,
    DEFAULT_DISK_TYPE,
    GKE_METADATA,
    IMAGE_TYPE,
    disk_type,
    management,
    per_zone,
    shielded,
    workload_metadata,
)
from components.plan import SYSTEM_POOL_NAME, ClusterPlan
from components.spec import Availability, Environment

RELEASE_CHANNEL: Mapping[Environment, str] = MappingProxyType(
    {Environment.DEV: "REGULAR", Environment.STAGING: "REGULAR", Environment.PROD: "STABLE"}
)
NETWORKING_MODE = "VPC_NATIVE"
DATAPATH_PROVIDER = "ADVANCED_DATAPATH"
"""Dataplane V2 (eBPF/Cilium): Kubernetes NetworkPolicy enforced without the Calico add-on."""
ENCRYPTED = "ENCRYPTED"
WORKLOAD_POOL = "{project}.svc.id.goog"
SYSTEM_DISK_GIB = 100
DEFAULT_POOL_DISK_GIB = 50
"""The throwaway default pool GKE insists on creating (removed right after): smallest sensible disk."""


@dataclass(frozen=True, kw_only=True)
class ClusterArgs:
    plan: ClusterPlan
    project: pulumi.Input[str]
    network_id: pulumi.Input[str]
    subnetwork_id: pulumi.Input[str]
    pods_range: str
    services_range: str
    depends_on: Sequence[pulumi.Resource] = ()  # the APIs the cluster's resources call


class Cluster(pulumi.ComponentResource):
    """The GKE cluster (default pool removed), its system pool, and everything the control plane needs first.

    Callers rely on: ``cluster_name``, ``endpoint`` (the DNS endpoint), ``kubeconfig`` (secret), ``location`` and
    ``node_service_account`` (for the accelerator pools), ``system_pool`` (a node pool resource to wait on) and
    ``admins.grants`` (what the first Kubernetes call needs).
    """

    identity: NodeIdentity
    secrets_key: SecretsKey
    admins: ClusterAdmins
    cluster: gcp.container.Cluster
    system_pool: gcp.container.NodePool
    cluster_name: pulumi.Output[str]
    location: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    node_service_account: pulumi.Output[str]
    master_version: pulumi.Output[str]  # the control plane's full version: every node pool runs it

    def __init__(self, name: str, args: ClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:Cluster", name, None, opts)
        plan = args.plan
        child = pulumi.ResourceOptions(parent=self)
        apis = list(args.depends_on)
        self.identity = NodeIdentity(
            f"{name}-node-sa",
            NodeIdentityArgs(cluster_name=plan.name, project=args.project, depends_on=apis),
            opts=child,
        )
        self.secrets_key = SecretsKey(
            f"{name}-secrets",
            SecretsKeyArgs(
                region=plan.region, project=args.project, tags=plan.tags, protect=plan.protect, depends_on=apis
            ),
            opts=child,
        )
        self.admins = ClusterAdmins(
            f"{name}-admins", ClusterAdminsArgs(project=args.project, admins=plan.admins, depends_on=apis), opts=child
        )
        self.cluster = _cluster(name, args, self.identity, self.secrets_key, self)
        self.system_pool = _system_pool(f"{name}-system", plan, self.cluster, self.identity, self)
        self.cluster_name = self.cluster.name
        self.location = self.cluster.location
        self.endpoint = dns_endpoint(self.cluster)
        self.node_service_account = self.identity.email
        self.master_version = self.cluster.master_version
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(self.cluster.name, self.endpoint).apply(lambda v: render_kubeconfig(v[0], v[1]))
        )
        self.register_outputs({
            "cluster_name": self.cluster_name,
            "location": self.location,
            "endpoint": self.endpoint,
            "kubeconfig": self.kubeconfig,
            "node_service_account": self.node_service_account,
        })


def cluster_location(plan: ClusterPlan) -> str:
    """Regional clusters live in the region (control plane replicated); zonal ones in their first zone."""
    return {Availability.REGIONAL: plan.region, Availability.ZONAL: plan.zones[0]}[plan.availability]


def _cluster(
    name: str, args: ClusterArgs, identity: NodeIdentity, key: SecretsKey, parent: pulumi.Resource
) -> gcp.container.Cluster:
    plan = args.plan
    location = cluster_location(plan)
    return gcp.container.Cluster(
        name,
        name=plan.name,
        location=location,
        # A zonal cluster lists only its *extra* zones here; a regional one lists all of them.
        node_locations=[z for z in plan.zones if z != location],
        min_master_version=plan.kubernetes_version,
        release_channel=gcp.container.ClusterReleaseChannelArgs(channel=RELEASE_CHANNEL[plan.environment]),
        network=args.network_id,
        subnetwork=args.subnetwork_id,
        networking_mode=NETWORKING_MODE,
        ip_allocation_policy=gcp.container.ClusterIpAllocationPolicyArgs(
            cluster_secondary_range_name=args.pods_range,
            services_secondary_range_name=args.services_range,
        ),
        datapath_provider=DATAPATH_PROVIDER,
        private_cluster_config=private_cluster_config(plan),
        control_plane_endpoints_config=control_plane_endpoints(),
        master_authorized_networks_config=authorized_networks(plan),
        master_auth=gcp.container.ClusterMasterAuthArgs(
            client_certificate_config=gcp.container.ClusterMasterAuthClientCertificateConfigArgs(
                issue_client_certificate=False
            ),
        ),
        workload_identity_config=gcp.container.ClusterWorkloadIdentityConfigArgs(
            workload_pool=pulumi.Output.from_input(args.project).apply(lambda p: WORKLOAD_POOL.format(project=p)),
        ),
        database_encryption=gcp.container.ClusterDatabaseEncryptionArgs(state=ENCRYPTED, key_name=key.key_id),
        enable_shielded_nodes=True,
        remove_default_node_pool=True,
        initial_node_count=1,
        # Only the short-lived default pool uses this; it still must not run as the Compute Engine default account.
        node_config=gcp.container.ClusterNodeConfigArgs(
            service_account=identity.email,
            oauth_scopes=[CLOUD_PLATFORM_SCOPE],
            disk_size_gb=DEFAULT_POOL_DISK_GIB,
            disk_type=DEFAULT_DISK_TYPE,
            image_type=IMAGE_TYPE,
            workload_metadata_config=gcp.container.ClusterNodeConfigWorkloadMetadataConfigArgs(mode=GKE_METADATA),
            shielded_instance_config=gcp.container.ClusterNodeConfigShieldedInstanceConfigArgs(
                enable_secure_boot=True, enable_integrity_monitoring=True
            ),
        ),
        maintenance_policy=maintenance_policy(plan),
        deletion_protection=plan.protect,
        resource_labels=dict(plan.tags),
        opts=pulumi.ResourceOptions(
            parent=parent,
            protect=plan.protect,
            depends_on=[*args.depends_on, key.grant, *identity.bindings],
            # The default pool is deleted after creation; its node_config would otherwise read back as drift
            # and force a replacement of the whole cluster.
            ignore_changes=["nodeConfig"],
        ),
    )


def _system_pool(
    name: str, plan: ClusterPlan, cluster: gcp.container.Cluster, identity: NodeIdentity, parent: pulumi.Resource
) -> gcp.container.NodePool:
    """On-demand CPU nodes for add-ons. GKE's node_count is per zone: ``ceil(nodes / zones)`` in each zone,
    so at least ``plan.system.nodes`` run in total (e.g. 2 nodes over 3 zones -> 1 per zone, 3 in all)."""
    system = plan.system
    machine_type = system.shape.machine_type
    return gcp.container.NodePool(
        name,
        name=SYSTEM_POOL_NAME,
        cluster=cluster.name,
        location=cluster.location,
        node_locations=list(system.zones),
        node_count=per_zone(system.nodes, len(system.zones)),
        version=cluster.master_version,
        management=management(),
        node_config=gcp.container.NodePoolNodeConfigArgs(
            machine_type=machine_type,
            spot=False,
            labels=dict(system.labels),
            resource_labels=dict(plan.tags),
            disk_size_gb=SYSTEM_DISK_GIB,
            disk_type=disk_type(machine_type),
            image_type=IMAGE_TYPE,
            service_account=identity.email,
            oauth_scopes=[CLOUD_PLATFORM_SCOPE],
            workload_metadata_config=workload_metadata(),
            shielded_instance_config=shielded(),
        ),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=identity.bindings),
    )
