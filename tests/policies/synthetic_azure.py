"""The synthetic stack's Key Vault and its key (the AKS KMS key), in azure-native's wire names; see `synthetic`."""

from __future__ import annotations

from tests.policies.synthetic_cloud import TAGS, Resources

KEY_VAULT_RESOURCES: Resources = {
    "kv": (
        "azure-native:keyvault:Vault",
        {
            "vaultName": "kv-c-prod",
            "properties": {
                "publicNetworkAccess": "Enabled",
                "networkAcls": {
                    "defaultAction": "Deny",
                    "bypass": "AzureServices",
                    "ipRules": [{"value": "203.0.113.7"}],
                },
                "enableRbacAuthorization": True,
                "enablePurgeProtection": True,
            },
            "tags": TAGS,
        },
        {},
        True,
    ),
    "kv-key": (
        "azure-native:keyvault:Key",
        {
            "keyName": "aks-kms",
            "vaultName": "[unknown]",
            "properties": {
                "kty": "RSA",
                "rotationPolicy": {
                    "attributes": {"expiryTime": "P2Y"},
                    "lifetimeActions": [
                        {"action": {"type": "rotate"}, "trigger": {"timeAfterCreate": "P18M"}},
                        {"action": {"type": "notify"}, "trigger": {"timeBeforeExpiry": "P30D"}},
                    ],
                },
            },
        },
        {"vaultName": "kv"},
        True,
    ),
}
