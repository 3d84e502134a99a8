"""Resource group, VNet, subnets, NAT egress, NSGs; and every child name and parent of a full build, pinned."""

from __future__ import annotations

from tests.azure.conftest import Rendered, tags

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
        ("mlplatform:azure:Cluster", "mlplatform-cluster", "mlplatform"),
        ("azure-native:managedidentity:UserAssignedIdentity", "mlplatform-cluster-identity", "mlplatform-cluster"),
        ("azure-native:authorization:RoleAssignment", "mlplatform-cluster-network-access", "mlplatform-cluster"),
        ("mlplatform:azure:SecretsKey", "mlplatform-cluster-secrets", "mlplatform-cluster"),
        ("azure-native:keyvault:Vault", "mlplatform-cluster-secrets", "mlplatform-cluster-secrets"),
        ("azure-native:keyvault:Key", "mlplatform-cluster-secrets-key", "mlplatform-cluster-secrets"),
        ("azure-native:authorization:RoleAssignment", "mlplatform-cluster-secrets-crypto-user",
         "mlplatform-cluster-secrets"),
        ("azure-native:containerservice:ManagedCluster", "mlplatform-cluster", "mlplatform-cluster"),
        ("azure-native:authorization:RoleAssignment", "mlplatform-cluster-deployer-access", "mlplatform-cluster"),
        ("mlplatform:azure:AcceleratorPool", "mlplatform-a100-spot", "mlplatform"),
        ("azure-native:containerservice:AgentPool", "mlplatform-a100-spot", "mlplatform-a100-spot"),
        ("pulumi:providers:kubernetes", "mlplatform-k8s", "mlplatform"),
    ])
