"""Azure-only: the Key Vault key that encrypts Kubernetes Secrets in etcd (AKS KMS etcd encryption).

AKS encrypts Kubernetes Secrets in etcd with a Key Vault key (securityProfile.azureKeyVaultKms). The
vault uses Azure RBAC (no access policies), purge protection and soft delete, and only the cluster's
control-plane identity may use the key ("Key Vault Crypto User" on this vault, nothing wider).
The declared cluster admins (who run `pulumi up`) hold "Key Vault Crypto Officer" on this vault: ARM has no
DELETE for keys, so azure-native deletes a replaced or destroyed key through the Key Vault data plane with the
deployer's token (pulumi-azure-native provider/pkg/resources/customresources/custom_keyvault.go), which an RBAC
vault refuses with 403 without a data-plane role. The key depends on these grants through their propagation wait
(propagation.py, 10 minutes for Key Vault: created right after the grant, the key was refused with ForbiddenByRbac),
so `destroy` removes the key before the grants. The cluster's Crypto User grant has its own wait (`ready`), which
the cluster is created after: AKS checks at creation that its identity can use the key.
Sources: learn.microsoft.com/azure/aks/use-kms-etcd-encryption; built-in role ids from
learn.microsoft.com/azure/role-based-access-control/built-in-roles.

Known limits, stated rather than hidden:
- keyVaultNetworkAccess is Public: Private needs API-server VNet integration and a private endpoint for
  the vault, not built yet. Access to the public vault endpoint still needs an Entra ID token and RBAC.
- AKS pins the key *version*; rotating the key means updating the cluster's keyId (no rotation policy
  here, since an automatic rotation AKS does not follow would break nothing but also protect nothing).
- Vault names are global: `kv-<platform>-<8 hex of the identity's principal id>` (24 characters at most).
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
PUBLIC_ACCESS_ENABLED = "Enabled"
KEY_NAME = "aks-kms"
KEY_TYPE = "RSA"
KEY_SIZE = 2048
KEY_OPS = ["encrypt", "decrypt", "wrapKey", "unwrapKey"]
ROLE_KEY_VAULT_CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424"
ROLE_KEY_VAULT_CRYPTO_OFFICER = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603"
PRINCIPAL_SERVICE = "ServicePrincipal"
SUFFIX_LEN = 8


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
    ready: pulumi.Resource  # the Crypto User grant, propagated: what the cluster's creation waits for

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
                public_network_access=PUBLIC_ACCESS_ENABLED,
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
            ),
            tags=dict(plan.tags),
            opts=pulumi.ResourceOptions(parent=self, protect=plan.protect, depends_on=[officers_ready]),
        )
        self.access = authorization.RoleAssignment(
            f"{name}-crypto-user",
            scope=vault.id,
            role_definition_id=pulumi.Output.from_input(args.subscription_id).apply(
                lambda s: role_definition_id(s, ROLE_KEY_VAULT_CRYPTO_USER)
            ),
            principal_id=args.principal_id,
            principal_type=PRINCIPAL_SERVICE,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.ready = propagation_wait(f"{name}-crypto-user", {"cluster": self.access}, KEY_VAULT_WAIT, parent=self)
        self.vault_id = vault.id
        self.key_id = key.key_uri_with_version
        self.register_outputs({"vault_id": self.vault_id, "key_id": self.key_id})
