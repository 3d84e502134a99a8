"""The runner builds each resource's argument bag once per stack and hands it to every policy of both packs.

The SDK's servicer deserializes a fresh bag for each policy (`pulumi_policy/policy.py`, `Analyze`: the loop over
policies wraps `deserialize_properties` of the request each time), so sharing gives the same verdicts only while
no policy writes to its args (`_DictProxy.__setitem__` writes through). These tests hold the packs to that on every
committed stack, and show the check would see a write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pytest
from pulumi_policy import EnforcementLevel, ResourceValidationArgs, ResourceValidationPolicy

from mlplatform.policy import args as build
from mlplatform.policy.packs import PACKS
from mlplatform.policy.runner import Prepared, run_pack
from tests.engine.conftest import rendered  # noqa: F401 - the session's shared renders
from tests.engine.stacks import STACK_FILES, SessionRenders

STACKS = [p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in STACK_FILES]


def plain(value: Any) -> Any:
    """A proxied bag back to plain values, read under the proxy (unknowns stay their sentinel)."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value["__target"].items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [plain(v) for v in value["__target"]]
    return value


def unchanged(ready: Prepared) -> list[str]:
    """URNs whose shared bag no longer equals a fresh one built from the recorded inputs."""
    return [r.urn for r in ready.registrations if plain(ready.props[r.urn]) != build.wire_props(r.inputs)]


@pytest.mark.parametrize("stack", STACKS)
def test_no_policy_writes_to_the_bags_it_shares(stack: str, rendered: SessionRenders) -> None:  # noqa: F811
    r = rendered[stack]
    ready = Prepared.of(r.inventory, r.stack.project, r.stack.config)
    assert unchanged(ready) == []
    for pack in PACKS:
        run_pack(pack, r.inventory, r.stack.project, r.stack.config, prepared=ready)
    assert unchanged(ready) == []


def test_a_writing_policy_is_seen(rendered: SessionRenders) -> None:  # noqa: F811
    r = rendered[STACKS[0]]
    ready = Prepared.of(r.inventory, r.stack.project, r.stack.config)

    def writes(args: ResourceValidationArgs, _report: Any) -> None:
        if args.urn == ready.registrations[-1].urn:
            args.props["written"] = True  # type: ignore[index]

    policy = ResourceValidationPolicy("writes", "writes its args", writes, EnforcementLevel.ADVISORY)
    pack = replace(PACKS[0], policies=(policy,))
    run_pack(pack, r.inventory, r.stack.project, r.stack.config, prepared=ready)
    assert unchanged(ready) == [ready.registrations[-1].urn]
