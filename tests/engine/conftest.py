"""Each committed stack is rendered once per test session (a render costs about a second)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from components.plan import plan_platform
from mlplatform.engine.render import render
from mlplatform.engine.stackfile import read_stack_file
from tests.engine.stacks import STACK_FILES, Rendered, blueprint_of


@pytest.fixture(scope="session")
def rendered() -> Mapping[str, Rendered]:
    out = {}
    for path in STACK_FILES:
        stack = read_stack_file(path)
        blueprint = blueprint_of(stack)
        out[stack.stack] = Rendered(stack, blueprint, plan_platform(blueprint), render(stack))
    return out
