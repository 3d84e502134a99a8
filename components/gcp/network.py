"""The cluster's VPC: custom-mode network, one regional subnet with pod/service ranges, Cloud NAT for private nodes.

Nodes have no public addresses (private cluster), so egress to the internet (container registries outside
Google, model hubs) goes through Cloud NAT; Google APIs are reached through Private Google Access.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

NODES_CIDR = "10.0.0.0/20"
"""Primary range of the subnet: node (VM) addresses, 4k nodes."""
PODS_CIDR = "10.16.0.0/14"
"""Secondary range for pod IPs (VPC-native): 256k addresses, a /24 per node at 110 pods per node."""
SERVICES_CIDR = "10.20.0.0/20"
"""Secondary range for ClusterIP services."""
PODS_RANGE = "pods"
SERVICES_RANGE = "services"
ROUTING_MODE = "REGIONAL"
NAT_IP_ALLOCATION = "AUTO_ONLY"
NAT_SOURCE = "LIST_OF_SUBNETWORKS"
NAT_ALL_RANGES = "ALL_IP_RANGES"
NAT_LOG_FILTER = "ERRORS_ONLY"


@dataclass(frozen=True, kw_only=True)
class NetworkArgs:
    region: str


class Network(pulumi.ComponentResource):
    """A custom-mode VPC (no auto subnets) with one private subnet and a NAT gateway.

    Callers rely on: ``network_id`` and ``subnetwork_id`` (for the cluster), the secondary range names
    ``pods_range``/``services_range`` (VPC-native alias IPs), and ``project`` (the provider's project,
    read back from the network so components never read stack config).
    """

    network: gcp.compute.Network
    subnetwork: gcp.compute.Subnetwork
    router: gcp.compute.Router
    nat: gcp.compute.RouterNat
    network_id: pulumi.Output[str]
    subnetwork_id: pulumi.Output[str]
    pods_range: str
    services_range: str
    project: pulumi.Output[str]

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:Network", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.network = gcp.compute.Network(
            name,
            auto_create_subnetworks=False,
            routing_mode=ROUTING_MODE,
            description="mlplatform cluster network (custom mode)",
            opts=child,
        )
        self.subnetwork = gcp.compute.Subnetwork(
            f"{name}-subnet",
            network=self.network.id,
            region=args.region,
            ip_cidr_range=NODES_CIDR,
            private_ip_google_access=True,
            secondary_ip_ranges=[
                gcp.compute.SubnetworkSecondaryIpRangeArgs(range_name=PODS_RANGE, ip_cidr_range=PODS_CIDR),
                gcp.compute.SubnetworkSecondaryIpRangeArgs(range_name=SERVICES_RANGE, ip_cidr_range=SERVICES_CIDR),
            ],
            opts=child,
        )
        self.router = gcp.compute.Router(f"{name}-router", network=self.network.id, region=args.region, opts=child)
        self.nat = gcp.compute.RouterNat(
            f"{name}-nat",
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
