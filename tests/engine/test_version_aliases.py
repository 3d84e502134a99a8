"""Offline renders leave out the provider classes' version aliases and nothing else (mlplatform/engine/aliases.py).

The engine uses a type alias only to find state saved under an older type token; under mocks there is no state,
and the inventory records URN aliases only, so the inventories must be equal either way. What the engine received
is read off the wire (`RegisterResource` requests), so the test sees the alias specs the inventory does not keep.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pulumi
import pytest

from mlplatform.engine.aliases import is_version_alias, without_version_aliases
from mlplatform.engine.mocks import RecordingMonitor
from mlplatform.engine.render import render
from tests.engine.stacks import Rendered

Wire = dict[str, list[str]]  # resource name -> its aliases as sent: "urn:..." or "type:<token>"
OLD_PART_URN = "urn:pulumi:test::aliases::test:index:OldPart::part"
OLD_GROUP_URN = "urn:pulumi:test::aliases::azure-native:resources:ResourceGroup::old-rg"
USER_TYPE = "test:legacy:ResourceGroup"
# The program of a one-stack project: a component renamed from OldPart (a URN alias, as `diff` relies on for
# renames) whose resource group carries a URN alias and a type alias of the user's own.
PROGRAM = f'''
import pulumi
from pulumi_azure_native import resources


class Part(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("test:index:Part", name, None, opts)
        aliases = ["{OLD_GROUP_URN}", pulumi.Alias(type_="{USER_TYPE}")]
        resources.ResourceGroup("rg", location="westeurope", opts=pulumi.ResourceOptions(parent=self, aliases=aliases))


Part("part", opts=pulumi.ResourceOptions(aliases=["{OLD_PART_URN}"]))
'''


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> Iterator[Wire]:
    seen: Wire = {}
    register = RecordingMonitor.RegisterResource

    def recording(self: RecordingMonitor, request: Any) -> Any:
        seen[request.name] = sorted(a.urn or f"type:{a.spec.type}" for a in request.aliases)
        return register(self, request)

    monkeypatch.setattr(RecordingMonitor, "RegisterResource", recording)
    yield seen


def covering(rendered: Mapping[str, Rendered]) -> list[str]:
    """Committed stacks that between them register every resource type any committed stack registers (greedy, the
    most new types first). A version alias belongs to a provider class, so rendering each class once is rendering
    every alias the committed stacks can send."""
    types = {name: {r.type for r in done.inventory} for name, done in rendered.items()}
    left = set().union(*types.values())
    chosen: list[str] = []
    while left:
        best = max(sorted(types), key=lambda name: len(types[name] & left))
        chosen.append(best)
        left -= types[best]
    return chosen


def test_the_covering_stacks_register_every_type_of_the_committed_stacks(rendered: Mapping[str, Rendered]) -> None:
    chosen = covering(rendered)
    every = {r.type for done in rendered.values() for r in done.inventory}
    assert {r.type for name in chosen for r in rendered[name].inventory} == every
    assert {name.split("-")[0] for name in chosen} == {"aws", "gcp", "azure"}
    assert len(chosen) < len(rendered)  # the point of the cover: fewer renders than stacks


def test_every_committed_resource_type_renders_the_same_inventory_with_and_without_version_aliases(
    rendered: Mapping[str, Rendered], wire: Wire
) -> None:
    """Each covering stack (every type of every committed stack) rendered again with the aliases kept."""
    for name in covering(rendered):
        done = rendered[name]
        wire.clear()
        with_aliases = render(done.stack, version_aliases=True)
        assert with_aliases.to_json() == done.inventory.to_json(), name
        if name.startswith("azure-"):
            # the change is not vacuous: the SDK sent a hundred version aliases for the AKS cluster alone
            cluster = next(r.name for r in with_aliases if r.type == "azure-native:containerservice:ManagedCluster")
            assert sum(a.startswith("type:azure-native:containerservice/v") for a in wire[cluster]) > 100


def test_the_default_render_sends_no_alias_for_the_committed_stacks(
    rendered: Mapping[str, Rendered], wire: Wire
) -> None:
    """The components set no alias today, so every alias on the wire would be a provider's version alias: the
    covering stacks send none, and no committed stack's inventory keeps a URN alias."""
    assert [r.name for done in rendered.values() for r in done.inventory if r.aliases] == []
    for name in covering(rendered):
        done = rendered[name]
        wire.clear()
        render(done.stack)
        root = f"{done.stack.project}-{name}"  # the stack resource, which the inventory leaves out
        assert set(wire) == {r.name for r in done.inventory} | {root}, name
        assert {n: aliases for n, aliases in wire.items() if aliases} == {}, name


def test_user_and_component_aliases_still_reach_the_engine_and_the_inventory(tmp_path: Path, wire: Wire) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: aliases\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(PROGRAM)
    stack = tmp_path / "Pulumi.test.yaml"
    stack.write_text("config: {}\n")

    inventory = render(stack)
    assert wire == {"aliases-test": [], "part": [OLD_PART_URN], "rg": [f"type:{USER_TYPE}", OLD_GROUP_URN]}
    assert {r.name: r.aliases for r in inventory} == {"part": (OLD_PART_URN,), "rg": (OLD_GROUP_URN,)}

    wire.clear()
    kept = render(stack, version_aliases=True)
    versions = [a for a in wire["rg"] if a.startswith("type:azure-native:resources/v")]
    assert len(versions) == 25  # pulumi-azure-native 3.29.0 resources/resource_group.py: one per API version
    assert sorted(set(wire["rg"]) - set(versions)) == [f"type:{USER_TYPE}", OLD_GROUP_URN]
    assert kept.to_json() == inventory.to_json()


def test_only_a_provider_classes_own_alias_opts_lose_their_type_aliases() -> None:
    user = pulumi.ResourceOptions(aliases=[pulumi.Alias(type_=USER_TYPE), pulumi.Alias(name="old", type_=USER_TYPE)])
    alias_opts = pulumi.ResourceOptions(aliases=[pulumi.Alias(type_="azure-native:resources/v20151101:ResourceGroup")])
    with without_version_aliases():
        merged = pulumi.ResourceOptions.merge(user, alias_opts)  # not called from a provider SDK: kept
        assert merged.aliases is not None and len(merged.aliases) == 3
    assert pulumi.ResourceOptions.merge.__module__ == "pulumi.resource"  # put back on exit
    assert [is_version_alias(a) for a in merged.aliases] == [True, False, True]
