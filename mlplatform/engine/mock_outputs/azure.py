"""Mock provider outputs for azure resources (see package docstring).

Identifiers are fixed, documentation-style values: GUIDs from `uuid5` of the logical name (stable across
renders), public IPs from TEST-NET-3 (203.0.113.0/24), AKS hostnames in the real `azmk8s.io` shapes.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

Outputs = Callable[[str, Mapping[str, Any]], dict[str, Any]]

SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000001"
TENANT_ID = "00000000-0000-0000-0000-0000000000aa"
DEPLOYER_OBJECT_ID = "00000000-0000-0000-0000-0000000000bb"
DEPLOYER_CLIENT_ID = "00000000-0000-0000-0000-0000000000cc"
EGRESS_IP = "203.0.113.10"
KEY_VERSION = "0123456789abcdef0123456789abcdef"
CLUSTER_HASH = "a1b2c3d4"
CA_DATA = base64.b64encode(b"-----BEGIN CERTIFICATE-----\nmock-aks-ca\n-----END CERTIFICATE-----\n").decode()


def guid(seed: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mlplatform-mock/{seed}"))


def _named(key: str) -> Outputs:
    """Resources whose `name` output echoes one name input (or the logical name when auto-named)."""
    return lambda name, inputs: {"name": inputs.get(key, name)}


def _identity(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": inputs.get("resourceName", name),
        "principalId": guid(f"{name}/principal"),
        "clientId": guid(f"{name}/client"),
        "tenantId": TENANT_ID,
    }


def _vault(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    vault = inputs.get("vaultName", name)
    return {"name": vault, "properties": {**inputs.get("properties", {}), "vaultUri": f"https://{vault}.vault.azure.net/"}}


def _key(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    uri = f"https://{inputs.get('vaultName', 'vault')}.vault.azure.net/keys/{inputs.get('keyName', name)}"
    return {"name": inputs.get("keyName", name), "keyUri": uri, "keyUriWithVersion": f"{uri}/{KEY_VERSION}"}


def _managed_cluster(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    prefix, location = inputs.get("dnsPrefix", name), inputs.get("location", "eastus")
    identity = dict(inputs.get("identity", {}))
    # Sent as a list of identity ids, returned as a map of id -> the identity's principal and client ids.
    identity["userAssignedIdentities"] = {
        i: {"principalId": guid(f"{i}/principal"), "clientId": guid(f"{i}/client")}
        for i in identity.get("userAssignedIdentities", [])
    }
    return {
        "name": inputs.get("resourceName", name),
        "identity": identity,
        "fqdn": f"{prefix}-{CLUSTER_HASH}.hcp.{location}.azmk8s.io",
        "privateFQDN": f"{prefix}-{CLUSTER_HASH}.{guid(name)}.privatelink.{location}.azmk8s.io",
        "oidcIssuerProfile": {
            "enabled": True,
            "issuerURL": f"https://{location}.oic.prod-aks.azure.com/{TENANT_ID}/{guid(name)}/",
        },
    }


def _postgres(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    server = inputs.get("serverName", name)
    return {"name": server, "fullyQualifiedDomainName": f"{server}.postgres.database.azure.com"}


def _public_ip(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": inputs.get("publicIpAddressName", name), "ipAddress": EGRESS_IP}


def _client_config(token: str, args: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "clientId": DEPLOYER_CLIENT_ID,
        "objectId": DEPLOYER_OBJECT_ID,
        "subscriptionId": SUBSCRIPTION_ID,
        "tenantId": TENANT_ID,
    }


def _user_credentials(token: str, args: Mapping[str, Any]) -> dict[str, Any]:
    """The shape AKS returns for an Entra-enabled cluster: CA and server, no client secret."""
    cluster = args.get("resourceName", "cluster")
    config = (
        "apiVersion: v1\nkind: Config\n"
        f"clusters:\n- cluster:\n    certificate-authority-data: {CA_DATA}\n"
        f"    server: https://{cluster}-{CLUSTER_HASH}.hcp.eastus.azmk8s.io:443\n  name: {cluster}\n"
        f"users:\n- name: clusterUser_{cluster}\n  user:\n    exec:\n      command: kubelogin\n"
    )
    return {"kubeconfigs": [{"name": "clusterUser", "value": base64.b64encode(config.encode()).decode()}]}


OUTPUTS: Mapping[str, Outputs] = MappingProxyType({
    "azure-native:resources:ResourceGroup": _named("resourceGroupName"),
    "azure-native:network:VirtualNetwork": _named("virtualNetworkName"),
    "azure-native:network:Subnet": _named("subnetName"),
    "azure-native:network:NetworkSecurityGroup": _named("networkSecurityGroupName"),
    "azure-native:network:NatGateway": _named("natGatewayName"),
    "azure-native:network:PublicIPAddress": _public_ip,
    "azure-native:managedidentity:UserAssignedIdentity": _identity,
    "azure-native:keyvault:Vault": _vault,
    "azure-native:keyvault:Key": _key,
    "azure-native:containerservice:ManagedCluster": _managed_cluster,
    "azure-native:containerservice:AgentPool": _named("agentPoolName"),
    "azure-native:privatedns:PrivateZone": _named("privateZoneName"),
    "azure-native:storage:StorageAccount": _named("accountName"),
    "azure-native:storage:BlobContainer": _named("containerName"),
    "azure-native:dbforpostgresql:Server": _postgres,
})
INVOKES: Mapping[str, Outputs] = MappingProxyType({
    "azure-native:authorization:getClientConfig": _client_config,
    "azure-native:containerservice:listManagedClusterUserCredentials": _user_credentials,
})
