"""The AKS control plane, its identity and role assignments, the system pool, KMS, the kubeconfig and the handle."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping

from components.azure.cluster import authorized_ranges
from mlplatform.engine.mock_outputs.azure import (
    CA_DATA,
    DEPLOYER_OBJECT_ID,
    EGRESS_IP,
    SUBSCRIPTION_ID,
    TENANT_ID,
    guid,
)
from tests.azure.conftest import ADMIN, PLATFORM_URN, VERSION, Rendered, fresh_render, plan_of, tags

CLUSTER = "azure-native:containerservice:ManagedCluster"
ROLE = "azure-native:authorization:RoleAssignment"
SLEEP = "time:index/sleep:Sleep"
IDENTITY = "azure-native:managedidentity:UserAssignedIdentity"
VAULT = "azure-native:keyvault:Vault"
KEY = "azure-native:keyvault:Key"
URN = "urn:pulumi:test::mlplatform::"
CLUSTER_COMPONENT = f"{URN}mlplatform:index:Platform$mlplatform:azure:Cluster::mlplatform-cluster"
SECRETS_COMPONENT = f"{URN}mlplatform:azure:Cluster$mlplatform:azure:SecretsKey::mlplatform-cluster-secrets"
PRINCIPAL = guid("mlplatform-cluster-identity/principal")
ROLES = f"/subscriptions/{SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions"


def cluster_inputs(env: str, *, vault: str, api: Mapping[str, object], tier: str, nodes: int) -> dict[str, object]:
    return {
        "resourceName": f"mlplatform-{env}",
        "resourceGroupName": f"rg-mlplatform-{env}-eastus",
        "location": "eastus",
        "dnsPrefix": f"mlplatform-{env}",
        "kubernetesVersion": VERSION,
        "nodeResourceGroup": f"rg-mlplatform-{env}-eastus-nodes",
        "sku": {"name": "Base", "tier": tier},
        "identity": {"type": "UserAssigned", "userAssignedIdentities": ["mlplatform-cluster-identity-id"]},
        "aadProfile": {"managed": True, "enableAzureRBAC": True},
        "enableRBAC": True,
        "disableLocalAccounts": True,
        "apiServerAccessProfile": api,
        "oidcIssuerProfile": {"enabled": True},
        "securityProfile": {
            "workloadIdentity": {"enabled": True},
            "azureKeyVaultKms": {
                "enabled": True,
                "keyId": f"https://{vault}.vault.azure.net/keys/aks-kms/0123456789abcdef0123456789abcdef",
                "keyVaultNetworkAccess": "Public",
            },
        },
        "networkProfile": {
            "networkPlugin": "azure",
            "networkPluginMode": "overlay",
            "networkDataplane": "cilium",
            "networkPolicy": "cilium",
            "podCidr": "10.240.0.0/12",
            "serviceCidr": "172.16.0.0/16",
            "dnsServiceIP": "172.16.0.10",
            "outboundType": "userAssignedNATGateway",
            "loadBalancerSku": "standard",
        },
        "autoUpgradeProfile": {"upgradeChannel": "patch", "nodeOSUpgradeChannel": "NodeImage"},
        "agentPoolProfiles": [{
            "name": "system",
            "mode": "System",
            "type": "VirtualMachineScaleSets",
            "osType": "Linux",
            "osSKU": "Ubuntu",
            "vmSize": "Standard_D8s_v5",
            "count": nodes,
            "enableAutoScaling": False,
            "scaleSetPriority": "Regular",
            "availabilityZones": ["1", "2", "3"],
            "osDiskType": "Managed",
            "osDiskSizeGB": 128,
            "vnetSubnetID": "mlplatform-network-nodes-id",
            "nodeLabels": {"mlplatform.io/pool": "system"},
            "tags": tags(env),
        }],
        "tags": tags(env),
    }


API_SUBNET = "mlplatform-network-api-server-id"
PRIVATE = {"enableVnetIntegration": True, "subnetId": API_SUBNET, "enablePrivateCluster": True,
           "enablePrivateClusterPublicFQDN": False, "privateDNSZone": "mlplatform-access-id"}


def test_dev_cluster_is_private_entra_only_with_workload_identity_and_kms(dev: Rendered) -> None:
    cluster = dev.named("mlplatform-cluster", CLUSTER)
    vault = dev.one(VAULT).inputs["vaultName"]
    assert cluster.inputs == cluster_inputs("dev", vault=vault, api=PRIVATE, tier="Free", nodes=2)
    assert cluster.parent == CLUSTER_COMPONENT
    assert not cluster.protect
    # The system pool is never spot and carries no custom taint (it also hosts the platform's operators).
    [system] = cluster.inputs["agentPoolProfiles"]
    assert "scaleSetEvictionPolicy" not in system and "spotMaxPrice" not in system and "nodeTaints" not in system


def test_prod_cluster_is_standard_tier_protected_and_spans_three_zones(prod: Rendered) -> None:
    cluster = prod.named("mlplatform-cluster", CLUSTER)
    vault = prod.one(VAULT).inputs["vaultName"]
    assert cluster.inputs == cluster_inputs("prod", vault=vault, api=PRIVATE, tier="Standard", nodes=3)
    assert cluster.protect
    assert prod.one(VAULT).protect and prod.one(KEY).protect
    assert prod.named("mlplatform-network-rg", "azure-native:resources:ResourceGroup").protect
    assert prod.one(IDENTITY).protect


def test_public_endpoint_is_limited_to_the_blueprint_allowlist_and_the_nodes_egress_ip() -> None:
    # Nodes of a public cluster reach the API server through the NAT gateway; AKS authorizes only a load
    # balancer's outbound IPs by itself, so without the NAT IP the nodes could never register.
    cidrs = ["198.51.100.0/24", "192.0.2.7/32"]
    public = fresh_render(plan_of("dev", endpoint={"public": True, "allowedCidrs": cidrs}))
    cluster = public.named("mlplatform-cluster", CLUSTER)
    assert cluster.inputs["apiServerAccessProfile"] == {
        "enableVnetIntegration": True, "subnetId": API_SUBNET,
        "enablePrivateCluster": False, "authorizedIPRanges": [*cidrs, f"{EGRESS_IP}/32"]}
    # No private zone and no grant on one: a public cluster resolves through Azure's public DNS.
    assert not public.inventory.of_type("azure-native:privatedns:PrivateZone")
    assert "mlplatform-cluster-dns-access" not in {r.name for r in public.inventory.of_type(ROLE)}
    assert public.values["endpoint"] == "mlplatform-dev-a1b2c3d4.hcp.eastus.azmk8s.io"


def test_the_egress_ip_is_authorized_once_even_when_the_allowlist_names_it() -> None:
    assert authorized_ranges(["192.0.2.7/32", f"{EGRESS_IP}/32"], EGRESS_IP) == ["192.0.2.7/32", f"{EGRESS_IP}/32"]
    assert authorized_ranges([], EGRESS_IP) == [f"{EGRESS_IP}/32"]


def test_prod_secrets_key_lives_in_an_rbac_purge_protected_vault_only_the_cluster_may_use(prod: Rendered) -> None:
    vault = prod.one(VAULT)
    assert vault.inputs == {
        "vaultName": f"kv-mlplatform-p-{PRINCIPAL.replace('-', '')[:8]}",
        "resourceGroupName": "rg-mlplatform-prod-eastus",
        "location": "eastus",
        "properties": {
            "tenantId": TENANT_ID,
            "sku": {"family": "A", "name": "standard"},
            "enableRbacAuthorization": True,
            "enablePurgeProtection": True,
            "enableSoftDelete": True,
            "softDeleteRetentionInDays": 90,
            "enabledForDeployment": False,
            "enabledForDiskEncryption": False,
            "enabledForTemplateDeployment": False,
            "publicNetworkAccess": "Enabled",
        },
        "tags": tags("prod"),
    }
    assert len(vault.inputs["vaultName"]) <= 24
    assert prod.one(KEY).inputs == {
        "keyName": "aks-kms",
        "vaultName": vault.inputs["vaultName"],
        "resourceGroupName": "rg-mlplatform-prod-eastus",
        "properties": {"kty": "RSA", "keySize": 2048, "keyOps": ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
                       "attributes": {"enabled": True, "exportable": False}},
        "tags": tags("prod"),
    }
    officer = prod.named(f"mlplatform-cluster-secrets-officer-{ADMIN}", ROLE)
    assert officer.inputs == {
        "scope": "mlplatform-cluster-secrets-id",
        "roleDefinitionId": f"{ROLES}/14b46e9e-c2b7-41b4-b07b-48a6ebf60603",  # Key Vault Crypto Officer
        "principalId": ADMIN,
    }
    # azure-native deletes a key through the data plane: the key goes before the admins' grant on destroy (through
    # the grant's propagation wait, tests/azure/test_propagation.py).
    officers_wait = prod.named("mlplatform-cluster-secrets-officers-propagation", SLEEP)
    assert officer.urn in officers_wait.dependencies and officers_wait.urn in prod.one(KEY).dependencies
    crypto = prod.named("mlplatform-cluster-secrets-crypto-user", ROLE)
    assert crypto.inputs == {
        "scope": "mlplatform-cluster-secrets-id",
        "roleDefinitionId": f"{ROLES}/12338af0-0e69-4776-bea7-57ae8d297424",  # Key Vault Crypto User
        "principalId": PRINCIPAL,
        "principalType": "ServicePrincipal",
    }
    assert crypto.parent == vault.parent == SECRETS_COMPONENT
    # The cluster is created only after its identity may use the key and join the subnet, both propagated.
    deps = prod.named("mlplatform-cluster", CLUSTER).dependencies
    assert prod.named("mlplatform-cluster-secrets-crypto-user-propagation", SLEEP).urn in deps
    assert prod.named("mlplatform-cluster-grants-propagation", SLEEP).urn in deps


def test_identities_get_least_privilege_roles_and_no_secret(dev: Rendered) -> None:
    identity = dev.one(IDENTITY)
    assert identity.inputs == {"resourceName": "id-mlplatform-dev-control-plane", "resourceGroupName":
                               "rg-mlplatform-dev-eastus", "location": "eastus", "tags": tags("dev")}
    roles = {r.name: r.inputs for r in dev.inventory.of_type(ROLE)}
    assert roles == {
        # The VNet: its subnets (nodes, API server) and the link AKS adds from the private zone to it.
        "mlplatform-cluster-network-access": {
            "scope": "mlplatform-network-id",
            "roleDefinitionId": f"{ROLES}/4d97b98b-1d4f-4787-a291-c67834d212e7",  # Network Contributor
            "principalId": PRINCIPAL,
            "principalType": "ServicePrincipal",
        },
        "mlplatform-cluster-dns-access": {
            "scope": "mlplatform-access-id",
            "roleDefinitionId": f"{ROLES}/b12aa53e-6015-4669-85d0-8515ebb3ae7f",  # Private DNS Zone Contributor
            "principalId": PRINCIPAL,
            "principalType": "ServicePrincipal",
        },
        "mlplatform-cluster-secrets-crypto-user": roles["mlplatform-cluster-secrets-crypto-user"],
        f"mlplatform-cluster-secrets-officer-{ADMIN}": roles[f"mlplatform-cluster-secrets-officer-{ADMIN}"],
        f"mlplatform-admins-{ADMIN}": roles[f"mlplatform-admins-{ADMIN}"],
    }
    # Nothing is granted to whoever runs `pulumi up`: only declared admins.
    assert DEPLOYER_OBJECT_ID not in {r["principalId"] for r in roles.values()}
    grants_wait = dev.named("mlplatform-cluster-grants-propagation", SLEEP)
    assert {dev.named(n, ROLE).urn for n in ("mlplatform-cluster-network-access", "mlplatform-cluster-dns-access")} \
        <= set(grants_wait.dependencies)
    assert grants_wait.urn in dev.named("mlplatform-cluster", CLUSTER).dependencies
    assert "servicePrincipalProfile" not in dev.named("mlplatform-cluster", CLUSTER).inputs


def test_kubeconfig_is_secret_and_authenticates_only_through_kubelogin(dev: Rendered) -> None:
    assert dev.values["kubeconfig_secret"] is True
    config = json.loads(dev.values["kubeconfig"])
    endpoint = f"mlplatform-dev-a1b2c3d4.{guid('mlplatform-cluster')}.privatelink.eastus.azmk8s.io"
    assert dev.values["endpoint"] == endpoint
    assert config["clusters"] == [{"name": "mlplatform-dev", "cluster": {
        "server": f"https://{endpoint}:443", "certificate-authority-data": CA_DATA}}]
    assert base64.b64decode(config["clusters"][0]["cluster"]["certificate-authority-data"]).startswith(b"-----BEGIN")
    assert config["users"] == [{"name": "mlplatform-dev", "user": {"exec": {
        "apiVersion": "client.authentication.k8s.io/v1beta1",
        "command": "kubelogin",
        "args": ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
        "interactiveMode": "Never",
        "provideClusterInfo": False,
    }}}]
    assert config["current-context"] == "mlplatform-dev"
    # No admin credentials are ever fetched (local accounts are disabled anyway).
    assert dev.invokes == ["azure-native:authorization:getClientConfig",
                           "azure-native:containerservice:listManagedClusterUserCredentials"]


def test_k8s_provider_waits_for_the_admins_role_propagation_and_never_sees_plain_kubeconfig(dev: Rendered) -> None:
    provider = dev.one("pulumi:providers:kubernetes")
    assert provider.name == "mlplatform-k8s"
    assert provider.parent == PLATFORM_URN
    assert provider.inputs == {"kubeconfig": "[secret]", "enableServerSideApply": "true", "deleteUnreachable": "false"}
    wait = dev.named("mlplatform-admins-propagation", "time:index/sleep:Sleep")
    assert wait.urn in provider.dependencies
    # No hub in this blueprint: the role wait is all the API needs; the handle hands it to every in-cluster step.
    assert [type(r).__name__ for r in dev.handle.api_ready] == ["Sleep"]
    handle = dev.handle
    assert dev.values["name"] == "mlplatform-dev"
    assert dict(handle.system_node_selector) == {"mlplatform.io/pool": "system"}
    assert [r._name for r in handle.nodes_ready] == ["mlplatform-cluster"]  # its system pool; not the accelerator pool
