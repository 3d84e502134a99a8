"""Azure network: the resource group every platform resource lives in, a VNet, and its subnets.

- The resource group is created here because it is the first thing every other Azure resource needs
  (Azure has no equivalent on AWS/GCP, so it has no file of its own).
- Nodes subnet: AKS nodes only. With Azure CNI overlay, pods take addresses from the cluster's pod CIDR,
  not from the VNet, so a /20 holds ~4,000 nodes. Egress goes out through a NAT gateway with one static
  public IP (outboundType userAssignedNATGateway on the cluster): a fixed address partners can allowlist,
  no per-node public IPs, and `defaultOutboundAccess` is off so nothing leaves by Azure's implicit route.
- Database subnet: delegated to Microsoft.DBforPostgreSQL/flexibleServers for the MLflow database (created
  with the services work); its NSG admits PostgreSQL from the nodes subnet only.
- Standalone Subnet resources, no inline `subnets` on the VNet: since network API 2023-11-01 a VNet PUT
  without `subnets` keeps existing subnets (pulumi/pulumi-azure-native#611, Azure networking blog
  "Azure Virtual Network now supports updates without subnet property").
- Names follow the Cloud Adoption Framework abbreviations (rg-, vnet-, snet-, nsg-, ng-, pip-).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi_azure_native import network, resources

from components.plan import ClusterPlan

VNET_CIDR = "10.64.0.0/16"
NODES_SUBNET = "snet-nodes"
NODES_CIDR = "10.64.0.0/20"
DATABASE_SUBNET = "snet-postgres"
DATABASE_CIDR = "10.64.16.0/24"
DATABASE_DELEGATION = "Microsoft.DBforPostgreSQL/flexibleServers"
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


def resource_group_name(plan: ClusterPlan) -> str:
    """One group per platform and region, so two regions of one platform never collide in a subscription."""
    return f"rg-{plan.name}-{plan.region}"


@dataclass(frozen=True, kw_only=True)
class NetworkArgs:
    plan: ClusterPlan


class Network(pulumi.ComponentResource):
    """Resource group, VNet, nodes subnet behind a NAT gateway, delegated database subnet, NSGs."""

    resource_group_name: pulumi.Output[str]
    vnet_id: pulumi.Output[str]
    nodes_subnet_id: pulumi.Output[str]
    database_subnet_id: pulumi.Output[str]
    egress_ip: pulumi.Output[str]

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:Network", name, None, opts)
        plan = args.plan
        child = pulumi.ResourceOptions(parent=self)
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
            address_space=network.AddressSpaceArgs(address_prefixes=[VNET_CIDR]),
            tags=tags,
            opts=child,
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
            opts=child,
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
            security_rules=_database_rules(),
            tags=tags,
            opts=child,
        )
        nodes = network.Subnet(
            f"{name}-nodes",
            subnet_name=NODES_SUBNET,
            resource_group_name=rg,
            virtual_network_name=vnet.name,
            address_prefix=NODES_CIDR,
            nat_gateway=network.SubResourceArgs(id=nat.id),
            network_security_group=network.NetworkSecurityGroupArgs(id=nodes_nsg.id),
            default_outbound_access=False,
            opts=child,
        )
        # Azure serialises subnet writes per VNet; chaining avoids AnotherOperationInProgress.
        database = network.Subnet(
            f"{name}-database",
            subnet_name=DATABASE_SUBNET,
            resource_group_name=rg,
            virtual_network_name=vnet.name,
            address_prefix=DATABASE_CIDR,
            delegations=[network.DelegationArgs(name=DATABASE_SUBNET, service_name=DATABASE_DELEGATION)],
            network_security_group=network.NetworkSecurityGroupArgs(id=database_nsg.id),
            default_outbound_access=False,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[nodes]),
        )
        self.resource_group_name = rg
        self.vnet_id = vnet.id
        self.nodes_subnet_id = nodes.id
        self.database_subnet_id = database.id
        self.egress_ip = egress_ip.ip_address.apply(lambda ip: ip or "")
        self.register_outputs({
            "resource_group_name": self.resource_group_name,
            "vnet_id": self.vnet_id,
            "nodes_subnet_id": self.nodes_subnet_id,
            "database_subnet_id": self.database_subnet_id,
            "egress_ip": self.egress_ip,
        })


# (name, priority, access, protocol, source, destination, destination port): inbound rules of the database
# subnet. Zone-redundant HA replicates between servers inside the delegated subnet, hence the second rule.
DATABASE_RULES: tuple[tuple[str, int, str, str, str, str, str], ...] = (
    ("allow-postgres-from-nodes", 100, ALLOW, TCP, NODES_CIDR, DATABASE_CIDR, POSTGRES_PORT),
    ("allow-postgres-within-subnet", 110, ALLOW, TCP, DATABASE_CIDR, DATABASE_CIDR, POSTGRES_PORT),
    ("deny-other-vnet-inbound", 4000, DENY, ANY, VIRTUAL_NETWORK_TAG, ANY, ANY),
)


def _database_rules() -> list[network.SecurityRuleArgs]:
    """PostgreSQL from the nodes subnet (and HA peers); other in-VNet sources denied (Azure's default allows them)."""
    return [
        network.SecurityRuleArgs(
            name=name,
            priority=priority,
            direction=INBOUND,
            access=access,
            protocol=protocol,
            source_address_prefix=source,
            source_port_range=ANY,
            destination_address_prefix=destination,
            destination_port_range=port,
        )
        for name, priority, access, protocol, source, destination, port in DATABASE_RULES
    ]
