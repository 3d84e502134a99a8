"""Every rejected blueprint of tests/spec stops the real program before its first registration."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from components.spec import Cloud
from components.spec.stackconfig import PROVIDER_REGION_KEY
from mlplatform.engine.render import RenderError, render
from mlplatform.engine.stackfile import BLUEPRINT_KEY, read_stack_file
from tests.engine.stacks import ROOT
from tests.spec.test_rejections import CASES, mutated
from tests.spec.test_rejections_platform import CASES as PLATFORM_CASES

STACK = read_stack_file(ROOT / "stacks" / "Pulumi.aws-dev.yaml")


def provider_config(blueprint: dict[str, Any]) -> dict[str, Any]:
    """The provider key a stack file would carry for the blueprint's cloud (unknown clouds keep AWS's)."""
    try:
        namespace, key = PROVIDER_REGION_KEY[Cloud(blueprint["cloud"])]
    except ValueError:
        return {"aws:region": blueprint["region"]}
    return {f"{namespace}:{key}": blueprint["region"]}


@pytest.mark.parametrize(
    ("change", "path", "words"), [c[1:] for c in CASES + PLATFORM_CASES], ids=[c[0] for c in CASES + PLATFORM_CASES]
)
def test_program_fails_before_registering(change: Callable[[dict[str, Any]], None], path: str,
                                          words: tuple[str, ...]) -> None:
    blueprint = mutated(change)
    bad = dataclasses.replace(STACK, config={BLUEPRINT_KEY: blueprint, **provider_config(blueprint)})
    with pytest.raises(RenderError) as caught:
        render(bad)
    message = str(caught.value)
    assert message.startswith("stacks/Pulumi.aws-dev.yaml: ")
    assert f"\n  {path}: " in message
    assert len(caught.value.inventory) == 0


def test_a_valid_blueprint_through_the_same_path_does_register() -> None:
    """Control: the harness above is able to see registrations."""
    blueprint = mutated(lambda raw: None)
    good = dataclasses.replace(STACK, config={BLUEPRINT_KEY: blueprint, **provider_config(blueprint)})
    assert len(render(good)) > 0
