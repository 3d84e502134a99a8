"""MLflow's data plane on Azure: a private Blob container, a private TLS-only flexible server, a keyless workload
identity scoped to the container, and the cloud-neutral MlflowBackend the handle carries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

from components.azure import build
from components.azure.names import postgres_server_name, storage_account_name
from mlplatform.engine.mock_outputs.azure import SUBSCRIPTION_ID, guid
from mlplatform.engine.mocks import install_mocks
from tests.azure.conftest import Rendered, plan_of, tags
from tests.cloud_build import PLATFORM, Built

MLFLOW = {"mlflow": {"database": {"size": "medium"}}}
ACCOUNT = "azure-native:storage:StorageAccount"
SERVER = "azure-native:dbforpostgresql:Server"
ROLE = "azure-native:authorization:RoleAssignment"
LOCK = "azure-native:authorization:ManagementLockByScope"


def render_with_backend(environment: str) -> Built:
    """Like tests.cloud_build.build_under_mocks, also resolving the MlflowBackend's outputs into `values`."""
    inventory = install_mocks(project="mlplatform", stack="test")
    plan = plan_of(environment, services=MLFLOW)
    built: list[Built] = []

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        handle = build("mlplatform", plan, pulumi.ComponentResource(*PLATFORM))
        out = Built(inventory, plan, handle)
        built.append(out)
        backend = handle.mlflow
        assert backend is not None
        return pulumi.Output.all(
            mlflow_uri=backend.artifacts.mlflow_uri,
            fsspec_uri=backend.artifacts.fsspec_uri,
            env=pulumi.Output.all(**backend.artifacts.env),
            host=backend.database.host,
            password_secret=pulumi.Output.is_secret(backend.database.password),
            annotations=pulumi.Output.all(**backend.identity.annotations),
        ).apply(out.values.update)

    run()
    return built[0]


@pytest.fixture(scope="module")
def prod_ml() -> Iterator[Rendered]:
    yield render_with_backend("prod")


@pytest.fixture(scope="module")
def dev_ml() -> Iterator[Rendered]:
    yield render_with_backend("dev")


def account_inputs(env: str, sku: str) -> dict[str, Any]:
    return {
        "accountName": storage_account_name(SUBSCRIPTION_ID, plan_of(env)),
        "resourceGroupName": f"rg-mlplatform-{env}-eastus",
        "location": "eastus",
        "kind": "StorageV2",
        "sku": {"name": sku},
        "accessTier": "Hot",
        "allowBlobPublicAccess": False,
        "allowSharedKeyAccess": False,
        "defaultToOAuthAuthentication": True,
        "allowCrossTenantReplication": False,
        "minimumTlsVersion": "TLS1_2",
        "enableHttpsTrafficOnly": True,
        # The firewall admits the nodes subnet only, by its Microsoft.Storage service endpoint; no trusted-service
        # bypass (learn.microsoft.com/azure/storage/common/storage-network-security).
        "networkRuleSet": {"defaultAction": "Deny", "bypass": "None", "ipRules": [], "virtualNetworkRules": [
            {"virtualNetworkResourceId": "mlplatform-network-nodes-id", "action": "Allow"}]},
        "encryption": {"keySource": "Microsoft.Storage", "requireInfrastructureEncryption": True,
                       "services": {"blob": {"enabled": True, "keyType": "Account"}}},
        "tags": tags(env),
    }


def test_globally_unique_names_are_stable_and_legal() -> None:
    plan = plan_of("prod")
    account = storage_account_name(SUBSCRIPTION_ID, plan)
    assert account == storage_account_name(SUBSCRIPTION_ID, plan)  # same stack, same name: no diff
    assert account != storage_account_name("00000000-0000-0000-0000-000000000002", plan)
    assert account.startswith("stmlplatformprod") and len(account) == 24 and account.isalnum()
    server = postgres_server_name(SUBSCRIPTION_ID, plan)
    assert server.startswith("psql-mlplatform-prod-") and len(server) <= 63


def test_the_cluster_path_to_the_artifact_account_is_the_nodes_subnet_service_endpoint(prod_ml: Rendered) -> None:
    nodes = prod_ml.named("mlplatform-network-nodes", "azure-native:network:Subnet")
    assert nodes.inputs["serviceEndpoints"] == [{"service": "Microsoft.Storage"}]
    [rule] = prod_ml.one(ACCOUNT).inputs["networkRuleSet"]["virtualNetworkRules"]
    assert rule["virtualNetworkResourceId"] == "mlplatform-network-nodes-id"
    assert nodes.urn in prod_ml.one(ACCOUNT).dependencies


def test_prod_artifact_account_is_private_keyless_encrypted_and_protected(prod_ml: Rendered) -> None:
    account = prod_ml.one(ACCOUNT)
    assert account.inputs == account_inputs("prod", "Standard_ZRS")
    assert account.protect and account.retain_on_delete
    assert list(account.replace_on_changes) == ["accountName", "encryption.requireInfrastructureEncryption"]
    name = account.inputs["accountName"]
    assert prod_ml.one("azure-native:storage:BlobServiceProperties").inputs == {
        "accountName": name, "resourceGroupName": "rg-mlplatform-prod-eastus", "blobServicesName": "default",
        "isVersioningEnabled": True,
        "deleteRetentionPolicy": {"enabled": True, "days": 30},
        "containerDeleteRetentionPolicy": {"enabled": True, "days": 30},
    }
    assert prod_ml.one("azure-native:storage:ManagementPolicy").inputs == {
        "accountName": name, "resourceGroupName": "rg-mlplatform-prod-eastus", "managementPolicyName": "default",
        "policy": {"rules": [{"name": "expire-old-versions", "enabled": True, "type": "Lifecycle", "definition": {
            "filters": {"blobTypes": ["blockBlob"]},
            "actions": {"version": {"delete": {"daysAfterCreationGreaterThan": 90}}}}},
            # Ray's checkpoints: prefixMatch starts with the container's name.
            {"name": "expire-checkpoints", "enabled": True, "type": "Lifecycle", "definition": {
                "filters": {"blobTypes": ["blockBlob"], "prefixMatch": ["artifacts/checkpoints/"]},
                "actions": {"baseBlob": {"delete": {"daysAfterModificationGreaterThan": 30}}}}}]},
    }
    container = prod_ml.one("azure-native:storage:BlobContainer")
    assert container.inputs == {"containerName": "artifacts", "accountName": name,
                                "resourceGroupName": "rg-mlplatform-prod-eastus", "publicAccess": "None"}
    assert container.protect
    locks = {r.name: r.inputs for r in prod_ml.inventory.of_type(LOCK)}
    assert locks["mlplatform-artifacts-lock"] == {"lockName": "do-not-delete", "level": "CanNotDelete",
                                                  "scope": "mlplatform-artifacts-id",
                                                  "notes": "MLflow artifacts of this platform"}


def test_prod_database_is_private_tls_only_zone_redundant_and_protected(prod_ml: Rendered) -> None:
    server = prod_ml.one(SERVER)
    assert server.inputs == {
        "serverName": postgres_server_name(SUBSCRIPTION_ID, plan_of("prod")),
        "resourceGroupName": "rg-mlplatform-prod-eastus",
        "location": "eastus",
        "version": "16",
        "sku": {"name": "Standard_D2ds_v5", "tier": "GeneralPurpose"},
        "storage": {"storageSizeGB": 64, "autoGrow": "Enabled"},
        "backup": {"backupRetentionDays": 35, "geoRedundantBackup": "Enabled"},
        "highAvailability": {"mode": "ZoneRedundant", "standbyAvailabilityZone": "2"},
        "availabilityZone": "1",
        "network": {"delegatedSubnetResourceId": "mlplatform-network-database-id",
                    "privateDnsZoneArmResourceId": "mlplatform-database-dns-id", "publicNetworkAccess": "Disabled"},
        "authConfig": {"passwordAuth": "Enabled", "activeDirectoryAuth": "Disabled", "tenantId": ""},
        "administratorLogin": "mlflow",
        "administratorLoginPassword": "[secret]",
        "tags": tags("prod"),
    }
    assert server.protect and server.retain_on_delete
    # Failover swaps the zones; auto-grow owns the size: storage only grows (a Premium SSD grow doubles it,
    # learn.microsoft.com/azure/postgresql/flexible-server/how-to-auto-grow-storage-portal) and cannot shrink
    # (learn.microsoft.com/azure/postgresql/flexible-server/concepts-storage), so resending 64 after a grow fails.
    assert list(server.ignore_changes) == ["availabilityZone", "highAvailability.standbyAvailabilityZone",
                                           "storage.storageSizeGB"]
    # The zone is linked to the VNet before the server is created in it.
    link = prod_ml.one("azure-native:privatedns:VirtualNetworkLink")
    assert link.inputs == {"virtualNetworkLinkName": "link-vnet",
                           "privateZoneName": "mlplatform-prod.private.postgres.database.azure.com",
                           "resourceGroupName": "rg-mlplatform-prod-eastus", "location": "global",
                           "virtualNetwork": {"id": "mlplatform-network-id"}, "registrationEnabled": False,
                           "tags": tags("prod")}
    assert link.urn in server.dependencies
    assert prod_ml.one("azure-native:dbforpostgresql:Configuration").inputs == {
        "configurationName": "require_secure_transport", "serverName": server.inputs["serverName"],
        "resourceGroupName": "rg-mlplatform-prod-eastus", "value": "ON", "source": "user-override"}
    database = prod_ml.one("azure-native:dbforpostgresql:Database")
    assert database.inputs == {"databaseName": "mlflow", "serverName": server.inputs["serverName"],
                               "resourceGroupName": "rg-mlplatform-prod-eastus", "charset": "UTF8",
                               "collation": "en_US.utf8"}
    assert database.protect
    assert prod_ml.one("random:index/randomPassword:RandomPassword").inputs == {
        "length": 32, "special": True, "overrideSpecial": "-_"}
    assert "mlplatform-database-lock" in {r.name for r in prod_ml.inventory.of_type(LOCK)}


def test_dev_data_plane_is_small_unlocked_and_not_highly_available(dev_ml: Rendered) -> None:
    assert dev_ml.one(ACCOUNT).inputs == account_inputs("dev", "Standard_LRS")
    server = dev_ml.one(SERVER).inputs
    assert server["highAvailability"] == {"mode": "Disabled", "standbyAvailabilityZone": ""}  # SDK default
    assert server["backup"] == {"backupRetentionDays": 7, "geoRedundantBackup": "Disabled"}
    assert not dev_ml.inventory.of_type(LOCK)
    assert not dev_ml.one(ACCOUNT).protect and not dev_ml.one(SERVER).protect


def test_mlflow_identity_is_keyless_and_reaches_its_container_only(prod_ml: Rendered) -> None:
    identity = prod_ml.named("mlplatform-mlflow-identity", "azure-native:managedidentity:UserAssignedIdentity")
    assert identity.inputs == {"resourceName": "id-mlplatform-prod-mlflow",
                               "resourceGroupName": "rg-mlplatform-prod-eastus", "location": "eastus",
                               "tags": tags("prod")}
    federation = prod_ml.one("azure-native:managedidentity:FederatedIdentityCredential")
    assert federation.inputs == {
        "federatedIdentityCredentialResourceName": "mlflow",
        "resourceName": "id-mlplatform-prod-mlflow",
        "resourceGroupName": "rg-mlplatform-prod-eastus",
        "issuer": f"https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-0000000000aa/"
                  f"{guid('mlplatform-cluster')}/",
        "subject": "system:serviceaccount:mlflow:mlflow",
        "audiences": ["api://AzureADTokenExchange"],
    }
    assert prod_ml.named("mlplatform-mlflow-identity-blob-access", ROLE).inputs == {
        "scope": "mlplatform-artifacts-artifacts-id",  # the container, not the account
        "roleDefinitionId": f"/subscriptions/{SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/"
                            "ba92f5b4-2d11-453d-a403-e96b0029c9fe",  # Storage Blob Data Contributor
        "principalId": guid("mlplatform-mlflow-identity/principal"),
        "principalType": "ServicePrincipal",
    }


def test_the_handle_carries_the_backend_without_naming_azure(prod_ml: Rendered) -> None:
    account = prod_ml.one(ACCOUNT).inputs["accountName"]
    server = prod_ml.one(SERVER).inputs["serverName"]
    assert prod_ml.values["mlflow_uri"] == f"wasbs://artifacts@{account}.blob.core.windows.net/mlflow"
    assert prod_ml.values["fsspec_uri"] == f"abfs://artifacts@{account}.dfs.core.windows.net/mlflow"
    assert prod_ml.values["env"] == {"AZURE_STORAGE_ACCOUNT_NAME": account}
    assert prod_ml.values["host"] == f"{server}.postgres.database.azure.com"
    assert prod_ml.values["password_secret"] is True
    assert prod_ml.values["annotations"] == {
        "azure.workload.identity/client-id": guid("mlplatform-mlflow-identity/client")}
    backend = prod_ml.handle.mlflow
    assert backend is not None
    assert (backend.database.port, backend.database.database, backend.database.username) == (5432, "mlflow", "mlflow")
    assert backend.identity.namespace == "mlflow" and backend.identity.service_account == "mlflow"
    assert dict(backend.identity.pod_labels) == {"azure.workload.identity/use": "true"}
    assert [type(r).__name__ for r in backend.identity.ready] == [
        "FederatedIdentityCredential", "RoleAssignment", "Sleep"]
    assert [type(r).__name__ for r in backend.database.ready] == ["Configuration", "Database",
                                                                  "ManagementLockByScope"]


def test_no_mlflow_no_data_plane(dev: Rendered) -> None:
    assert dev.handle.mlflow is None
    assert not dev.inventory.of_type(ACCOUNT) and not dev.inventory.of_type(SERVER)


def test_storage_account_create_only_inputs(prod_ml: Rendered) -> None:
    """The account name is its path (and global DNS name); infrastructure encryption "can only be enabled when
    the storage account is created" (learn.microsoft.com/azure/storage/common/infrastructure-encryption-enable).
    Both are sent, stable (the name is a hash of subscription, region and cluster) and replace the account; prod
    protection then stops such a replacement."""
    account = prod_ml.one(ACCOUNT)
    assert list(account.replace_on_changes) == ["accountName", "encryption.requireInfrastructureEncryption"]
    assert account.inputs["accountName"] == storage_account_name(SUBSCRIPTION_ID, plan_of("prod"))
    assert account.inputs["encryption"]["requireInfrastructureEncryption"] is True
    assert not account.delete_before_replace  # a new name would be needed anyway; protect decides in prod


def test_postgres_server_create_only_inputs(prod_ml: Rendered) -> None:
    """Fixed at creation (learn.microsoft.com/azure/postgresql/flexible-server): the server name (global DNS
    name), the admin login, the networking mode (delegated subnet + private DNS zone: "you can't change the
    networking option after the server is created") and geo-redundant backup ("can only be configured at server
    creation time"). Each is sent and marked for replacement. The zones are sent (so nothing is left for the
    service to choose) and ignored afterwards, because an HA failover swaps primary and standby."""
    server = prod_ml.one(SERVER)
    create_only = ["serverName", "administratorLogin", "network.delegatedSubnetResourceId",
                   "network.privateDnsZoneArmResourceId", "backup.geoRedundantBackup"]
    assert list(server.replace_on_changes) == create_only
    for path in create_only:
        value: Any = server.inputs
        for key in path.split("."):
            value = value[key]
        assert value not in (None, "", "[unknown]"), path
    assert (server.inputs["availabilityZone"], server.inputs["highAvailability"]["standbyAvailabilityZone"]) == (
        "1", "2")
