"""A few random valid-or-not blueprints through the real program: a render or a clean RenderError."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings

from mlplatform.render import RenderError, render
from mlplatform.stackfile import BLUEPRINT_KEY, read_stack_file
from tests.engine.stacks import ROOT
from tests.spec.test_fuzz import POOL

STACK = read_stack_file(ROOT / "stacks" / "Pulumi.aws-dev.yaml")


# Renders cost about a second each: breadth lives in tests/spec/test_fuzz.py, this checks the wiring.
@settings(max_examples=6, deadline=None)
@given(POOL)
def test_random_pool_renders_or_fails_cleanly(pool: dict[str, Any]) -> None:
    blueprint = {**STACK.config[BLUEPRINT_KEY], "nodePools": [pool]}
    stack = dataclasses.replace(STACK, config={**STACK.config, BLUEPRINT_KEY: blueprint})
    try:
        inventory = render(stack)
    except RenderError as exc:
        assert str(exc).startswith("stacks/Pulumi.aws-dev.yaml: ")
        assert len(exc.inventory) == 0
        return
    assert inventory.outputs["poolNames"] == {pool["name"]: inventory.outputs["poolNames"][pool["name"]]}
