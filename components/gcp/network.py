"""The cluster's VPC: custom-mode network, one regional subnet carved out of ``network.cidr`` with the catalog's
pod/service ranges, Cloud NAT for private nodes, and (with ``network.hub``) this side of a peering to the hub.

Nodes have no public addresses (private cluster), so egress to the internet (container registries outside
Google, model hubs) goes through Cloud NAT; Google APIs are reached through Private Google Access. The
first deploy needs no network path at all (DNS endpoint, Google IAM): the hub peering exists only so runners
and VPN users in the hub reach the private IP endpoint and in-VPC services (docs/deploy-gcp.md).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.plan import HubPlan
from components.spec.rules_gcp import gke_ranges

PODS_RANGE = "pods"
SERVICES_RANGE = "services"
ROUTING_MODE = "REGIONAL"
NAT_IP_ALLOCATION = "AUTO_ONLY"
NAT_SOURCE = "LIST_OF_SUBNETWORKS"
NAT_ALL_RANGES = "ALL_IP_RANGES"
NAT_LOG_FILTER = "ERRORS_ONLY"


@dataclass(frozen=True)
class AddressPlan:
    """The stack network split in two: nodes take the first half, private service access (Cloud SQL's peering
    range) the third quarter, services a /20 at the start of the last quarter; pods a /15 outside it. Pods and
    services are derived from the stack's range (spec/rules_gcp.gke_ranges), so one hub can peer with every stack."""

    nodes: str
    private_services: str
    pods: str
    services: str


def address_plan(network_cidr: str) -> AddressPlan:
    net = ipaddress.IPv4Network(network_cidr)
    ranges = gke_ranges(network_cidr)
    return AddressPlan(
        nodes=str(next(net.subnets(prefixlen_diff=1))),
        private_services=str(list(net.subnets(prefixlen_diff=2))[2]),
        pods=ranges[PODS_RANGE],
        services=ranges[SERVICES_RANGE],
    )


@dataclass(frozen=True, kw_only=True)
class NetworkArgs:
    cluster_name: str
    region: str
    cidr: str
    hub: HubPlan | None = None
    protect: bool = False
    depends_on: Sequence[pulumi.Resource] = ()


class Network(pulumi.ComponentResource):
    """A custom-mode VPC (no auto subnets) with one private subnet and a NAT gateway; names carry the cluster's.

    Callers rely on: ``network_id`` and ``subnetwork_id`` (for the cluster), the secondary range names
    ``pods_range``/``services_range`` (VPC-native alias IPs), ``addresses`` (the address plan), ``project``
    (the provider's project, read back from the network so components never read stack config) and
    ``hub_peering`` (None without a hub).
    """

    network: gcp.compute.Network
    subnetwork: gcp.compute.Subnetwork
    router: gcp.compute.Router
    nat: gcp.compute.RouterNat
    hub_peering: gcp.compute.NetworkPeering | None
    addresses: AddressPlan
    network_id: pulumi.Output[str]
    subnetwork_id: pulumi.Output[str]
    pods_range: str
    services_range: str
    project: pulumi.Output[str]

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:Network", name, None, opts)
        child = pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on))
        kept = pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(protect=args.protect))
        cluster = args.cluster_name
        self.addresses = address_plan(args.cidr)
        self.network = gcp.compute.Network(
            name,
            name=cluster,
            auto_create_subnetworks=False,
            routing_mode=ROUTING_MODE,
            description=f"mlplatform network of cluster {cluster} (custom mode)",
            opts=kept,
        )
        self.subnetwork = gcp.compute.Subnetwork(
            f"{name}-subnet",
            name=f"{cluster}-nodes",
            network=self.network.id,
            region=args.region,
            ip_cidr_range=self.addresses.nodes,
            private_ip_google_access=True,
            secondary_ip_ranges=[
                gcp.compute.SubnetworkSecondaryIpRangeArgs(range_name=PODS_RANGE, ip_cidr_range=self.addresses.pods),
                gcp.compute.SubnetworkSecondaryIpRangeArgs(
                    range_name=SERVICES_RANGE, ip_cidr_range=self.addresses.services
                ),
            ],
            opts=kept,
        )
        self.router = gcp.compute.Router(
            f"{name}-router", name=f"{cluster}-router", network=self.network.id, region=args.region, opts=child
        )
        self.nat = gcp.compute.RouterNat(
            f"{name}-nat",
            name=f"{cluster}-nat",
            router=self.router.name,
            region=args.region,
            nat_ip_allocate_option=NAT_IP_ALLOCATION,
            source_subnetwork_ip_ranges_to_nat=NAT_SOURCE,
            subnetworks=[
                gcp.compute.RouterNatSubnetworkArgs(name=self.subnetwork.id, source_ip_ranges_to_nats=[NAT_ALL_RANGES])
            ],
            log_config=gcp.compute.RouterNatLogConfigArgs(enable=True, filter=NAT_LOG_FILTER),
            opts=child,
        )
        hub = args.hub
        self.hub_peering = None if hub is None else _hub_peering(f"{name}-hub", cluster, self.network, hub, child)
        self.network_id = self.network.id
        self.subnetwork_id = self.subnetwork.id
        self.pods_range = PODS_RANGE
        self.services_range = SERVICES_RANGE
        self.project = self.network.project
        self.register_outputs({
            "network_id": self.network_id,
            "subnetwork_id": self.subnetwork_id,
            "pods_range": self.pods_range,
            "services_range": self.services_range,
            "project": self.project,
        })


def _hub_peering(
    name: str, cluster: str, network: gcp.compute.Network, hub: HubPlan, opts: pulumi.ResourceOptions
) -> gcp.compute.NetworkPeering:
    """This side of the peering to the hub VPC; the hub's owners create the other side (a peering is ACTIVE
    only once both exist). Subnet routes are exchanged, custom routes are not: the hub reaches the nodes'
    subnet and the control plane's private endpoint, never what the hub imports from elsewhere."""
    return gcp.compute.NetworkPeering(
        name,
        name=f"{cluster}-to-hub",
        network=network.self_link,
        peer_network=hub.id,
        export_custom_routes=False,
        import_custom_routes=False,
        opts=opts,
    )
