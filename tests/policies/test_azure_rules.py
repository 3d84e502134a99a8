"""Key Vault key rotation, Key Vault and storage-account network access, AKS host encryption: both sides of every
condition each rule reads, on the synthetic stack (every verdict of both packs asserted) and on the rendered Azure
stacks (what the components send passes, and a hand-made break of it fails).

What mocks cannot prove, reasoned from the providers' documents:
- AKS's KMS plugin cannot reach a vault behind a firewall in Public mode ("allow public access from specific virtual
  networks and IP addresses" or "disable public access" blocks it; https://learn.microsoft.com/azure/aks/
  use-kms-etcd-encryption, Limitations); in Private mode AKS creates its own private endpoint to the vault, over API
  Server VNet Integration. So the rule asks for a closed vault and the component runs KMS in Private mode; no
  trusted-service bypass is needed for AKS, and none for PostgreSQL or Storage, which encrypt with service-managed
  keys here. The `AzureServices` bypass the component keeps is for Azure Resource Manager, a trusted service
  (https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints), which writes the key.
- A storage account reached through a VNet service endpoint needs its public endpoint enabled ("selected networks"):
  publicNetworkAccess Disabled admits private endpoints only (https://learn.microsoft.com/azure/storage/common/
  storage-network-security), so the rule accepts a deny-by-default firewall as well as a disabled endpoint.
- A rotation policy's expiryTime dates rotated versions only, not the current one (https://learn.microsoft.com/
  azure/key-vault/keys/how-to-configure-key-rotation), so a rotate action timed before expiry never fires on a first
  version without `expires`: the rule asks for timeAfterCreate there.
- Encryption at host needs the subscription feature Microsoft.Compute/EncryptionAtHost registered
  (https://learn.microsoft.com/azure/aks/enable-host-encryption); a policy reads inputs, not the subscription.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import pytest

from mlplatform.engine.inventory import Inventory
from mlplatform.policy import run_packs
from mlplatform.policy.packs import PACKS
from policies.security_baseline.azure import days
from tests.engine.conftest import rendered  # noqa: F401 - the session's shared renders
from tests.engine.stacks import Rendered
from tests.policies.synthetic import DROP, found, mutated, verdicts

R = ("properties", "rotationPolicy")
ACTIONS = (*R, "lifetimeActions")
ROTATE_AT = (*ACTIONS, 0, "trigger")
ACL = ("properties", "networkAcls")

CASES: dict[str, Any] = {
    "kv-key-baseline": ({}, None, None),
    "kv-key-no-policy": (mutated("kv-key", (R, DROP)), None, None),
    "kv-key-no-expiry": (mutated("kv-key", ((*R, "attributes"), DROP)), None, None),
    "kv-key-two-years": (mutated("kv-key", ((*R, "attributes", "expiryTime"), "P730D")), None, None),
    "kv-key-over-two-years": (mutated("kv-key", ((*R, "attributes", "expiryTime"), "P731D")), None, None),
    "kv-key-bad-expiry": (mutated("kv-key", ((*R, "attributes", "expiryTime"), "2y")), None, None),
    "kv-key-notify-only": (mutated("kv-key", ((*ACTIONS, 0, "action", "type"), "notify")), None, None),
    "kv-key-rotate-capitalised": (mutated("kv-key", ((*ACTIONS, 0, "action", "type"), "Rotate")), None, None),
    "kv-key-no-trigger": (mutated("kv-key", (ROTATE_AT, {})), None, None),
    "kv-key-rotates-at-expiry": (mutated("kv-key", ((*ROTATE_AT, "timeAfterCreate"), "P2Y")), None, None),
    "kv-key-rotates-a-day-before": (mutated("kv-key", ((*ROTATE_AT, "timeAfterCreate"), "P729D")), None, None),
    "kv-key-bad-rotation": (mutated("kv-key", ((*ROTATE_AT, "timeAfterCreate"), "PT18H")), None, None),
    "kv-key-before-expiry-no-exp": (mutated("kv-key", (ROTATE_AT, {"timeBeforeExpiry": "P30D"})), None, None),
    "kv-key-before-expiry-with-exp": (
        mutated(
            "kv-key", (ROTATE_AT, {"timeBeforeExpiry": "P30D"}), (("properties", "attributes"), {"expires": 1.9e9})
        ),
        None,
        None,
    ),
    "kv-allow": (mutated("kv", ((*ACL, "defaultAction"), "Allow")), None, None),
    "kv-no-acls": (mutated("kv", (ACL, DROP)), None, None),
    "kv-open-cidr": (mutated("kv", ((*ACL, "ipRules"), [{"value": "0.0.0.0/0"}])), None, None),
    "kv-closed-allow": (
        mutated("kv", ((*ACL, "defaultAction"), "Allow"), (("properties", "publicNetworkAccess"), "Disabled")),
        None,
        None,
    ),
    "kv-no-public-setting": (mutated("kv", (("properties", "publicNetworkAccess"), DROP)), None, None),
    "st-allow": (mutated("st", (("networkRuleSet", "defaultAction"), "Allow")), None, None),
    "st-no-rules": (mutated("st", (("networkRuleSet",), DROP)), None, None),
    "st-open-cidr": (
        mutated("st", (("networkRuleSet", "ipRules"), [{"iPAddressOrRange": "0.0.0.0/0", "action": "Allow"}])),
        None,
        None,
    ),
    "st-closed-allow": (
        mutated("st", (("networkRuleSet", "defaultAction"), "Allow"), (("publicNetworkAccess",), "Disabled")),
        None,
        None,
    ),
    "st-perimeter-allow": (
        mutated("st", (("networkRuleSet", "defaultAction"), "Allow"), (("publicNetworkAccess",), "SecuredByPerimeter")),
        None,
        None,
    ),
    "aks-system-unencrypted": (mutated("aks", (("agentPoolProfiles", 0, "enableEncryptionAtHost"), False)), None, None),
    "aks-system-unset": (mutated("aks", (("agentPoolProfiles", 0, "enableEncryptionAtHost"), DROP)), None, None),
    "aks-pool-unencrypted": (mutated("aks-t4", (("enableEncryptionAtHost",), False)), None, None),
    "aks-pool-unset": (mutated("aks-t4", (("enableEncryptionAtHost",), DROP)), None, None),
}

ROT = "keys-rotated"
KV, ST, HOST = "key-vaults-network-restricted", "storage-accounts-network-restricted", "aks-host-encryption"
KV_OPEN = (
    "kv: the firewall admits every network (networkAcls.defaultAction is {}); deny by default or set "
    "publicNetworkAccess: Disabled"
)
ST_OPEN = (
    "st: the firewall admits every network (networkRuleSet.defaultAction is {}); deny by default or set "
    "publicNetworkAccess: Disabled"
)
NO_TRIGGER = "key kv-key: the rotate action has no trigger (timeAfterCreate or timeBeforeExpiry)"
EXPECTED: dict[str, list[tuple[str, str, str, str]]] = {
    "kv-key-baseline": [],
    "kv-key-no-policy": [
        (ROT, "violation", "kv-key", "key kv-key: no rotation policy (properties.rotationPolicy); rotate automatically "
         "and set an expiry"),
    ],
    "kv-key-no-expiry": [
        (ROT, "violation", "kv-key", "key kv-key: rotated versions never expire; set "
         "rotationPolicy.attributes.expiryTime"),
    ],
    "kv-key-two-years": [],
    "kv-key-over-two-years": [(ROT, "violation", "kv-key", "key kv-key: versions live P731D (731 days), over 730")],
    "kv-key-bad-expiry": [(ROT, "violation", "kv-key", "key kv-key: expiryTime '2y' is not an ISO 8601 duration")],
    "kv-key-notify-only": [
        (ROT, "violation", "kv-key", "key kv-key: the rotation policy never rotates (no lifetimeAction of type "
         "rotate)"),
    ],
    "kv-key-rotate-capitalised": [],
    "kv-key-no-trigger": [(ROT, "violation", "kv-key", NO_TRIGGER)],
    "kv-key-rotates-at-expiry": [
        (ROT, "violation", "kv-key", "key kv-key: rotates P2Y after creation, not before its versions expire (730 "
         "days)"),
    ],
    "kv-key-rotates-a-day-before": [],
    "kv-key-bad-rotation": [
        (ROT, "violation", "kv-key", "key kv-key: timeAfterCreate 'PT18H' is not an ISO 8601 duration"),
    ],
    "kv-key-before-expiry-no-exp": [
        (ROT, "violation", "kv-key", "key kv-key: the rotate action waits for an expiry the first version lacks "
         "(properties.attributes.expires); trigger it on timeAfterCreate"),
    ],
    "kv-key-before-expiry-with-exp": [],
    "kv-allow": [(KV, "violation", "kv", KV_OPEN.format("Allow"))],
    "kv-no-acls": [(KV, "violation", "kv", KV_OPEN.format("unset, Allow"))],
    "kv-open-cidr": [(KV, "violation", "kv", "kv: networkAcls.ipRules allow 0.0.0.0/0")],
    "kv-closed-allow": [],
    "kv-no-public-setting": [],
    "st-allow": [(ST, "violation", "st", ST_OPEN.format("Allow"))],
    "st-no-rules": [(ST, "violation", "st", ST_OPEN.format("unset, Allow"))],
    "st-open-cidr": [(ST, "violation", "st", "st: networkRuleSet.ipRules allow 0.0.0.0/0")],
    "st-closed-allow": [],
    "st-perimeter-allow": [(ST, "violation", "st", ST_OPEN.format("Allow"))],
    "aks-system-unencrypted": [
        (HOST, "violation", "aks", "aks: pool system is not encrypted at host "
         "(agentPoolProfiles[0].enableEncryptionAtHost)"),
    ],
    "aks-system-unset": [
        (HOST, "violation", "aks", "aks: pool system is not encrypted at host "
         "(agentPoolProfiles[0].enableEncryptionAtHost)"),
    ],
    "aks-pool-unencrypted": [
        (HOST, "violation", "aks-t4", "aks-t4: the pool is not encrypted at host (enableEncryptionAtHost)"),
    ],
    "aks-pool-unset": [
        (HOST, "violation", "aks-t4", "aks-t4: the pool is not encrypted at host (enableEncryptionAtHost)"),
    ],
}


@pytest.mark.parametrize("case", CASES)
def test_azure_case(case: str) -> None:
    assert found(verdicts(*CASES[case])) == EXPECTED[case]


def test_every_azure_rule_blocks() -> None:
    levels = {v.policy: v.level for case in ("kv-key-no-policy", "kv-allow", "st-allow", "aks-pool-unset")
              for v in verdicts(*CASES[case]).verdicts}
    assert levels == {ROT: "mandatory", KV: "mandatory", ST: "mandatory", HOST: "mandatory"}


@pytest.mark.parametrize(
    ("duration", "expected"),
    [("P2Y", 730), ("P18M", 540), ("P30D", 30), ("P1Y6M", 545), ("P2W", 14), ("P", None), ("PT1H", None),
     ("P1.5Y", None), (None, None), ("", None)],
)
def test_durations_are_iso_8601_dates_in_days(duration: str | None, expected: int | None) -> None:
    assert days(duration) == expected


def _policies(r: Rendered, inventory: Inventory) -> set[tuple[str, str]]:
    result = run_packs(PACKS, inventory, r.stack.project, r.stack.config)
    return {(v.policy, v.resource) for v in result.verdicts if v.policy in (ROT, KV, ST, HOST)}


def _broken(inventory: Inventory, kind: str, edit: Callable[[dict[str, Any]], None]) -> Inventory:
    regs = []
    for r in inventory.registrations:
        if r.type == kind:
            inputs = dict(r.inputs)
            edit(inputs)
            r = replace(r, inputs=inputs)
        regs.append(r)
    return replace(inventory, registrations=regs)


def test_the_rendered_azure_stacks_pass_and_a_hand_made_break_fails(
    rendered: Mapping[str, Rendered],  # noqa: F811
) -> None:
    stacks = sorted(s for s in rendered if s.startswith("azure-"))
    assert stacks, "the committed Azure stacks render"
    for stack in stacks:
        r = rendered[stack]
        inv = r.inventory
        assert _policies(r, inv) == set(), stack
        [key] = inv.of_type("azure-native:keyvault:Key")
        [vault] = inv.of_type("azure-native:keyvault:Vault")
        [account] = inv.of_type("azure-native:storage:StorageAccount")
        pools = inv.of_type("azure-native:containerservice:AgentPool")
        [cluster] = inv.of_type("azure-native:containerservice:ManagedCluster")
        breaks = {
            "azure-native:keyvault:Key": (lambda i: i.update(properties={**i["properties"], "rotationPolicy": None}),
                                          {(ROT, key.name)}),
            "azure-native:keyvault:Vault": (
                lambda i: i.update(properties={**i["properties"], "publicNetworkAccess": "Enabled",
                                               "networkAcls": {"defaultAction": "Allow"}}),
                {(KV, vault.name)}),
            "azure-native:storage:StorageAccount": (
                lambda i: i.update(networkRuleSet={**i["networkRuleSet"], "defaultAction": "Allow"}),
                {(ST, account.name)}),
            "azure-native:containerservice:AgentPool": (
                lambda i: i.update(enableEncryptionAtHost=False), {(HOST, p.name) for p in pools}),
            "azure-native:containerservice:ManagedCluster": (
                lambda i: i.update(agentPoolProfiles=[{**p, "enableEncryptionAtHost": False}
                                                      for p in i["agentPoolProfiles"]]),
                {(HOST, cluster.name)}),
        }
        for kind, (edit, expected) in breaks.items():
            assert _policies(r, _broken(inv, kind, edit)) == expected, (stack, kind)
