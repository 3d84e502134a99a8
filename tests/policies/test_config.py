"""Pack config as the Pulumi CLI handles `--policy-pack-config`: JSON only, schema defaults, then `all`'s level,
then each entry, validated against `{"type": "object", "properties": <schema>}` with gojsonschema's messages.

Source of each behaviour: pulumi/pulumi `pkg/resource/analyzer/config.go` (parsePolicyPackConfig,
ReconcilePolicyPackConfig, applyConfig, validatePolicyConfig) and `pkg/engine/update.go`
(installAndLoadPolicyPlugins: "validating policy config: <pack> <version>  <policy>: <error>", sorted).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pulumi_policy import EnforcementLevel

from mlplatform.policy import PolicyConfigError, settings
from mlplatform.policy.config import SUPPORTED_KEYWORDS, load_pack_config, reconcile, validate
from mlplatform.policy.packs import PACKS, config_warnings, pack_configs
from policies.cost_guardrails.pack import PACK as COST
from policies.security_baseline.pack import PACK as SECURITY

PREFIX = "validating policy config: mlplatform-cost-guardrails 0.1.0  "
BOOKS = COST.policy("stack-hourly-cost").config_schema.properties["priceBook"]["enum"]  # type: ignore[union-attr]


def test_defaults_come_from_the_schemas_then_all_then_each_policy() -> None:
    chosen = settings(SECURITY, {"all": "advisory", "databases-backed-up": {"minBackupRetentionDays": 30}})
    assert chosen["databases-backed-up"].config == {"minBackupRetentionDays": 30.0}
    assert chosen["databases-backed-up"].level is EnforcementLevel.ADVISORY
    assert chosen["databases-deletion-protected"].config == {"protectedEnvironments": ["prod"]}
    levels = settings(COST, {"pool-max-nodes": {"enforcementLevel": "disabled"}, "aws-spot-diversified": "mandatory"})
    assert levels["pool-max-nodes"].level is EnforcementLevel.DISABLED
    assert levels["pool-max-nodes"].config == {"maxNodesPerPool": 16.0}  # a protobuf Struct carries floats
    assert levels["aws-spot-diversified"].level is EnforcementLevel.MANDATORY
    assert levels["stack-hourly-cost"].level is EnforcementLevel.MANDATORY


# What the engine accepts: (config, the level and config it gives pool-max-nodes, the warnings we add).
ACCEPTED: dict[str, tuple[dict[str, Any], tuple[str, dict[str, Any]], list[str]]] = {
    "typo'd setting": (
        {"pool-max-nodes": {"maxNodePerPool": 3}},
        ("mandatory", {"maxNodesPerPool": 16.0, "maxNodePerPool": 3.0}),
        ["mlplatform-cost-guardrails.pool-max-nodes: 'maxNodePerPool' is not one of its settings, ignored; "
         "did you mean 'maxNodesPerPool'?"],
    ),
    "unknown policy": (
        {"pool-max-node": "advisory"},
        ("mandatory", {"maxNodesPerPool": 16.0}),
        ["mlplatform-cost-guardrails: no policy named 'pool-max-node', ignored; did you mean 'pool-max-nodes'?"],
    ),
    "8.0 for an integer": ({"pool-max-nodes": {"maxNodesPerPool": 8.0}}, ("mandatory", {"maxNodesPerPool": 8.0}), []),
    "all as an object": (
        {"all": {"enforcementLevel": "advisory", "maxNodesPerPool": 2}},
        ("advisory", {"maxNodesPerPool": 16.0}),
        ["mlplatform-cost-guardrails.all: maxNodesPerPool ignored; only its enforcementLevel applies"],
    ),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_what_the_engine_accepts_is_accepted_and_likely_typos_warned(case: str) -> None:
    config, (level, props), warnings = ACCEPTED[case]
    reconciled = reconcile(COST, config, "0.1.0")
    chosen = reconciled.settings["pool-max-nodes"]
    assert (chosen.level.value, dict(chosen.config)) == (level, props)
    assert list(reconciled.warnings) == warnings


REFUSED: dict[str, tuple[dict[str, Any], str]] = {
    "below a minimum": (
        {"pool-max-nodes": {"maxNodesPerPool": 0}},
        PREFIX + "pool-max-nodes: maxNodesPerPool: Must be greater than or equal to 1",
    ),
    "price book not in the enum": (
        {"stack-hourly-cost": {"priceBook": "cheapest"}},
        PREFIX + "stack-hourly-cost: priceBook: priceBook must be one of the following: "
        + ", ".join(json.dumps(b) for b in BOOKS),
    ),
    "wrong list item type": (
        {"accelerator-allowlists": {"allowedRegions": ["us-east-1", 7]}},
        PREFIX + "accelerator-allowlists: allowedRegions.1: Invalid type. Expected: string, given: integer",
    ),
    "a string for an integer": (
        {"pool-max-nodes": {"maxNodesPerPool": "two"}},
        PREFIX + "pool-max-nodes: maxNodesPerPool: Invalid type. Expected: integer, given: string",
    ),
    "a fraction for an integer": (
        {"pool-max-nodes": {"maxNodesPerPool": 2.5}},
        PREFIX + "pool-max-nodes: maxNodesPerPool: Invalid type. Expected: integer, given: number",
    ),
    "an invalid level": (
        {"all": "strict"},
        "parsing enforcement level for 'all': 'strict' is not a valid enforcement level "
        "(advisory, mandatory, remediate, disabled)",
    ),
    "a level that is not a string": (
        {"pool-max-nodes": {"enforcementLevel": 1}},
        "parsing enforcement level for 'pool-max-nodes': 1 is not a valid enforcement level; must be a string",
    ),
    "neither a level nor an object": (
        {"cost-allocation-tags": ["team"]},
        "parsing 'cost-allocation-tags': [\"team\"] is not a valid value; must be a string or object",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_the_engine_refuses_is_refused_with_its_reason(case: str) -> None:
    config, message = REFUSED[case]
    with pytest.raises(PolicyConfigError) as refused:
        settings(COST, config)
    assert str(refused.value) == message


def test_every_problem_is_reported_sorted_as_the_engine_does() -> None:
    config = {
        "stack-accelerators-at-full-scale": {"maxAcceleratorsAtFullScale": -1},
        "pool-max-nodes": {"maxNodesPerPool": 0},
    }
    with pytest.raises(PolicyConfigError) as refused:
        settings(COST, config)
    assert str(refused.value).splitlines() == [
        PREFIX + "pool-max-nodes: maxNodesPerPool: Must be greater than or equal to 1",
        PREFIX + "stack-accelerators-at-full-scale: maxAcceleratorsAtFullScale: Must be greater than or equal to 0",
    ]


def test_yaml_is_refused_and_empty_is_no_config(tmp_path: Path) -> None:
    yaml_file = tmp_path / "cost.yaml"
    yaml_file.write_text("pool-max-nodes:\n  maxNodesPerPool: 4\n")
    with pytest.raises(PolicyConfigError, match=r"cost.yaml: not JSON \(Expecting value at line 1 column 1\); the "
                       r"Pulumi CLI reads --policy-pack-config files as JSON only"):
        load_pack_config(yaml_file)
    empty = tmp_path / "empty.json"
    empty.write_text("  \n")
    assert load_pack_config(empty) == {}


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_the_schemas_use_only_keywords_the_validator_implements(pack: Any) -> None:
    used = {k for p in pack.policies if p.config_schema for s in p.config_schema.properties.values() for k in _keys(s)}
    assert used <= SUPPORTED_KEYWORDS


def _keys(schema: dict[str, Any]) -> set[str]:
    nested = schema.get("items")
    return set(schema) | (_keys(nested) if isinstance(nested, dict) else set())


SAMPLES: list[Any] = [0, 1, 2.5, 8.0, -1, "x", "on-demand", True, None, [], ["a"], ["a", 1], {}, {"a": 1}, 1e9]


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_the_validator_agrees_with_a_reference_json_schema_implementation(pack: Any) -> None:
    """jsonschema (Draft 7, like gojsonschema: an integral 8.0 is an integer) decides the same valid/invalid."""
    for policy in pack.policies:
        if policy.config_schema is None:
            continue
        props = policy.config_schema.properties
        whole = {"type": "object", "properties": props}
        for key in props:
            for sample in SAMPLES:
                ours = not validate(props, {key: sample})
                theirs = jsonschema.Draft7Validator(whole).is_valid({key: sample})
                assert ours == theirs, (policy.name, key, sample)


def test_pack_config_files_are_named_by_pack_or_folder(tmp_path: Path) -> None:
    cost = tmp_path / "cost.json"
    cost.write_text(json.dumps({"pool-max-nodes": {"maxNodesPerPool": 4}}))
    security = tmp_path / "security.json"
    security.write_text(json.dumps({"all": "advisory"}))

    loaded = pack_configs([f"policies/cost_guardrails={cost}", f"mlplatform-security-baseline={security}"])

    assert loaded == {COST.name: {"pool-max-nodes": {"maxNodesPerPool": 4}}, SECURITY.name: {"all": "advisory"}}
    both = tmp_path / "policy.json"
    both.write_text(json.dumps({"cost_guardrails": {"all": "advisory"}, "mlplatform-security-baseline": {}}))
    assert pack_configs([str(both)]) == {COST.name: {"all": "advisory"}, SECURITY.name: {}}
    with pytest.raises(PolicyConfigError, match=r"--config 'nothing=.*': expected PACK=FILE, or a file keyed by pack"):
        pack_configs([f"nothing={cost}"])
    with pytest.raises(PolicyConfigError, match="already has a config"):
        pack_configs([f"cost_guardrails={cost}", str(both)])


def test_config_warnings_cover_both_packs() -> None:
    configs = {COST.name: {"pool-max-nodes": {"maxNodesPerPool": 4}}, SECURITY.name: {"databases-backedup": "advisory"}}
    assert config_warnings(configs) == [
        "mlplatform-security-baseline: no policy named 'databases-backedup', ignored; "
        "did you mean 'databases-backed-up'?"
    ]
