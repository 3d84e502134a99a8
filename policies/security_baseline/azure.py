"""Azure protections from the CIS Azure Foundations benchmark and Checkov: Key Vault keys that rotate and expire,
Key Vault and storage-account firewalls that deny by default, and AKS nodes encrypted at the host.

Every check reads plain inputs that a first preview knows (policies, flags, actions), never a computed id, so each
rule decides before anything exists. Durations are ISO 8601 (`P18M`, `P2Y`, `P30D`), as Key Vault's rotation policy
takes them (https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation); they are compared in
days, a month counted as 30 days and a year as 365.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs

from policies import resources as res
from policies.security_baseline.cluster import OPEN_CIDRS, Check, report_checks

KEY_VAULT = "azure-native:keyvault:Vault"
KEY_VAULT_KEY = "azure-native:keyvault:Key"
DENY = "Deny"
DISABLED = "Disabled"
ROTATE = "rotate"
# CIS Azure Foundations 2.0 8.8 (automatic key rotation), rationale: "The recommended key lifetime is 2 years".
MAX_KEY_LIFETIME_DAYS = 730
DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
DAYS_PER_UNIT = (365, 30, 7, 1)


def days(duration: Any) -> int | None:
    """Days in an ISO 8601 date duration (`P1Y6M`, `P30D`), or None for anything else (a time part, empty `P`)."""
    found = DURATION.match(str(duration)) if duration is not None else None
    if found is None or not any(found.groups()):
        return None
    return sum(int(n) * unit for n, unit in zip(found.groups(), DAYS_PER_UNIT, strict=True) if n)


def _rotation_problems(action: Mapping[str, Any], expiry: int | None, first_expires: bool) -> list[str]:
    after = res.get(action, "trigger", "timeAfterCreate")
    before = res.get(action, "trigger", "timeBeforeExpiry")
    if after is None and before is None:
        return ["the rotate action has no trigger (timeAfterCreate or timeBeforeExpiry)"]
    if after is None:
        # Key Vault times it from a version's `exp`; the policy's expiryTime only dates rotated versions.
        if first_expires:
            return []
        return ["the rotate action waits for an expiry the first version lacks (properties.attributes.expires); "
                "trigger it on timeAfterCreate"]
    after_days = days(after)
    if after_days is None:
        return [f"timeAfterCreate {after!r} is not an ISO 8601 duration"]
    if expiry is not None and after_days >= expiry:
        return [f"rotates {after} after creation, not before its versions expire ({expiry} days)"]
    return []


def key_vault_key_rotation(props: Mapping[str, Any]) -> list[str]:
    """A Key Vault key rotates automatically and its rotated versions expire within two years (CIS Azure
    Foundations 2.0 8.1 expiration on keys, 8.8 automatic rotation; Checkov CKV_AZURE_40)."""
    policy = res.get(props, "properties", "rotationPolicy")
    if policy is None:
        return ["no rotation policy (properties.rotationPolicy); rotate automatically and set an expiry"]
    raw = res.get(policy, "attributes", "expiryTime")
    expiry = days(raw)
    problems = []
    if raw is None:
        problems.append("rotated versions never expire; set rotationPolicy.attributes.expiryTime")
    elif expiry is None:
        problems.append(f"expiryTime {raw!r} is not an ISO 8601 duration")
    elif expiry > MAX_KEY_LIFETIME_DAYS:
        problems.append(f"versions live {raw} ({expiry} days), over {MAX_KEY_LIFETIME_DAYS}")
    actions = res.as_list(res.get(policy, "lifetimeActions"))
    rotations = [a for a in actions if str(res.get(a, "action", "type")).lower() == ROTATE]
    if not rotations:
        problems.append("the rotation policy never rotates (no lifetimeAction of type rotate)")
    first_expires = res.get(props, "properties", "attributes", "expires") is not None
    return problems + [p for a in rotations for p in _rotation_problems(a, expiry, first_expires)]


def _firewall(public: Any, acls: Any, ip_key: str, where: str) -> list[str]:
    """Public network access Disabled, or a firewall that denies by default and admits no open CIDR."""
    if public == DISABLED:
        return []
    problems = []
    action = res.get(acls, "defaultAction")
    if action != DENY:
        problems.append(
            f"the firewall admits every network ({where}.defaultAction is {action or 'unset, Allow'}); "
            f"deny by default or set publicNetworkAccess: {DISABLED}"
        )
    opened = [str(res.get(r, ip_key)) for r in res.as_list(res.get(acls, "ipRules"))]
    problems += [f"{where}.ipRules allow {c}" for c in opened if c in OPEN_CIDRS]
    return problems


def _key_vault_network(props: Mapping[str, Any]) -> list[str]:
    return _firewall(
        res.get(props, "properties", "publicNetworkAccess"),
        res.get(props, "properties", "networkAcls"),
        "value",
        "networkAcls",
    )


def _storage_network(props: Mapping[str, Any]) -> list[str]:
    return _firewall(
        res.get(props, "publicNetworkAccess"), res.get(props, "networkRuleSet"), "iPAddressOrRange", "networkRuleSet"
    )


def key_vaults_network_restricted(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Key Vaults are closed to the internet: public network access off, or a firewall that denies by default."""
    report_checks(KEY_VAULT_NETWORK, args, report)


KEY_VAULT_NETWORK: Mapping[str, Check] = MappingProxyType({KEY_VAULT: _key_vault_network})


def storage_accounts_network_restricted(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Storage accounts are closed to the internet: public network access off, or a firewall that denies by default
    (VNet rules through a service endpoint still reach it)."""
    report_checks(STORAGE_NETWORK, args, report)


STORAGE_NETWORK: Mapping[str, Check] = MappingProxyType({res.AZURE_STORAGE_ACCOUNT: _storage_network})


def _not_encrypted_at_host(pool: Any) -> bool:
    return res.get(pool, "enableEncryptionAtHost") is not True


def _cluster_host_encryption(props: Mapping[str, Any]) -> list[str]:
    pools = res.as_list(res.get(props, "agentPoolProfiles"))
    return [
        f"pool {res.get(p, 'name')} is not encrypted at host (agentPoolProfiles[{i}].enableEncryptionAtHost)"
        for i, p in enumerate(pools)
        if _not_encrypted_at_host(p)
    ]


def _pool_host_encryption(props: Mapping[str, Any]) -> list[str]:
    return ["the pool is not encrypted at host (enableEncryptionAtHost)"] if _not_encrypted_at_host(props) else []


def aks_host_encryption(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Every AKS pool, the cluster's system pool included, encrypts temp disks, caches and disk traffic at the host."""
    report_checks(HOST_ENCRYPTION, args, report)


HOST_ENCRYPTION: Mapping[str, Check] = MappingProxyType(
    {res.AKS_CLUSTER: _cluster_host_encryption, res.AKS_AGENT_POOL: _pool_host_encryption}
)
