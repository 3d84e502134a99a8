"""Azure network: the resource group every platform resource lives in, a VNet, and its subnets.

Addresses come from `plan.network_cidr` (a /16 to /20, unique per stack so several stacks route from one hub):
`address_plan` carves the nodes subnet (the first sixteenth), then the database and API server subnets from
the second sixteenth. With Azure CNI overlay, pods and services live outside the VNet (the catalog's
cluster ranges, which the spec keeps clear of this range).

- The resource group is created here because it is the first thing every other Azure resource needs
  (Azure has no equivalent on AWS/GCP, so it has no file of its own).
- Nodes subnet: AKS nodes only. With Azure CNI overlay, pods take addresses from the cluster's pod CIDR,
  not from the VNet, so a /20 holds ~4,000 nodes. Egress goes out through a NAT gateway with one static
  public IP (outboundType userAssignedNATGateway on the cluster): a fixed address partners can allowlist,
  no per-node public IPs, and `defaultOutboundAccess` is off so nothing leaves by Azure's implicit route.
  A Microsoft.Storage service endpoint on it is the only path the artifact account's firewall admits
  (object_store.py).
- API server subnet: delegated to Microsoft.ContainerService/managedClusters for API Server VNet Integration
  (a /28 at least; the API server's internal load balancer takes its address there), so nodes reach the API
  privately and private <-> public is an in-place change (learn.microsoft.com/azure/aks/api-server-vnet-integration).
- Database subnet: delegated to Microsoft.DBforPostgreSQL/flexibleServers for the MLflow database (created
  with the services work); its NSG admits PostgreSQL from the nodes subnet only.
- Standalone Subnet resources, no inline `subnets` on the VNet: since network API 2023-11-01 a VNet PUT
  without `subnets` keeps existing subnets (pulumi/pulumi-azure-native#611, Azure networking blog
  "Azure Virtual Network now supports updates without subnet property").
- Names follow the Cloud Adoption Framework abbreviations (rg-, vnet-, snet-, nsg-, ng-, pip-).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import network, resources

from components.plan import ClusterPlan

NODES_SUBNET = "snet-nodes"
DATABASE_SUBNET = "snet-postgres"
API_SERVER_SUBNET = "snet-apiserver"
DATABASE_DELEGATION = "Microsoft.DBforPostgreSQL/flexibleServers"
STORAGE_SERVICE_ENDPOINT = "Microsoft.Storage"
API_SERVER_DELEGATION = "Microsoft.ContainerService/managedClusters"
# Prefix lengths relative to the stack's range: nodes take 1/16 of it, the database 1/256; the smallest subnet
# Azure (and API Server VNet Integration) accepts is a /28.
NODES_SPLIT = 4
DATABASE_SPLIT = 8
SMALLEST_SUBNET = 28
POSTGRES_PORT = "5432"
SKU_STANDARD = "Standard"
IP_STATIC = "Static"
IP_V4 = "IPv4"
NAT_IDLE_TIMEOUT_MINUTES = 4
ALLOW = "Allow"
DENY = "Deny"
INBOUND = "Inbound"
TCP = "Tcp"
ANY = "*"
VIRTUAL_NETWORK_TAG = "VirtualNetwork"


@dataclass(frozen=True)
class AddressPlan:
    """The VNet range and the subnets carved from it (CIDR strings)."""

    vnet: str
    nodes: str
    database: str
    api_server: str


def address_plan(cidr: str) -> AddressPlan:
    """Nodes: the first 1/16 of the range. Database, then a /28 for the API server: the start of the second 1/16."""
    net = ipaddress.IPv4Network(cidr)
    blocks = net.subnets(new_prefix=net.prefixlen + NODES_SPLIT)
    nodes, rest = next(blocks), next(blocks)
    database = next(rest.subnets(new_prefix=min(net.prefixlen + DATABASE_SPLIT, SMALLEST_SUBNET)))
    api_server = ipaddress.IPv4Network((database.broadcast_address + 1, SMALLEST_SUBNET))
    return AddressPlan(vnet=str(net), nodes=str(nodes), database=str(database), api_server=str(api_server))


def resource_group_name(plan: ClusterPlan) -> str:
    """One group per platform and region, so two regions of one platform never collide in a subscription."""
    return f"rg-{plan.name}-{plan.region}"


@dataclass(frozen=True, kw_only=True)
class NetworkArgs:
    plan: ClusterPlan


class Network(pulumi.ComponentResource):
    """Resource group, VNet, nodes subnet behind a NAT gateway, delegated database and API server subnets, NSGs."""

    resource_group_name: pulumi.Output[str]
    vnet_id: pulumi.Output[str]
    vnet_name: pulumi.Output[str]
    nodes_subnet_id: pulumi.Output[str]
    database_subnet_id: pulumi.Output[str]
    api_server_subnet_id: pulumi.Output[str]
    egress_ip: pulumi.Output[str]
    vnet: network.VirtualNetwork

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:Network", name, None, opts)
        plan = args.plan
        addresses = address_plan(plan.network_cidr)
        child = pulumi.ResourceOptions(parent=self)
        kept = pulumi.ResourceOptions(parent=self, protect=plan.protect)
        tags = dict(plan.tags)
        group = resources.ResourceGroup(
            f"{name}-rg",
            resource_group_name=resource_group_name(plan),
            location=plan.region,
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, protect=plan.protect),
        )
        rg = group.name
        vnet = network.VirtualNetwork(
            name,
            virtual_network_name=f"vnet-{plan.name}",
            resource_group_name=rg,
            location=plan.region,
            address_space=network.AddressSpaceArgs(address_prefixes=[addresses.vnet]),
            tags=tags,
            opts=kept,
        )
        egress_ip = network.PublicIPAddress(
            f"{name}-egress-ip",
            public_ip_address_name=f"pip-{plan.name}-egress",
            resource_group_name=rg,
            location=plan.region,
            sku=network.PublicIPAddressSkuArgs(name=SKU_STANDARD),
            public_ip_allocation_method=IP_STATIC,
            public_ip_address_version=IP_V4,
            tags=tags,
            opts=kept,  # partners allowlist this address
        )
        nat = network.NatGateway(
            f"{name}-nat",
            nat_gateway_name=f"ng-{plan.name}",
            resource_group_name=rg,
            location=plan.region,
            sku=network.NatGatewaySkuArgs(name=SKU_STANDARD),
            idle_timeout_in_minutes=NAT_IDLE_TIMEOUT_MINUTES,
            public_ip_addresses=[network.SubResourceArgs(id=egress_ip.id)],
            tags=tags,
            opts=child,
        )
        nodes_nsg = network.NetworkSecurityGroup(
            f"{name}-nodes-nsg",
            network_security_group_name=f"nsg-{plan.name}-nodes",
            resource_group_name=rg,
            location=plan.region,
            tags=tags,
            opts=child,
        )
        database_nsg = network.NetworkSecurityGroup(
            f"{name}-database-nsg",
            network_security_group_name=f"nsg-{plan.name}-postgres",
            resource_group_name=rg,
            location=plan.region,
            security_rules=database_rules(addresses),
            tags=tags,
            opts=child,
        )
        nodes = network.Subnet(
            f"{name}-nodes",
            subnet_name=NODES_SUBNET,
            resource_group_name=rg,
            virtual_network_name=vnet.name,
            address_prefix=addresses.nodes,
            nat_gateway=network.SubResourceArgs(id=nat.id),
            network_security_group=network.NetworkSecurityGroupArgs(id=nodes_nsg.id),
            service_endpoints=[network.ServiceEndpointPropertiesFormatArgs(service=STORAGE_SERVICE_ENDPOINT)],
            default_outbound_access=False,
            opts=kept,
        )
        # Azure serialises subnet writes per VNet; chaining avoids AnotherOperationInProgress.
        database = network.Subnet(
            f"{name}-database",
            subnet_name=DATABASE_SUBNET,
            resource_group_name=rg,
            virtual_network_name=vnet.name,
            address_prefix=addresses.database,
            delegations=[network.DelegationArgs(name=DATABASE_SUBNET, service_name=DATABASE_DELEGATION)],
            network_security_group=network.NetworkSecurityGroupArgs(id=database_nsg.id),
            default_outbound_access=False,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[nodes], protect=plan.protect),
        )
        api_server = network.Subnet(
            f"{name}-api-server",
            subnet_name=API_SERVER_SUBNET,
            resource_group_name=rg,
            virtual_network_name=vnet.name,
            address_prefix=addresses.api_server,
            delegations=[network.DelegationArgs(name=API_SERVER_SUBNET, service_name=API_SERVER_DELEGATION)],
            default_outbound_access=False,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[database], protect=plan.protect),
        )
        self.vnet = vnet
        self.resource_group_name = rg
        self.vnet_id = vnet.id
        self.vnet_name = vnet.name
        self.nodes_subnet_id = nodes.id
        self.database_subnet_id = database.id
        self.api_server_subnet_id = api_server.id
        self.egress_ip = egress_ip.ip_address.apply(lambda ip: ip or "")
        self.register_outputs({
            "resource_group_name": self.resource_group_name,
            "vnet_id": self.vnet_id,
            "vnet_name": self.vnet_name,
            "nodes_subnet_id": self.nodes_subnet_id,
            "database_subnet_id": self.database_subnet_id,
            "api_server_subnet_id": self.api_server_subnet_id,
            "egress_ip": self.egress_ip,
        })


# (name, priority, access, protocol, source, destination, destination port) of the database subnet's inbound
# rules; "nodes"/"database" name subnets of the address plan. Zone-redundant HA replicates between servers inside
# the delegated subnet, hence the second rule.
DATABASE_RULES: tuple[tuple[str, int, str, str, str, str, str], ...] = (
    ("allow-postgres-from-nodes", 100, ALLOW, TCP, "nodes", "database", POSTGRES_PORT),
    ("allow-postgres-within-subnet", 110, ALLOW, TCP, "database", "database", POSTGRES_PORT),
    ("deny-other-vnet-inbound", 4000, DENY, ANY, VIRTUAL_NETWORK_TAG, ANY, ANY),
)


def database_rules(addresses: AddressPlan) -> list[network.SecurityRuleArgs]:
    """PostgreSQL from the nodes subnet (and HA peers); other in-VNet sources denied (Azure's default allows them)."""
    subnets = {"nodes": addresses.nodes, "database": addresses.database}
    return [
        network.SecurityRuleArgs(
            name=name,
            priority=priority,
            direction=INBOUND,
            access=access,
            protocol=protocol,
            source_address_prefix=subnets.get(source, source),
            source_port_range=ANY,
            destination_address_prefix=subnets.get(destination, destination),
            destination_port_range=port,
        )
        for name, priority, access, protocol, source, destination, port in DATABASE_RULES
    ]
