"""The MLflow artifact store on Azure Blob Storage: one private container in a locked-down account.

Account (learn.microsoft.com/azure/storage/common/security-recommendations): no anonymous blob access, no
shared keys (every request carries an Entra token: Storage Blob Data roles, workload identity), Entra by
default in the portal, TLS 1.2 at least, HTTPS only, no cross-tenant replication, infrastructure (double)
encryption, which Azure fixes at creation (`CREATE_ONLY`); zone-redundant in prod. Blob service: versioning,
soft delete of blobs and containers for `SOFT_DELETE_DAYS`; a lifecycle ManagementPolicy deletes versions older
than `OLD_VERSION_DAYS`. In prod the account is protected, retained on delete and carries a CanNotDelete lock
(Azure's own deletion protection; creating one needs Microsoft.Authorization/locks/write, e.g. Owner).

Network (learn.microsoft.com/azure/storage/common/storage-network-security): the account's firewall denies by default
and admits only the cluster's nodes subnet, through a Microsoft.Storage service endpoint on that subnet
(network.py): MLflow (which proxies every client's artifacts, `--serve-artifacts`), Ray and serving pods all
leave through it. `bypass` is None: no trusted-service exception. The firewall governs the data plane only; the
blob service, lifecycle policy and container below are ARM writes and go through. A private endpoint was the
alternative; it costs an endpoint and a private DNS zone per stack, and the service endpoint already keeps the
cluster's path (tested) with no DNS change. Access still needs an Entra token and a data role.
URIs: MLflow's Azure artifact repository takes `wasbs://<container>@<account>.blob.core.windows.net/<path>`,
fsspec (adlfs) takes `abfs://<container>@<account>.dfs.core.windows.net/<path>`; both authenticate with
DefaultAzureCredential, which picks up the pod's workload identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
from pulumi_azure_native import storage

from components.azure.locks import delete_lock
from components.azure.names import storage_account_name
from components.catalog.checkpoints import CHECKPOINT_KEY_PREFIX, CHECKPOINT_RETENTION_DAYS, CHECKPOINT_RULE
from components.catalog.services import MLFLOW_ARTIFACT_PREFIX
from components.plan import ClusterPlan
from components.spec import Environment

KIND = "StorageV2"
SKU: Mapping[Environment, str] = MappingProxyType({
    Environment.DEV: "Standard_LRS",
    Environment.STAGING: "Standard_LRS",
    Environment.PROD: "Standard_ZRS",
})
TLS_MIN = "TLS1_2"
KEY_SOURCE = "Microsoft.Storage"
KEY_TYPE_ACCOUNT = "Account"
ACCESS_TIER = storage.AccessTier.HOT
CONTAINER = "artifacts"
PUBLIC_ACCESS_NONE = storage.PublicAccess.NONE
SERVICE = "default"
SOFT_DELETE_DAYS = 30
OLD_VERSION_DAYS = 90
LIFECYCLE = "Lifecycle"
BLOCK_BLOB = "blockBlob"
ACCOUNT_NAME_ENV = "AZURE_STORAGE_ACCOUNT_NAME"
DEFAULT_DENY = storage.DefaultAction.DENY
ALLOW = storage.Action.ALLOW
BYPASS_NONE = "None"
# Inputs Azure fixes at creation (camelCase wire paths): a change replaces the account.
CREATE_ONLY = ("accountName", "encryption.requireInfrastructureEncryption")


BLOB_HOST = "{account}.blob.core.windows.net"
DFS_HOST = "{account}.dfs.core.windows.net"


def blob_https_uri(account: str, container: str, prefix: str) -> str:
    """`https://<account>.blob.core.windows.net/<container>/<prefix>`, the form KServe's storage initializer takes."""
    return f"https://{BLOB_HOST.format(account=account)}/{container}/{prefix}"


def fsspec_uri(account: str, container: str, prefix: str) -> str:
    return f"abfs://{container}@{DFS_HOST.format(account=account)}/{prefix}"


def artifact_uris(account: str, container: str) -> tuple[str, str]:
    """(MLflow's wasbs:// URI, fsspec's abfs:// URI) of the MLflow prefix in the container."""
    return (
        f"wasbs://{container}@{account}.blob.core.windows.net/{MLFLOW_ARTIFACT_PREFIX}",
        fsspec_uri(account, container, MLFLOW_ARTIFACT_PREFIX),
    )


@dataclass(frozen=True, kw_only=True)
class ObjectStoreArgs:
    plan: ClusterPlan
    resource_group_name: pulumi.Input[str]
    subscription_id: pulumi.Input[str]
    subnet_id: pulumi.Input[str]  # the nodes subnet (with its Microsoft.Storage service endpoint): the only way in


class ObjectStore(pulumi.ComponentResource):
    """A private, versioned, soft-deleting Blob container for MLflow artifacts."""

    account_name: pulumi.Output[str]
    container_id: pulumi.Output[str]
    mlflow_uri: pulumi.Output[str]
    fsspec_uri: pulumi.Output[str]
    ready: tuple[pulumi.Resource, ...]

    def prefix_uri(self, prefix: str) -> pulumi.Output[str]:
        return self.account_name.apply(lambda a: blob_https_uri(a, CONTAINER, prefix))

    def fsspec_prefix_uri(self, prefix: str) -> pulumi.Output[str]:
        return self.account_name.apply(lambda a: fsspec_uri(a, CONTAINER, prefix))

    def __init__(self, name: str, args: ObjectStoreArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:ObjectStore", name, None, opts)
        plan = args.plan
        child = pulumi.ResourceOptions(parent=self)
        account = storage.StorageAccount(
            name,
            account_name=pulumi.Output.from_input(args.subscription_id).apply(
                lambda s: storage_account_name(s, plan)
            ),
            resource_group_name=args.resource_group_name,
            location=plan.region,
            kind=KIND,
            sku=storage.SkuArgs(name=SKU[plan.environment]),
            access_tier=ACCESS_TIER,
            allow_blob_public_access=False,
            allow_shared_key_access=False,
            default_to_o_auth_authentication=True,
            allow_cross_tenant_replication=False,
            minimum_tls_version=TLS_MIN,
            enable_https_traffic_only=True,
            network_rule_set=storage.NetworkRuleSetArgs(
                default_action=DEFAULT_DENY,
                bypass=BYPASS_NONE,
                virtual_network_rules=[storage.VirtualNetworkRuleArgs(
                    virtual_network_resource_id=args.subnet_id, action=ALLOW
                )],
                ip_rules=[],
            ),
            encryption=storage.EncryptionArgs(
                key_source=KEY_SOURCE,
                require_infrastructure_encryption=True,
                services=storage.EncryptionServicesArgs(
                    blob=storage.EncryptionServiceArgs(enabled=True, key_type=KEY_TYPE_ACCOUNT)
                ),
            ),
            tags=dict(plan.tags),
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=plan.protect,
                retain_on_delete=plan.protect,
                replace_on_changes=list(CREATE_ONLY),
            ),
        )
        blob_service = storage.BlobServiceProperties(
            f"{name}-blob",
            account_name=account.name,
            resource_group_name=args.resource_group_name,
            blob_services_name=SERVICE,
            is_versioning_enabled=True,
            delete_retention_policy=storage.DeleteRetentionPolicyArgs(enabled=True, days=SOFT_DELETE_DAYS),
            container_delete_retention_policy=storage.DeleteRetentionPolicyArgs(enabled=True, days=SOFT_DELETE_DAYS),
            opts=child,
        )
        lifecycle = storage.ManagementPolicy(
            f"{name}-lifecycle",
            account_name=account.name,
            resource_group_name=args.resource_group_name,
            management_policy_name=SERVICE,
            policy=storage.ManagementPolicySchemaArgs(rules=[storage.ManagementPolicyRuleArgs(
                name="expire-old-versions",
                enabled=True,
                type=LIFECYCLE,
                definition=storage.ManagementPolicyDefinitionArgs(
                    filters=storage.ManagementPolicyFilterArgs(blob_types=[BLOCK_BLOB]),
                    actions=storage.ManagementPolicyActionArgs(
                        version=storage.ManagementPolicyVersionArgs(
                            delete=storage.DateAfterCreationArgs(days_after_creation_greater_than=OLD_VERSION_DAYS)
                        )
                    ),
                ),
            ), storage.ManagementPolicyRuleArgs(  # Ray's checkpoints (catalog.checkpoints)
                name=CHECKPOINT_RULE,
                enabled=True,
                type=LIFECYCLE,
                definition=storage.ManagementPolicyDefinitionArgs(
                    filters=storage.ManagementPolicyFilterArgs(
                        blob_types=[BLOCK_BLOB], prefix_match=[f"{CONTAINER}/{CHECKPOINT_KEY_PREFIX}"]
                    ),
                    actions=storage.ManagementPolicyActionArgs(
                        base_blob=storage.ManagementPolicyBaseBlobArgs(
                            delete=storage.DateAfterModificationArgs(
                                days_after_modification_greater_than=CHECKPOINT_RETENTION_DAYS
                            )
                        )
                    ),
                ),
            )]),
            opts=child,
        )
        container = storage.BlobContainer(
            f"{name}-artifacts",
            container_name=CONTAINER,
            account_name=account.name,
            resource_group_name=args.resource_group_name,
            public_access=PUBLIC_ACCESS_NONE,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[blob_service], protect=plan.protect),
        )
        ready: list[pulumi.Resource] = [container, lifecycle]
        if plan.protect:
            ready.append(delete_lock(f"{name}-lock", account.id, "MLflow artifacts of this platform", child))
        self.account_name = account.name
        self.container_id = container.id
        self.mlflow_uri = account.name.apply(lambda a: artifact_uris(a, CONTAINER)[0])
        self.fsspec_uri = account.name.apply(lambda a: artifact_uris(a, CONTAINER)[1])
        self.ready = tuple(ready)
        self.register_outputs({
            "account_name": self.account_name,
            "container_id": self.container_id,
            "mlflow_uri": self.mlflow_uri,
            "fsspec_uri": self.fsspec_uri,
        })
