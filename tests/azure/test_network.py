"""Resource group, VNet, subnets, NAT egress, NSGs; and every child name and parent of a full build, pinned."""

from __future__ import annotations

import pytest

from components.azure.network import AddressPlan, address_plan
from tests.azure.conftest import ADMIN, Rendered, fresh_render, plan_of, tags

NSG = "azure-native:network:NetworkSecurityGroup"
SUBNET = "azure-native:network:Subnet"
RG = "rg-mlplatform-dev-eastus"


def test_network_inputs(dev: Rendered) -> None:
    assert dev.one("azure-native:resources:ResourceGroup").inputs == {
        "resourceGroupName": RG, "location": "eastus", "tags": tags("dev")}
    assert dev.one("azure-native:network:VirtualNetwork").inputs == {
        "virtualNetworkName": "vnet-mlplatform-dev",
        "resourceGroupName": RG,
        "location": "eastus",
        "addressSpace": {"addressPrefixes": ["10.64.0.0/16"]},
        "enableDdosProtection": False,
        "enableVmProtection": False,
        "tags": tags("dev"),
    }
    assert dev.one("azure-native:network:PublicIPAddress").inputs == {
        "publicIpAddressName": "pip-mlplatform-dev-egress",
        "resourceGroupName": RG,
        "location": "eastus",
        "sku": {"name": "Standard"},
        "publicIPAllocationMethod": "Static",
        "publicIPAddressVersion": "IPv4",
        "tags": tags("dev"),
    }
    assert dev.one("azure-native:network:NatGateway").inputs == {
        "natGatewayName": "ng-mlplatform-dev",
        "resourceGroupName": RG,
        "location": "eastus",
        "sku": {"name": "Standard"},
        "idleTimeoutInMinutes": 4,
        "publicIpAddresses": [{"id": "mlplatform-network-egress-ip-id"}],
        "tags": tags("dev"),
    }


def test_nodes_leave_only_through_the_nat_and_the_database_subnet_is_delegated(dev: Rendered) -> None:
    common = {
        "resourceGroupName": RG,
        "virtualNetworkName": "vnet-mlplatform-dev",
        "defaultOutboundAccess": False,
        "privateEndpointNetworkPolicies": "Disabled",  # SDK defaults, sent as-is
        "privateLinkServiceNetworkPolicies": "Enabled",
    }
    nodes = dev.named("mlplatform-network-nodes", SUBNET)
    assert nodes.inputs == {
        **common,
        "subnetName": "snet-nodes",
        "addressPrefix": "10.64.0.0/20",
        "natGateway": {"id": "mlplatform-network-nat-id"},
        "networkSecurityGroup": {"id": "mlplatform-network-nodes-nsg-id"},
        "serviceEndpoints": [{"service": "Microsoft.Storage"}],  # the artifact account's only way in
    }
    database = dev.named("mlplatform-network-database", SUBNET)
    assert database.inputs == {
        **common,
        "subnetName": "snet-postgres",
        "addressPrefix": "10.64.16.0/24",
        "delegations": [{"name": "snet-postgres", "serviceName": "Microsoft.DBforPostgreSQL/flexibleServers"}],
        "networkSecurityGroup": {"id": "mlplatform-network-database-nsg-id"},
    }
    assert nodes.urn in database.dependencies  # one subnet write at a time per VNet
    api_server = dev.named("mlplatform-network-api-server", SUBNET)
    assert api_server.inputs == {
        **common,
        "subnetName": "snet-apiserver",
        "addressPrefix": "10.64.17.0/28",
        "delegations": [{"name": "snet-apiserver", "serviceName": "Microsoft.ContainerService/managedClusters"}],
    }
    assert database.urn in api_server.dependencies


def test_nsgs_keep_the_defaults_on_nodes_and_admit_only_postgres_to_the_database(dev: Rendered) -> None:
    nsgs = {r.name: r.inputs for r in dev.inventory.of_type(NSG)}
    assert nsgs["mlplatform-network-nodes-nsg"] == {
        "networkSecurityGroupName": "nsg-mlplatform-dev-nodes", "resourceGroupName": RG, "location": "eastus",
        "tags": tags("dev")}
    rule = {"direction": "Inbound", "sourcePortRange": "*"}
    assert nsgs["mlplatform-network-database-nsg"]["securityRules"] == [
        {**rule, "name": "allow-postgres-from-nodes", "priority": 100, "access": "Allow", "protocol": "Tcp",
         "sourceAddressPrefix": "10.64.0.0/20", "destinationAddressPrefix": "10.64.16.0/24",
         "destinationPortRange": "5432"},
        {**rule, "name": "allow-postgres-within-subnet", "priority": 110, "access": "Allow", "protocol": "Tcp",
         "sourceAddressPrefix": "10.64.16.0/24", "destinationAddressPrefix": "10.64.16.0/24",
         "destinationPortRange": "5432"},
        {**rule, "name": "deny-other-vnet-inbound", "priority": 4000, "access": "Deny", "protocol": "*",
         "sourceAddressPrefix": "VirtualNetwork", "destinationAddressPrefix": "*", "destinationPortRange": "*"},
    ]


def test_child_names_types_and_parents_are_pinned(dev: Rendered) -> None:
    """Renaming any of these replaces real infrastructure: a rename must ship with an alias."""
    tree = sorted((r.type, r.name, r.parent.rsplit("::", 1)[-1]) for r in dev.inventory)
    assert tree == sorted([
        ("mlplatform:index:Platform", "mlplatform", "mlplatform-test"),
        ("mlplatform:azure:Network", "mlplatform-network", "mlplatform"),
        ("azure-native:resources:ResourceGroup", "mlplatform-network-rg", "mlplatform-network"),
        ("azure-native:network:VirtualNetwork", "mlplatform-network", "mlplatform-network"),
        ("azure-native:network:PublicIPAddress", "mlplatform-network-egress-ip", "mlplatform-network"),
        ("azure-native:network:NatGateway", "mlplatform-network-nat", "mlplatform-network"),
        (NSG, "mlplatform-network-nodes-nsg", "mlplatform-network"),
        (NSG, "mlplatform-network-database-nsg", "mlplatform-network"),
        (SUBNET, "mlplatform-network-nodes", "mlplatform-network"),
        (SUBNET, "mlplatform-network-database", "mlplatform-network"),
        (SUBNET, "mlplatform-network-api-server", "mlplatform-network"),
        ("mlplatform:azure:ApiAccess", "mlplatform-access", "mlplatform"),
        ("azure-native:privatedns:PrivateZone", "mlplatform-access", "mlplatform-access"),
        ("azure-native:authorization:RoleAssignment", "mlplatform-cluster-dns-access", "mlplatform-cluster"),
        ("azure-native:authorization:RoleAssignment", f"mlplatform-cluster-secrets-officer-{ADMIN}",
         "mlplatform-cluster-secrets"),
        ("mlplatform:azure:ClusterAdmins", "mlplatform-admins", "mlplatform"),
        ("azure-native:authorization:RoleAssignment", f"mlplatform-admins-{ADMIN}", "mlplatform-admins"),
        ("time:index/sleep:Sleep", "mlplatform-admins-propagation", "mlplatform-admins"),
        ("mlplatform:azure:Cluster", "mlplatform-cluster", "mlplatform"),
        ("azure-native:managedidentity:UserAssignedIdentity", "mlplatform-cluster-identity", "mlplatform-cluster"),
        ("azure-native:authorization:RoleAssignment", "mlplatform-cluster-network-access", "mlplatform-cluster"),
        ("time:index/sleep:Sleep", "mlplatform-cluster-grants-propagation", "mlplatform-cluster"),
        ("mlplatform:azure:SecretsKey", "mlplatform-cluster-secrets", "mlplatform-cluster"),
        ("time:index/sleep:Sleep", "mlplatform-cluster-secrets-officers-propagation", "mlplatform-cluster-secrets"),
        ("time:index/sleep:Sleep", "mlplatform-cluster-secrets-crypto-user-propagation", "mlplatform-cluster-secrets"),
        ("azure-native:keyvault:Vault", "mlplatform-cluster-secrets", "mlplatform-cluster-secrets"),
        ("azure-native:keyvault:Key", "mlplatform-cluster-secrets-key", "mlplatform-cluster-secrets"),
        ("azure-native:authorization:RoleAssignment", "mlplatform-cluster-secrets-crypto-user",
         "mlplatform-cluster-secrets"),
        ("azure-native:authorization:RoleAssignment", "mlplatform-cluster-secrets-private-link",
         "mlplatform-cluster-secrets"),
        ("azure-native:containerservice:ManagedCluster", "mlplatform-cluster", "mlplatform-cluster"),
        ("mlplatform:azure:AcceleratorPool", "mlplatform-a100-spot", "mlplatform"),
        ("azure-native:containerservice:AgentPool", "mlplatform-a100-spot", "mlplatform-a100-spot"),
        ("pulumi:providers:kubernetes", "mlplatform-k8s", "mlplatform"),
    ])


@pytest.mark.parametrize(("cidr", "expected"), [
    ("10.64.0.0/16", AddressPlan("10.64.0.0/16", "10.64.0.0/20", "10.64.16.0/24", "10.64.17.0/28")),
    ("10.65.0.0/16", AddressPlan("10.65.0.0/16", "10.65.0.0/20", "10.65.16.0/24", "10.65.17.0/28")),
    ("172.20.0.0/18", AddressPlan("172.20.0.0/18", "172.20.0.0/22", "172.20.4.0/26", "172.20.4.64/28")),
    # The smallest range the spec accepts still gets /28s, the smallest subnet Azure and VNet integration take.
    ("192.168.16.0/20", AddressPlan("192.168.16.0/20", "192.168.16.0/24", "192.168.17.0/28", "192.168.17.16/28")),
])
def test_subnets_are_carved_from_the_stack_range(cidr: str, expected: AddressPlan) -> None:
    assert address_plan(cidr) == expected


def test_a_stack_range_moves_every_subnet_and_the_database_rules() -> None:
    built = fresh_render(plan_of("dev", network={"cidr": "10.70.0.0/16"}))
    assert built.one("azure-native:network:VirtualNetwork").inputs["addressSpace"] == {
        "addressPrefixes": ["10.70.0.0/16"]}
    prefixes = {r.name: r.inputs["addressPrefix"] for r in built.inventory.of_type(SUBNET)}
    assert prefixes == {"mlplatform-network-nodes": "10.70.0.0/20", "mlplatform-network-database": "10.70.16.0/24",
                        "mlplatform-network-api-server": "10.70.17.0/28"}
    [from_nodes, within, _] = built.named("mlplatform-network-database-nsg", NSG).inputs["securityRules"]
    assert (from_nodes["sourceAddressPrefix"], from_nodes["destinationAddressPrefix"]) == (
        "10.70.0.0/20", "10.70.16.0/24")
    assert (within["sourceAddressPrefix"], within["destinationAddressPrefix"]) == ("10.70.16.0/24", "10.70.16.0/24")


def test_prod_network_is_protected(prod: Rendered) -> None:
    protected = {(r.type, r.name) for r in prod.inventory if r.protect}
    assert {
        ("azure-native:resources:ResourceGroup", "mlplatform-network-rg"),
        ("azure-native:network:VirtualNetwork", "mlplatform-network"),
        ("azure-native:network:PublicIPAddress", "mlplatform-network-egress-ip"),
        (SUBNET, "mlplatform-network-nodes"),
        (SUBNET, "mlplatform-network-database"),
        (SUBNET, "mlplatform-network-api-server"),
        ("azure-native:privatedns:PrivateZone", "mlplatform-access"),
    } <= protected
