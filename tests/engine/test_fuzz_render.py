"""A few random valid-or-not pools through the real program on each cloud: a render or a clean RenderError."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import example, given, settings

from mlplatform.engine.render import RenderError, render
from mlplatform.engine.stackfile import BLUEPRINT_KEY, read_stack_file
from tests.engine.stacks import ROOT
from tests.spec.test_fuzz import POOL


# Renders cost up to a second each: breadth lives in tests/spec/test_fuzz.py, this checks the wiring per cloud.
@pytest.mark.parametrize("stack_name", ["aws-dev", "gcp-dev", "azure-prod"])
@settings(max_examples=4)  # the profile (tests/conftest.py) sets derandomization and deadlines
@given(pool=POOL)
@example(pool={"name": "t4", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 1})
def test_random_pool_renders_or_fails_cleanly(stack_name: str, pool: dict[str, Any]) -> None:
    stack = read_stack_file(ROOT / "stacks" / f"Pulumi.{stack_name}.yaml")
    blueprint = {**stack.config[BLUEPRINT_KEY], "nodePools": [pool]}
    changed = dataclasses.replace(stack, config={**stack.config, BLUEPRINT_KEY: blueprint})
    try:
        inventory = render(changed)
    except RenderError as exc:
        assert str(exc).startswith(f"stacks/Pulumi.{stack_name}.yaml: "), str(exc)
        assert len(exc.inventory) == 0
        return
    assert list(inventory.outputs["poolNames"]) == [pool["name"]]
