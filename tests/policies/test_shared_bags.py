"""The runner builds each resource's argument bag and options once per stack, and the stack policies' linked
resources once, and hands them to every policy of both packs.

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
from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

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


def _options(options: PolicyResourceOptions) -> dict[str, Any]:
    """Options as plain values (their custom timeouts are an object of their own)."""
    return {k: vars(v) if hasattr(v, "__dict__") else v for k, v in vars(options).items()}


def _resource(resource: PolicyResource) -> tuple[Any, ...]:
    """A linked resource as what a policy reads of it, its links by URN."""
    return (
        resource.resource_type, resource.urn, resource.name, resource.props, resource.opts, resource.provider,
        resource.parent.urn if resource.parent else None, [d.urn for d in resource.dependencies],
        {k: [d.urn for d in v] for k, v in resource.property_dependencies.items()},
    )


def unchanged(ready: Prepared) -> list[str]:
    """URNs whose shared bag, options or linked resource no longer equals a fresh one built from the recorded
    inputs (the linked resource must still hold the shared bag and options)."""
    fresh = {r.urn: _resource(r) for r in build.linked(ready.registrations, ready.providers, ready.props,
                                                         ready.options)}
    return [
        r.urn for r, linked in zip(ready.registrations, ready.resources, strict=True)
        if plain(ready.props[r.urn]) != build.wire_props(r.inputs)
        or _options(ready.options[r.urn]) != _options(build.options(r))
        or _resource(linked) != fresh[r.urn]
    ]


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


@pytest.mark.parametrize("write", ["options", "link", "list"])
def test_a_policy_writing_options_or_links_is_seen(rendered: SessionRenders, write: str) -> None:  # noqa: F811
    """Options and the stack policies' linked resources are shared too: a write to either shows; reordering the
    resources list does not leak (each stack policy gets a list of its own)."""
    r = rendered[STACKS[0]]
    ready = Prepared.of(r.inventory, r.stack.project, r.stack.config)
    before = [x.urn for x in ready.resources]

    def writes(args: StackValidationArgs, _report: Any) -> None:
        if write == "options":
            args.resources[-1].opts.protect = not args.resources[-1].opts.protect
        elif write == "link":
            args.resources[-1].dependencies.append(args.resources[0])
        else:
            args.resources.reverse()

    policy = StackValidationPolicy("writes", "writes its args", writes, EnforcementLevel.ADVISORY)
    run_pack(replace(PACKS[0], policies=(policy,)), r.inventory, r.stack.project, r.stack.config, prepared=ready)
    assert unchanged(ready) == ([] if write == "list" else [ready.registrations[-1].urn])
    assert [x.urn for x in ready.resources] == before
