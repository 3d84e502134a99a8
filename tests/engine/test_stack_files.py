"""The committed stacks are one blueprint per environment: only cloud, region, provider keys, identities,
networks and TPUs differ."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
import yaml

from components.spec import Accelerator, AcceleratorKind
from mlplatform.commands.schema import stack_file_schema
from mlplatform.engine.stackfile import BLUEPRINT_KEY, read_stack_file
from tests.engine.stacks import ROOT

PROVIDER_KEYS = {"aws": {"aws:region"}, "gcp": {"gcp:project", "gcp:region"}, "azure": {"azure-native:location"}}


def neutral(cloud: str, environment: str) -> dict[str, Any]:
    stack = read_stack_file(ROOT / "stacks" / f"Pulumi.{cloud}-{environment}.yaml")
    assert set(stack.config) == {BLUEPRINT_KEY} | PROVIDER_KEYS[cloud]
    blueprint = copy.deepcopy(stack.config[BLUEPRINT_KEY])
    assert blueprint.pop("cloud") == cloud
    blueprint.pop("region")
    blueprint.pop("network")  # each stack has its own range and attaches to its cloud's hub
    assert blueprint["cluster"].pop("admins")  # identities are per cloud; every stack declares some
    tpu = {p["name"] for p in blueprint["nodePools"] if Accelerator(p["accelerator"]).kind is AcceleratorKind.TPU}
    blueprint["nodePools"] = [p for p in blueprint["nodePools"] if p["name"] not in tpu]
    ray = blueprint.get("services", {}).get("ray") or {}
    if "workers" in ray:  # the Ray groups on TPU pools go with them
        ray["workers"] = [w for w in ray["workers"] if w["pool"] not in tpu]
    return blueprint


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_stacks_share_one_blueprint_per_environment(environment: str) -> None:
    aws = neutral("aws", environment)
    assert aws == neutral("gcp", environment) == neutral("azure", environment)
    assert aws["environment"] == environment


def test_only_gcp_stacks_carry_a_tpu_pool() -> None:
    for cloud in ("aws", "gcp", "azure"):
        for environment in ("dev", "prod"):
            stack = read_stack_file(ROOT / "stacks" / f"Pulumi.{cloud}-{environment}.yaml")
            tpus = [p for p in stack.config[BLUEPRINT_KEY]["nodePools"] if p["accelerator"].startswith("tpu-")]
            assert len(tpus) == (1 if cloud == "gcp" else 0)


def test_committed_schema_is_current_and_every_stack_file_follows_it() -> None:
    """`mlplatform schema --stack-file > schema/stack-file.schema.json` regenerates it after a spec change."""
    committed = json.loads((ROOT / "schema" / "stack-file.schema.json").read_text())
    assert committed == stack_file_schema()
    validator = jsonschema.Draft202012Validator(committed)
    for path in sorted((ROOT / "stacks").glob("Pulumi.*.yaml")):
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert errors == [], path


def test_schema_rejects_a_typo() -> None:
    validator = jsonschema.Draft202012Validator(stack_file_schema())
    doc = yaml.safe_load((ROOT / "stacks" / "Pulumi.aws-dev.yaml").read_text())
    doc["config"][BLUEPRINT_KEY]["nodePools"][0]["maxNode"] = 3
    assert any("maxNode" in e.message for e in validator.iter_errors(doc))
