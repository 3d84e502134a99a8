"""Which input changes force a replacement, and which resources hold state: a table, not the engine's diff.

Pulumi decides replacement from the provider's diff at `pulumi preview` time; offline there is no
provider, so `diff` reads this table of create-only inputs instead. Each row names the input paths
(wire names, as in the inventory export) whose change makes the provider replace the resource, where
that fact comes from, and the date of that source. A type without a row is never called a replacement
here (its changes are listed as changes): the table errs toward under-reporting for types it does not
know, so a reviewer still reads `pulumi preview` before `pulumi up`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

TF_AWS = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service"
TF_GOOGLE = "https://github.com/hashicorp/terraform-provider-google/blob/main/google/services"
AKS_DOCS = "https://learn.microsoft.com/azure/aks"


@dataclass(frozen=True)
class ReplaceRule:
    """Create-only input paths (a change at or under one replaces) and why losing the resource loses state."""

    paths: tuple[str, ...]
    source: str
    as_of: str
    stateful: str | None = None


CLUSTER_STATE = "the cluster's workloads, its etcd state and every in-cluster install"
KEY_STATE = "every secret and disk encrypted with the key"
BUCKET_STATE = "every object in it"
DATABASE_STATE = "the database (MLflow runs and registry) unless restored from a snapshot"

REPLACE_RULES: Mapping[str, ReplaceRule] = MappingProxyType({
    "aws:eks/cluster:Cluster": ReplaceRule(
        ("name", "roleArn", "accessConfig.bootstrapClusterCreatorAdminPermissions", "bootstrapSelfManagedAddons",
         "kubernetesNetworkConfig.ipFamily", "kubernetesNetworkConfig.serviceIpv4Cidr", "remoteNetworkConfig",
         "outpostConfig"),
        f"{TF_AWS}/eks/cluster.go (ForceNew)", "2026-11", CLUSTER_STATE),
    "aws:eks/nodeGroup:NodeGroup": ReplaceRule(
        ("amiType", "capacityType", "clusterName", "diskSize", "instanceTypes", "launchTemplate.id",
         "launchTemplate.name", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "remoteAccess", "subnetIds"),
        f"{TF_AWS}/eks/node_group.go (ForceNew)", "2026-11"),
    "aws:kms/key:Key": ReplaceRule(
        ("customerMasterKeySpec", "customKeyStoreId", "keyUsage"),
        f"{TF_AWS}/kms/key.go (ForceNew)", "2026-11", KEY_STATE),
    "aws:s3/bucket:Bucket": ReplaceRule(
        ("bucket", "bucketPrefix"), f"{TF_AWS}/s3/bucket.go (ForceNew)", "2026-11", BUCKET_STATE),
    "aws:s3/bucketV2:BucketV2": ReplaceRule(
        ("bucket", "bucketPrefix"), f"{TF_AWS}/s3/bucket.go (ForceNew)", "2026-11", BUCKET_STATE),
    "aws:rds/instance:Instance": ReplaceRule(
        ("identifier", "identifierPrefix", "engine", "storageEncrypted"),
        f"{TF_AWS}/rds/instance.go (ForceNew)", "2026-11", DATABASE_STATE),
    "gcp:container/cluster:Cluster": ReplaceRule(
        ("name", "location", "project"),
        f"{TF_GOOGLE}/container/resource_container_cluster.go (ForceNew)", "2026-11", CLUSTER_STATE),
    "gcp:container/nodePool:NodePool": ReplaceRule(
        ("name", "namePrefix", "location", "cluster", "project", "placementPolicy",
         "nodeConfig.machineType", "nodeConfig.guestAccelerators", "nodeConfig.spot", "nodeConfig.preemptible",
         "nodeConfig.diskSizeGb", "nodeConfig.diskType", "nodeConfig.localSsdCount", "nodeConfig.serviceAccount",
         "nodeConfig.oauthScopes", "nodeConfig.reservationAffinity", "nodeConfig.shieldedInstanceConfig",
         "nodeConfig.bootDiskKmsKey", "nodeConfig.ephemeralStorageLocalSsdConfig", "nodeConfig.metadata",
         "nodeConfig.taints"),
        f"{TF_GOOGLE}/container/node_config.go and resource_container_node_pool.go (ForceNew)", "2026-11"),
    "gcp:kms/keyRing:KeyRing": ReplaceRule(
        ("name", "location", "project"), f"{TF_GOOGLE}/kms/resource_kms_key_ring.go (ForceNew)", "2026-11",
        KEY_STATE),
    "gcp:kms/cryptoKey:CryptoKey": ReplaceRule(
        ("name", "keyRing", "purpose", "skipInitialVersionCreation", "importOnly"),
        f"{TF_GOOGLE}/kms/resource_kms_crypto_key.go (ForceNew)", "2026-11", KEY_STATE),
    "gcp:storage/bucket:Bucket": ReplaceRule(
        ("name", "location", "project"), f"{TF_GOOGLE}/storage/resource_storage_bucket.go (ForceNew)", "2026-11",
        BUCKET_STATE),
    "gcp:sql/databaseInstance:DatabaseInstance": ReplaceRule(
        ("name", "region", "project", "encryptionKeyName"),
        f"{TF_GOOGLE}/sql/resource_sql_database_instance.go (ForceNew)", "2026-11", DATABASE_STATE),
    "azure-native:containerservice:ManagedCluster": ReplaceRule(
        ("resourceName", "resourceGroupName", "location", "dnsPrefix", "apiServerAccessProfile.enablePrivateCluster",
         "apiServerAccessProfile.privateDNSZone"),
        "azure-native ManagedCluster: name, group, location and DNS prefix are create-only; private <-> public and "
        "the private DNS zone replace the cluster (components/azure/cluster.py CREATE_ONLY; azurerm "
        "private_cluster_enabled ForceNew, hashicorp/terraform-provider-azurerm#22767)", "2026-11", CLUSTER_STATE),
    "azure-native:containerservice:AgentPool": ReplaceRule(
        ("agentPoolName", "resourceName", "resourceGroupName", "vmSize", "osDiskSizeGB", "osDiskType", "osType",
         "osSKU", "scaleSetPriority", "scaleSetEvictionPolicy", "availabilityZones", "vnetSubnetID", "maxPods",
         "kubeletDiskType", "enableEncryptionAtHost", "gpuInstanceProfile"),
        f"{AKS_DOCS}/resize-node-pool (a pool's VM size and disks are fixed at creation)", "2026-11"),
    "azure-native:keyvault:Vault": ReplaceRule(
        ("vaultName", "resourceGroupName", "location"), "azure-native Vault: name and location are create-only",
        "2026-11", KEY_STATE),
    "azure-native:keyvault:Key": ReplaceRule(
        ("keyName", "vaultName", "resourceGroupName", "properties.kty"),
        "azure-native Key: name, vault and key type are create-only", "2026-11", KEY_STATE),
    "azure-native:storage:StorageAccount": ReplaceRule(
        ("accountName", "resourceGroupName", "location"), "azure-native StorageAccount: name and location",
        "2026-11", BUCKET_STATE),
    "azure-native:dbforpostgresql:Server": ReplaceRule(
        ("serverName", "resourceGroupName", "location", "administratorLogin"),
        "azure-native PostgreSQL flexible Server: name, location and admin login", "2026-11", DATABASE_STATE),
})


def replace_paths(type_token: str, changed: tuple[str, ...]) -> tuple[str, ...]:
    """The changed input paths that force a replacement of a resource of this type."""
    rule = REPLACE_RULES.get(type_token)
    if rule is None:
        return ()
    return tuple(path for path in changed if any(_under(path, prefix) for prefix in rule.paths))


def stateful_reason(type_token: str) -> str | None:
    rule = REPLACE_RULES.get(type_token)
    return rule.stateful if rule else None


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))
