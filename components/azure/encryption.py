"""Azure-only: the Key Vault key that encrypts Kubernetes Secrets in etcd (AKS KMS etcd encryption).

AKS encrypts Kubernetes Secrets in etcd with a Key Vault key (securityProfile.azureKeyVaultKms). The
vault uses Azure RBAC (no access policies), purge protection and soft delete, and only the cluster's
control-plane identity may use the key ("Key Vault Crypto User" on this vault, nothing wider).
The declared cluster admins (who run `pulumi up`) hold "Key Vault Crypto Officer" on this vault: ARM creates the key
through the Key Vault data plane with the deployer's token, which an RBAC vault refuses without a data-plane role
(created right after the grant, the key was refused with ForbiddenByRbac), so the key waits for these grants through
their propagation wait (propagation.py, 10 minutes for Key Vault). The cluster's grants have their own wait (`ready`),
which the cluster is created after: AKS checks at creation that its identity can use the key.
Sources: learn.microsoft.com/azure/aks/use-kms-etcd-encryption; built-in role ids from
learn.microsoft.com/azure/role-based-access-control/built-in-roles.

Network (private vault): public network access Disabled and a firewall that denies by default with no IP or VNet
rule. AKS's KMS plugin cannot pass a vault firewall ("allow public access from specific virtual networks and IP
addresses" or "disable public access" blocks it, use-kms-etcd-encryption, Limitations), so the cluster runs KMS in
`Private` mode (`KMS_NETWORK_ACCESS`): AKS creates a private endpoint to this vault in the node resource group, over
API Server VNet Integration, which the cluster has. AKS needs "Key Vault Contributor" on the vault to create that
private link (the `private-link` grant, waited for like the Crypto User grant). `bypass` is AzureServices: Azure
Resource Manager is a trusted service (learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints,
trusted services), which keeps ARM's writes of the key and its rotation policy possible with the public endpoint
closed; no other service needs it: MLflow's PostgreSQL server and the artifact storage account encrypt with
service-managed keys (database.py, object_store.py), so no CMK of theirs reads this vault.

Rotation (`ROTATION`): Key Vault makes a new key version `ROTATE_AFTER` after a version's creation; each rotated
version expires `KEY_EXPIRY` after its creation and Event Grid is notified `NOTIFY_BEFORE_EXPIRY` before that
(learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation). The policy's expiry applies to rotated
versions only, not the first one: AKS pins the key *version* it was given (keyId), and an expired version refuses
encrypt/wrap, so the version the cluster uses never expires under it. Moving the cluster to a rotated version is a
`pulumi refresh` (the key's keyUriWithVersion) then `pulumi up`, then re-writing Secrets (docs/deploy-azure.md).

Deletion: ARM has no DELETE for keys; azure-native deletes one through the data plane
(pulumi-azure-native provider/pkg/resources/customresources/custom_keyvault.go), which the closed vault refuses to
the deployer. The key is therefore retained on delete: deleting the vault soft-deletes it with its keys, and a
replaced key stays in the vault, which AKS needs anyway (the old version must stay valid until Secrets are
re-encrypted).

Known limits, stated rather than hidden:
- Vault names are global: `kv-<platform>-<8 hex of the identity's principal id>` (24 characters at most).
- KMS mode (Public/Private) cannot change while KMS is on; a cluster created before the vault went private needs
  `az aks update --disable-azure-keyvault-kms` before the next `pulumi up` (docs/deploy-azure.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import authorization, keyvault

from components.azure.propagation import KEY_VAULT_WAIT, propagation_wait
from components.plan import ClusterPlan

VAULT_SKU_FAMILY = "A"
VAULT_SKU = keyvault.SkuName.STANDARD
VAULT_NAME_MAX = 24
VAULT_PREFIX = "kv-"
SOFT_DELETE_DAYS = 90
PUBLIC_ACCESS_DISABLED = "Disabled"
FIREWALL_DENY = keyvault.NetworkRuleAction.DENY
BYPASS_ARM = keyvault.NetworkRuleBypassOptions.AZURE_SERVICES
ROTATE_AFTER = "P18M"
KEY_EXPIRY = "P2Y"
NOTIFY_BEFORE_EXPIRY = "P30D"
KEY_NAME = "aks-kms"
KEY_TYPE = "RSA"
KEY_SIZE = 2048
KEY_OPS = ["encrypt", "decrypt", "wrapKey", "unwrapKey"]
ROLE_KEY_VAULT_CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424"
ROLE_KEY_VAULT_CRYPTO_OFFICER = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603"
ROLE_KEY_VAULT_CONTRIBUTOR = "f25e0fa2-a7c8-4377-a976-54943a77a395"
PRINCIPAL_SERVICE = "ServicePrincipal"
SUFFIX_LEN = 8


def rotation_policy() -> keyvault.RotationPolicyArgs:
    """Rotate `ROTATE_AFTER` after creation, notify `NOTIFY_BEFORE_EXPIRY` before a rotated version expires."""
    return keyvault.RotationPolicyArgs(
        attributes=keyvault.KeyRotationPolicyAttributesArgs(expiry_time=KEY_EXPIRY),
        lifetime_actions=[
            keyvault.LifetimeActionArgs(
                action=keyvault.ActionArgs(type=keyvault.KeyRotationPolicyActionType.ROTATE),
                trigger=keyvault.TriggerArgs(time_after_create=ROTATE_AFTER),
            ),
            keyvault.LifetimeActionArgs(
                action=keyvault.ActionArgs(type=keyvault.KeyRotationPolicyActionType.NOTIFY),
                trigger=keyvault.TriggerArgs(time_before_expiry=NOTIFY_BEFORE_EXPIRY),
            ),
        ],
    )


def role_definition_id(subscription_id: str, role: str) -> str:
    return f"/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{role}"


def vault_name(platform: str, principal_id: str) -> str:
    """A globally unique, legal Key Vault name: letters, digits, single hyphens, at most 24 characters."""
    room = VAULT_NAME_MAX - len(VAULT_PREFIX) - 1 - SUFFIX_LEN
    stem = platform[:room].rstrip("-")
    return f"{VAULT_PREFIX}{stem}-{principal_id.replace('-', '')[:SUFFIX_LEN]}"


@dataclass(frozen=True, kw_only=True)
class SecretsKeyArgs:
    plan: ClusterPlan
    resource_group_name: pulumi.Input[str]
    tenant_id: pulumi.Input[str]
    subscription_id: pulumi.Input[str]
    principal_id: pulumi.Input[str]  # the cluster's control-plane identity
    admins: Sequence[str]  # Entra object IDs that manage the key (cluster.admins)


class SecretsKey(pulumi.ComponentResource):
    """A Key Vault key that only the cluster identity may use, for etcd encryption of Kubernetes Secrets."""

    vault_id: pulumi.Output[str]
    key_id: pulumi.Output[str]
    access: authorization.RoleAssignment
    ready: pulumi.Resource  # the Crypto User and private-link grants, propagated: what the cluster's creation waits for

    def __init__(self, name: str, args: SecretsKeyArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:SecretsKey", name, None, opts)
        plan = args.plan
        kept = pulumi.ResourceOptions(parent=self, protect=plan.protect)
        vault = keyvault.Vault(
            name,
            vault_name=pulumi.Output.from_input(args.principal_id).apply(lambda p: vault_name(plan.name, p)),
            resource_group_name=args.resource_group_name,
            location=plan.region,
            properties=keyvault.VaultPropertiesArgs(
                tenant_id=args.tenant_id,
                sku=keyvault.SkuArgs(family=VAULT_SKU_FAMILY, name=VAULT_SKU),
                enable_rbac_authorization=True,
                enable_purge_protection=True,
                enable_soft_delete=True,
                soft_delete_retention_in_days=SOFT_DELETE_DAYS,
                enabled_for_deployment=False,
                enabled_for_disk_encryption=False,
                enabled_for_template_deployment=False,
                public_network_access=PUBLIC_ACCESS_DISABLED,
                network_acls=keyvault.NetworkRuleSetArgs(
                    default_action=FIREWALL_DENY, bypass=BYPASS_ARM, ip_rules=[], virtual_network_rules=[]
                ),
            ),
            tags=dict(plan.tags),
            opts=kept,
        )
        officer = pulumi.Output.from_input(args.subscription_id).apply(
            lambda s: role_definition_id(s, ROLE_KEY_VAULT_CRYPTO_OFFICER)
        )
        officers = {
            admin: authorization.RoleAssignment(
                f"{name}-officer-{admin}",
                scope=vault.id,
                role_definition_id=officer,
                principal_id=admin,
                principal_type=pulumi.Output.from_input(None),  # user, group or service principal
                opts=pulumi.ResourceOptions(parent=self),
            )
            for admin in args.admins
        }
        officers_ready = propagation_wait(f"{name}-officers", officers, KEY_VAULT_WAIT, parent=self)
        key = keyvault.Key(
            f"{name}-key",
            key_name=KEY_NAME,
            vault_name=vault.name,
            resource_group_name=args.resource_group_name,
            properties=keyvault.KeyPropertiesArgs(
                kty=KEY_TYPE,
                key_size=KEY_SIZE,
                key_ops=KEY_OPS,
                attributes=keyvault.KeyAttributesArgs(enabled=True),
                rotation_policy=rotation_policy(),
            ),
            tags=dict(plan.tags),
            opts=pulumi.ResourceOptions(
                parent=self, protect=plan.protect, retain_on_delete=True, depends_on=[officers_ready]
            ),
        )
        self.access = self._grant(f"{name}-crypto-user", vault, args, ROLE_KEY_VAULT_CRYPTO_USER)
        private_link = self._grant(f"{name}-private-link", vault, args, ROLE_KEY_VAULT_CONTRIBUTOR)
        self.ready = propagation_wait(
            f"{name}-crypto-user", {"cluster": self.access, "private-link": private_link}, KEY_VAULT_WAIT, parent=self
        )
        self.vault_id = vault.id
        self.key_id = key.key_uri_with_version
        self.register_outputs({"vault_id": self.vault_id, "key_id": self.key_id})

    def _grant(
        self, name: str, vault: keyvault.Vault, args: SecretsKeyArgs, role: str
    ) -> authorization.RoleAssignment:
        """`role` on this vault for the cluster's control-plane identity."""
        return authorization.RoleAssignment(
            name,
            scope=vault.id,
            role_definition_id=pulumi.Output.from_input(args.subscription_id).apply(
                lambda s: role_definition_id(s, role)
            ),
            principal_id=args.principal_id,
            principal_type=PRINCIPAL_SERVICE,
            opts=pulumi.ResourceOptions(parent=self),
        )
