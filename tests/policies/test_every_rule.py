"""Every rule of both packs, two more ways: a value unknown at preview, and its level overridden by config.

The violating case of each rule is taken from the clause tables (the first case whose only verdicts are that
rule's violations), so a rule without one fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from mlplatform.policy.packs import PACKS
from tests.policies import (
    test_azure_rules,
    test_cluster_rules,
    test_cost_boundaries,
    test_cost_rules,
    test_data_and_workload_rules,
    test_endpoint_rules,
    test_hardening_rules,
)
from tests.policies.synthetic import DROP, found, mutated, verdicts

PACK_OF = {p.name: pack.name for pack in PACKS for p in pack.policies}
C = ("spec", "template", "spec", "containers", 0)

# rule -> (resource, path) whose value is made unknown; the rule must report it as unknown, never decide.
UNKNOWNS: dict[str, tuple[str, tuple[str | int, ...]]] = {
    "accelerator-pools-on-spot": ("eks-h100", ("capacityType",)),
    "accelerator-pools-scale-to-zero": ("eks-h100", ("scalingConfig", "minSize")),
    "pool-max-nodes": ("aks-t4", ("maxCount",)),
    "stack-accelerators-at-full-scale": ("aks-t4", ("maxCount",)),
    "stack-hourly-cost": ("eks-h100", ("scalingConfig", "maxSize")),
    "accelerator-allowlists": ("gke-v5e", ("location",)),
    "accelerator-pools-tainted": ("eks-h100", ("taints",)),
    "aws-spot-diversified": ("eks-h100", ("instanceTypes",)),
    "system-pool-on-demand": ("eks-system", ("capacityType",)),
    "stateful-workloads-on-demand": ("tracker", ("spec", "template", "spec", "nodeSelector")),
    "cost-allocation-tags": ("gke", ("resourceLabels",)),
    "small-databases-in-dev": ("sql", ("settings", "userLabels", "mlplatform-environment")),
    "api-endpoint-private": ("eks", ("vpcConfig", "endpointPublicAccess")),
    "secrets-encrypted-with-cmk": ("gke", ("databaseEncryption", "state")),
    "control-plane-audit-logging": ("eks", ("enabledClusterLogTypes",)),
    "aks-audit-logs": ("aks-audit", ("logs",)),
    "workload-identity": ("aks", ("oidcIssuerProfile", "enabled")),
    "node-metadata-protected": ("gpu-lt", ("metadataOptions", "httpTokens")),
    "no-public-node-access": ("aks-t4", ("enableNodePublicIP",)),
    "network-policy-enforced": ("aks", ("networkProfile",)),
    "eks-network-policy": ("eks-vpc-cni", ("configurationValues",)),
    "no-legacy-authentication": ("eks", ("accessConfig",)),
    "supported-kubernetes-version": ("eks", ("version",)),
    "hardened-node-images": ("eks-h100", ("amiType",)),
    "least-privilege-node-identity": ("node-ecr", ("policyArn",)),
    "buckets-not-public": ("art-pab", ("blockPublicAcls",)),
    "buckets-encrypted": ("art-sse", ("rules",)),
    "buckets-versioned": ("art-versioning", ("versioningConfiguration",)),
    "buckets-tls-only": ("art-policy", ("policy", "Statement")),
    "databases-not-public": ("db", ("publiclyAccessible",)),
    "databases-encrypted": ("db", ("storageEncrypted",)),
    "databases-tls-enforced": ("db-params", ("parameters",)),
    "databases-backed-up": ("db", ("backupRetentionPeriod",)),
    "databases-deletion-protected": ("db", ("deletionProtection",)),
    "no-public-load-balancer": ("api-lb", ("spec", "type")),
    "no-privileged-containers": ("api", (*C, "securityContext", "privileged")),
    "no-host-namespaces": ("api", ("spec", "template", "spec", "hostPID")),
    "no-privilege-escalation": ("api", (*C, "securityContext", "allowPrivilegeEscalation")),
    "run-as-non-root": ("api", (*C, "securityContext", "runAsNonRoot")),
    "requests-and-limits": ("api", (*C, "resources", "limits", "cpu")),
    "helm-releases-pinned": ("operator", ("version",)),
    "container-hardening": ("api", (*C, "securityContext", "capabilities", "drop")),
    "images-pinned": ("api", (*C, "image")),
    "namespaces-default-deny": ("ml-deny", ("spec", "policyTypes")),
    "keys-rotated": ("gke-key", ("rotationPeriod",)),
    "buckets-owner-enforced": ("art-own", ("rule", "objectOwnership")),
    "databases-highly-available": ("db", ("multiAz",)),
    "key-vaults-network-restricted": ("kv", ("properties", "publicNetworkAccess")),
    "storage-accounts-network-restricted": ("st", ("networkRuleSet", "defaultAction")),
    "aks-host-encryption": ("aks-t4", ("enableEncryptionAtHost",)),
}


# rule -> (resource, path of a reference) that is unknown on a first preview (the ARN, email or id of a resource
# created by the same update): the rule decides on the reference's presence and shape and passes.
REFERENCES: dict[str, list[tuple[str, tuple[str | int, ...]]]] = {
    "secrets-encrypted-with-cmk": [
        ("eks", ("encryptionConfig", "provider", "keyArn")),
        ("gke", ("databaseEncryption", "keyName")),
        ("aks", ("securityProfile", "azureKeyVaultKms", "keyId")),
    ],
    "workload-identity": [("gke", ("workloadIdentityConfig", "workloadPool"))],
    "least-privilege-node-identity": [("gke", ("nodeConfig", "serviceAccount"))],
    "buckets-encrypted": [
        ("art-sse", ("rules", 0, "applyServerSideEncryptionByDefault", "kmsMasterKeyId")),
    ],
    "buckets-tls-only": [("art-policy", ("policy", "Statement", 0, "Resource", 0))],
    # a pool that follows its cluster's version (GKE: the cluster's master version, unknown before it exists)
    "supported-kubernetes-version": [("gke-v5e", ("version",))],
}
# References whose absence is no violation: which bucket a TLS policy guards is its `bucket` link; a pool without a
# version runs its cluster's, which is checked on the cluster.
OPTIONAL_REFERENCES = ("buckets-tls-only", "supported-kubernetes-version")


@pytest.mark.parametrize(
    ("rule", "resource", "path"), [(rule, r, p) for rule, cases in REFERENCES.items() for r, p in cases]
)
def test_a_reference_unknown_on_a_first_preview_is_decided(rule: str, resource: str, path: tuple[str | int]) -> None:
    result = verdicts(mutated(resource, (path, "[unknown]")))
    assert result.verdicts == []


@pytest.mark.parametrize(
    ("rule", "resource", "path"),
    [(rule, r, p) for rule, cases in REFERENCES.items() if rule not in OPTIONAL_REFERENCES for r, p in cases],
)
def test_a_missing_reference_is_a_violation(rule: str, resource: str, path: tuple[str | int]) -> None:
    result = verdicts(mutated(resource, (path, DROP)))
    assert {(v.policy, v.kind, v.resource) for v in result.verdicts} == {
        (rule, "violation", "art" if resource.startswith("art-") else resource)
    }


def test_a_bucket_policy_built_as_a_json_string_of_unknown_arns_fails_on_a_first_preview() -> None:
    result = verdicts(mutated("art-policy", (("policy",), "[unknown]")))
    assert [(v.policy, v.kind, v.level, v.resource) for v in result.verdicts] == [
        ("buckets-tls-only", "violation", "mandatory", "art")
    ]


CASE_MODULES = (
    test_cost_rules,
    test_cost_boundaries,
    test_cluster_rules,
    test_endpoint_rules,
    test_data_and_workload_rules,
    test_hardening_rules,
    test_azure_rules,
)


def _violating_cases() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """rule -> (changes, pack config) of the first clause case that trips only that rule."""
    out: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for module in CASE_MODULES:
        for case, expected in module.EXPECTED.items():
            rules = {e[0] for e in expected}
            if len(rules) != 1 or {e[1] for e in expected} != {"violation"}:
                continue
            raw = module.CASES[case]
            changes, config, protect = (raw, None, None) if isinstance(raw, dict) else (*raw, None)[:3]
            if protect:
                continue  # a change of the protect option, not of inputs
            out.setdefault(rules.pop(), (changes, dict(config or {})))
    idle = {"stack-hourly-cost": {"maxUsdPerHourIdle": 0}}
    out["stack-hourly-cost"] = ({}, {PACK_OF["stack-hourly-cost"]: idle})
    return out


VIOLATING = _violating_cases()
OVERRIDABLE = sorted(PACK_OF)


def test_every_rule_has_an_unknown_case_and_a_violating_case() -> None:
    assert sorted(UNKNOWNS) == sorted(PACK_OF)
    assert sorted(VIOLATING) == OVERRIDABLE


@pytest.mark.parametrize("rule", sorted(UNKNOWNS))
def test_an_unknown_value_is_reported_as_unknown_never_decided(rule: str) -> None:
    resource, path = UNKNOWNS[rule]
    result = verdicts(mutated(resource, (path, "[unknown]")))
    dotted = ".".join(str(p) for p in path)
    mine = [v for v in result.verdicts if v.policy == rule]
    assert [(v.kind, v.level) for v in mine] == [("unknown", "advisory")]
    assert mine[0].message.endswith(f"string value at .{dotted} can't be known during preview")
    assert [v for v in result.verdicts if v.kind == "violation"] == []


@pytest.mark.parametrize("rule", OVERRIDABLE)
def test_a_rules_level_comes_from_the_pack_config(rule: str) -> None:
    changes, config = VIOLATING[rule]
    pack = PACK_OF[rule]
    base = verdicts(changes, config)
    mine = [v for v in base.verdicts if v.policy == rule]
    assert mine and {v.kind for v in mine} == {"violation"}

    flipped = "mandatory" if mine[0].level == "advisory" else "advisory"
    overridden = {**config, pack: {**config.get(pack, {}), rule: _with_level(config.get(pack, {}).get(rule), flipped)}}
    changed = verdicts(changes, overridden)
    assert [(v.message, v.level) for v in changed.verdicts if v.policy == rule] == [(v.message, flipped) for v in mine]

    disabled = {**config, pack: {**config.get(pack, {}), rule: _with_level(config.get(pack, {}).get(rule), "disabled")}}
    off = verdicts(changes, disabled)
    assert found(off) == [f for f in found(base) if f[0] != rule]
    assert off.policies_run == base.policies_run - 1


def _with_level(entry: Any, level: str) -> Any:
    return {**entry, "enforcementLevel": level} if isinstance(entry, dict) else level


POD = ("plugin", ("metadata", "namespace"))  # the privileged DaemonSet leaves its exempt namespace
POD_RULES = frozenset(
    {
        "container-hardening",
        "images-pinned",
        "namespaces-default-deny",
        "no-host-namespaces",
        "no-privilege-escalation",
        "no-privileged-containers",
        "requests-and-limits",
        "run-as-non-root",
    }
)
# rule -> (resource, path dropped, rules that then report a violation): a missing property means the cloud's
# default, which some rules accept (an on-demand pool in prod, AKS's 7 backup days) and most refuse.
MISSING: dict[str, tuple[str, tuple[str | int, ...], frozenset[str]]] = {
    "accelerator-pools-on-spot": ("eks-h100", ("capacityType",), frozenset()),
    "accelerator-pools-scale-to-zero": (
        "eks-h100",
        ("scalingConfig", "minSize"),
        frozenset({"accelerator-pools-scale-to-zero"}),
    ),
    "pool-max-nodes": ("aks-t4", ("maxCount",), frozenset({"pool-max-nodes"})),
    # without a placement policy the v5e pool is a single-host pool of the same machines: nothing changes
    "stack-accelerators-at-full-scale": ("gke-v5e", ("placementPolicy",), frozenset()),
    "stack-hourly-cost": ("eks-h100", ("instanceTypes",), frozenset({"stack-hourly-cost"})),
    "accelerator-allowlists": ("gke-v5e", ("location",), frozenset()),
    # GKE taints TPU and GPU nodes itself; EKS and AKS pools have only the taints they declare
    "accelerator-pools-tainted": ("eks-h100", ("taints",), frozenset({"accelerator-pools-tainted"})),
    "aws-spot-diversified": ("eks-h100", ("labels",), frozenset()),
    "system-pool-on-demand": ("eks-system", ("capacityType",), frozenset()),
    "stateful-workloads-on-demand": ("tracker", ("spec", "template", "spec", "nodeSelector"), frozenset()),
    "cost-allocation-tags": ("st", ("tags",), frozenset({"cost-allocation-tags"})),
    "small-databases-in-dev": ("db", ("instanceClass",), frozenset()),
    "api-endpoint-private": ("aks", ("apiServerAccessProfile",), frozenset({"api-endpoint-private"})),
    "secrets-encrypted-with-cmk": (
        "aks",
        ("securityProfile", "azureKeyVaultKms"),
        frozenset({"secrets-encrypted-with-cmk"}),
    ),
    "control-plane-audit-logging": ("eks", ("enabledClusterLogTypes",), frozenset({"control-plane-audit-logging"})),
    "aks-audit-logs": ("aks-audit", ("logs",), frozenset({"aks-audit-logs"})),
    "workload-identity": ("aks", ("oidcIssuerProfile",), frozenset({"workload-identity"})),
    "node-metadata-protected": (
        "gke",
        ("nodeConfig", "workloadMetadataConfig"),
        frozenset({"node-metadata-protected"}),
    ),
    "no-public-node-access": (
        "gke",
        ("privateClusterConfig", "enablePrivateNodes"),
        frozenset({"no-public-node-access"}),
    ),
    "network-policy-enforced": ("gke", ("datapathProvider",), frozenset({"network-policy-enforced"})),
    "eks-network-policy": ("eks-vpc-cni", ("configurationValues",), frozenset({"eks-network-policy"})),
    "no-legacy-authentication": ("aks", ("disableLocalAccounts",), frozenset({"no-legacy-authentication"})),
    "supported-kubernetes-version": ("aks", ("kubernetesVersion",), frozenset({"supported-kubernetes-version"})),
    "hardened-node-images": ("eks-h100", ("amiType",), frozenset()),
    "least-privilege-node-identity": (
        "gke-v5e",
        ("nodeConfig", "serviceAccount"),
        frozenset({"least-privilege-node-identity"}),
    ),
    "buckets-not-public": ("models", ("publicAccessPrevention",), frozenset({"buckets-not-public"})),
    "buckets-encrypted": ("art-sse", ("rules",), frozenset({"buckets-encrypted"})),
    "buckets-versioned": ("st-blob", ("isVersioningEnabled",), frozenset({"buckets-versioned"})),
    "buckets-tls-only": ("st", ("minimumTlsVersion",), frozenset({"buckets-tls-only"})),
    "databases-not-public": ("pg", ("network",), frozenset({"databases-not-public"})),
    "databases-encrypted": ("db", ("storageEncrypted",), frozenset({"databases-encrypted"})),
    "databases-tls-enforced": (
        "sql",
        ("settings", "ipConfiguration", "sslMode"),
        frozenset({"databases-tls-enforced"}),
    ),
    "databases-backed-up": ("pg", ("backup",), frozenset()),
    "databases-deletion-protected": (
        "sql",
        ("settings", "deletionProtectionEnabled"),
        frozenset({"databases-deletion-protected"}),
    ),
    "no-public-load-balancer": ("api-lb", ("metadata", "annotations"), frozenset({"no-public-load-balancer"})),
    "no-privileged-containers": (*POD, POD_RULES),
    "no-host-namespaces": (*POD, POD_RULES),
    "no-privilege-escalation": (
        "api",
        (*C, "securityContext", "allowPrivilegeEscalation"),
        frozenset({"no-privilege-escalation"}),
    ),
    "run-as-non-root": ("api", (*C, "securityContext", "runAsNonRoot"), frozenset({"run-as-non-root"})),
    "requests-and-limits": ("api", (*C, "resources", "requests"), frozenset({"requests-and-limits"})),
    "helm-releases-pinned": ("operator", ("repositoryOpts",), frozenset({"helm-releases-pinned"})),
    "container-hardening": ("api", (*C, "securityContext", "capabilities"), frozenset({"container-hardening"})),
    "images-pinned": ("api", (*C, "image"), frozenset({"images-pinned"})),
    "namespaces-default-deny": ("ml-deny", ("spec", "policyTypes"), frozenset({"namespaces-default-deny"})),
    "keys-rotated": ("art-key", ("enableKeyRotation",), frozenset({"keys-rotated"})),
    "buckets-owner-enforced": ("art-own", ("rule",), frozenset({"buckets-owner-enforced"})),
    "databases-highly-available": ("sql", ("settings", "availabilityType"), frozenset({"databases-highly-available"})),
    "key-vaults-network-restricted": (
        "kv",
        ("properties", "networkAcls"),
        frozenset({"key-vaults-network-restricted"}),
    ),
    "storage-accounts-network-restricted": (
        "st",
        ("networkRuleSet",),
        frozenset({"storage-accounts-network-restricted"}),
    ),
    "aks-host-encryption": ("aks-t4", ("enableEncryptionAtHost",), frozenset({"aks-host-encryption"})),
}


def test_every_rule_has_a_missing_property_case() -> None:
    assert sorted(MISSING) == sorted(PACK_OF)


@pytest.mark.parametrize("rule", sorted(MISSING))
def test_a_missing_property_takes_the_clouds_default(rule: str) -> None:
    resource, path, violating = MISSING[rule]
    result = verdicts(mutated(resource, (path, DROP)))
    assert {v.policy for v in result.verdicts} == violating
    assert {v.kind for v in result.verdicts} <= {"violation"}
