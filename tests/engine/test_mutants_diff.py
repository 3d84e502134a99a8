"""Diff behaviours a 14-mutant-per-module run over `mlplatform/diff` found unpinned or only reached through slow CLI
renders (tools/README.md, 2026-12-07 section), each on both sides of its boundary, on inventories and review
objects built here:
- costs: the stack delta is rounded to cents; a stack on one side only has no delta and no increase; a line
  missing either figure is unpriced;
- output: the comment's character accounting (a body that fits is never cut; a cut one keeps every line it can),
  the Mermaid diagram from 1 to 12 resources, `n/a` for a missing side, `-` for a line on one side only, and no
  "Unpriced" callout when everything is priced;
- transitions: a disk that grows, a version that moves one minor, a region spelled in another case are allowed;
  a stateful resource whose `location` input changes is refused; a blueprint region change (AWS keeps the region
  in its provider) moves each stateful resource present on both sides, nothing else, and only when both regions
  are known and differ;
- review: `cost-increase=PCT` fails above PCT only; appearing policy verdicts reach the JSON.
"""

from __future__ import annotations

import pytest

from mlplatform.diff import Action, Change, FailOn, ResourceDiff, StackDiff, failures, markdown, to_json
from mlplatform.diff.costs import Cost, CostDelta, CostItem
from mlplatform.diff.output import MERMAID_MAX_NODES
from mlplatform.diff.policy import Verdict
from mlplatform.diff.replace import BUCKET_STATE, DATABASE_STATE
from mlplatform.diff.transitions import TransitionRule, transitions
from mlplatform.engine.inventory import Inventory, Registration

EMPTY = Inventory(stack="s")
SAME = CostDelta(Cost(1.0, 2.0), Cost(1.0, 2.0))


def _adds(count: int, cost: CostDelta = SAME, stack: str = "s") -> StackDiff:
    resources = tuple(ResourceDiff(f"mlplatform::t::r{i}", "t", f"r{i}", Action.ADD) for i in range(count))
    return StackDiff(stack, "a", "b", resources, cost)


# --- costs ---------------------------------------------------------------------------------------------------
def test_the_stack_delta_is_rounded_to_cents_per_hour() -> None:
    delta = CostDelta(Cost(1.0, 2.0, idle_month=730.0, full_month=1460.0),
                      Cost(1.2345, 2.0049, idle_month=901.19, full_month=1463.58))
    assert delta.delta() == {"idleUsdPerHour": 0.23, "idleUsdPerMonth": 171.19,
                             "fullUsdPerHour": 0.0, "fullUsdPerMonth": 3.58}


@pytest.mark.parametrize(("base", "head"), [(None, Cost(1.0, 2.0)), (Cost(1.0, 2.0), None)])
def test_a_stack_on_one_side_only_has_no_delta_and_no_increase(base: Cost | None, head: Cost | None) -> None:
    delta = CostDelta(base, head)
    assert (delta.delta(), delta.increase_pct()) == (None, None)
    assert failures([StackDiff("s", "a", "b", (), delta)], [FailOn.parse("cost-increase=0")]) == []
    doc = to_json([StackDiff("s", "a", "b", (), delta)], [])["stacks"]
    assert isinstance(doc, list) and isinstance(doc[0], dict)
    cost = doc[0]["cost"]
    assert isinstance(cost, dict) and (cost["delta"], cost["increasePercent"]) == (None, None)


@pytest.mark.parametrize(("head", "failed"), [(11.0, []), (11.01, ["s: cost rises by 10.1% (more than 10%)"])])
def test_cost_increase_fails_above_its_threshold_only(head: float, failed: list[str]) -> None:
    diff = StackDiff("s", "a", "b", (), CostDelta(Cost(10.0, 10.0), Cost(10.0, head)))
    assert failures([diff], [FailOn.parse("cost-increase=10")]) == failed


def test_a_line_missing_either_figure_is_unpriced() -> None:
    """`cost` fills both figures of a line or neither today; a line with one figure is still not a price."""
    base = Cost(1.0, 2.0, items=(CostItem("NAT gateway", 0.05, 0.07),))
    head = Cost(1.0, 2.0, items=(CostItem("NAT gateway", 0.05, None),), unpriced=("NAT gateway",))
    [line] = CostDelta(base, head).lines()
    assert (line["delta"], line["unpriced"]) == (None, True)
    assert line["head"] == {"idleUsdPerHour": 0.05, "fullUsdPerHour": None}


# --- output: the comment's character accounting -------------------------------------------------------------
@pytest.mark.parametrize("stacks", [1, 2])
def test_details_that_fit_with_two_characters_to_spare_are_never_cut(stacks: int) -> None:
    """`_fit`'s room is the limit less the summary, the footer and their two joining newlines; each detail block
    it keeps costs its length and one newline."""
    diffs = [_adds(3, stack=f"s{i}") for i in range(stacks)]
    full = markdown(diffs, [], limit=10**6)
    assert "cut to stay" not in full and full.count("</details>") == stacks
    assert markdown(diffs, [], limit=len(full) + 2) == full
    cut = markdown(diffs, [], limit=len(full) - 1)
    assert "cut to stay" in cut and len(cut) <= len(full) - 1


def test_a_cut_block_keeps_every_row_that_fits() -> None:
    """Each limit in the sweep: the comment stays within it, and what is left unused is less than one more row
    (at most 23 characters here) plus its newline, the four of an unused code fence close and the spare two."""
    diffs = [_adds(300)]
    full = markdown(diffs, [], limit=10**6)
    for limit in range(2500, len(full), 7):
        text = markdown(diffs, [], limit=limit)
        assert "cut to stay under GitHub's comment limit" in text
        assert limit - 40 < len(text) <= limit, limit


# --- output: what the comment shows --------------------------------------------------------------------------
@pytest.mark.parametrize(("count", "drawn"), [(1, True), (MERMAID_MAX_NODES, True), (MERMAID_MAX_NODES + 1, False)])
def test_a_diagram_is_drawn_for_one_to_twelve_resources(count: int, drawn: bool) -> None:
    assert MERMAID_MAX_NODES == 12
    text = markdown([_adds(count)], [])
    assert ("```mermaid" in text) is drawn
    assert text.count("| + | `r") == count


def test_a_new_stack_shows_n_a_before_its_cost_and_a_removed_one_after() -> None:
    added = StackDiff("new", "a", "b", (), CostDelta(None, Cost(1.0, 2.5)), notes=("a: no such stack file",))
    removed = StackDiff("old", "a", "b", (), CostDelta(Cost(1.0, 2.5), None), notes=("b: no such stack file",))
    lines = markdown([added, removed], []).splitlines()
    assert "| `new` | 0 | 0 | 0 | 0 | n/a -> 1.00 | n/a -> 2.50 | +0 / -0 |" in lines
    assert "| `old` | 0 | 0 | 0 | 0 | 1.00 -> n/a | 2.50 -> n/a | +0 / -0 |" in lines
    assert not any(line.startswith("**Unpriced**") for line in lines)


def test_a_cost_line_on_one_side_only_shows_a_dash_for_the_other() -> None:
    base = Cost(1.0, 2.0, items=(CostItem("system", 1.0, 2.0),))
    head = Cost(1.0, 6.0, items=(CostItem("system", 1.0, 2.0), CostItem("a100", 0.0, 4.0)))
    text = markdown([_adds(1, CostDelta(base, head))], [])
    assert "| a100 | - -> 0.00 | - -> 4.00 | +4.00 | +2,920.00 |" in text.splitlines()
    assert "| system |" not in text  # unchanged lines are not listed


# --- transitions ---------------------------------------------------------------------------------------------
def _refused(type_token: str, path: str, old: object, new: object, stateful: str | None = None) -> set[str]:
    res = ResourceDiff(f"mlplatform::{type_token}::x", type_token, "x", Action.CHANGE,
                       changes=(Change(path, old, new),), stateful=stateful)
    return {t.rule.value for t in transitions((res,), EMPTY, EMPTY, (None, None))}


@pytest.mark.parametrize(("old", "new", "refused"), [
    (100, 50, {"storage-shrink"}), (50, 100, set()), (50, 50.0, set()),
])
def test_database_storage_may_grow_but_not_shrink(old: int, new: float, refused: set[str]) -> None:
    assert _refused("aws:rds/instance:Instance", "allocatedStorage", old, new, DATABASE_STATE) == refused


@pytest.mark.parametrize(("old", "new", "refused"), [
    ("1.35", "1.36", set()), ("1.35", "1.37", {"kubernetes-skipped-minor"}), ("1.36", "1.35", {"kubernetes-downgrade"}),
])
def test_a_control_plane_moves_one_minor_up(old: str, new: str, refused: set[str]) -> None:
    assert _refused("aws:eks/cluster:Cluster", "version", old, new) == refused


@pytest.mark.parametrize(("old", "new", "refused"), [
    ("us-central1", "europe-west4", {"stateful-region-move"}), ("US-CENTRAL1", "us-central1", set()),
])
def test_a_stateful_resource_whose_location_changes_is_refused(old: str, new: str, refused: set[str]) -> None:
    """GCP and Azure name the region as an input; a case-only respelling names the same region."""
    assert _refused("gcp:storage/bucket:Bucket", "location", old, new, BUCKET_STATE) == refused
    assert _refused("gcp:storage/bucketIAMMember:BucketIAMMember", "location", old, new) == set()  # not stateful


@pytest.mark.parametrize(("path", "old", "new", "refused"), [
    ("reclaimPolicy", "Delete", "Retain", {"immutable-field"}),
    ("reclaimPolicy", "Delete", "Delete", set()),
    ("volumeBindingMode", "Immediate", "WaitForFirstConsumer", {"immutable-field"}),
    ("volumeBindingMode", None, "WaitForFirstConsumer", {"immutable-field"}),
    ("allowVolumeExpansion", False, True, set()),  # the API server lets this one change
])
def test_a_storage_class_field_the_api_server_forbids_updating_is_refused(
    path: str, old: object, new: object, refused: set[str]
) -> None:
    """pulumi-kubernetes updates these in place (its StorageClass replace list is `parameters` and `provisioner`),
    and the API server forbids the update (`ValidateStorageClassUpdate`), so `pulumi up` would fail there."""
    assert _refused("kubernetes:storage.k8s.io/v1:StorageClass", path, old, new) == refused
    assert _refused("kubernetes:core/v1:ConfigMap", path, old, new) == set()  # only the StorageClass's fields


def test_a_location_move_says_where_the_data_stays() -> None:
    res = ResourceDiff("mlplatform::gcp:storage/bucket:Bucket::b", "gcp:storage/bucket:Bucket", "b", Action.REPLACE,
                       changes=(Change("location", "us-central1", "europe-west4"),), stateful=BUCKET_STATE)
    [found] = transitions((res,), EMPTY, EMPTY, (None, None))
    assert (found.rule, found.path, found.old, found.new) == (
        TransitionRule.STATEFUL_REGION_MOVE, "location", "us-central1", "europe-west4")
    assert found.message == ("gcp:storage/bucket:Bucket b: location us-central1 -> europe-west4: a stateful resource "
                             "does not move region; its data stays in us-central1")


def _bucket(stack: str, name: str, type_token: str = "aws:s3/bucket:Bucket") -> Registration:
    return Registration(urn=f"urn:pulumi:{stack}::mlplatform::{type_token}::{name}", type=type_token, name=name,
                        parent="", custom=True, inputs={})


def test_a_region_change_moves_every_stateful_resource_on_both_sides_only() -> None:
    """AWS keeps the region in its provider, not in an input: the blueprint's region change is the signal. A
    resource new on the head side holds no data yet; a stateless one loses nothing."""
    base = Inventory(stack="a", registrations=[_bucket("a", "kept"), _bucket("a", "policy", "aws:iam/policy:Policy")])
    head = Inventory(stack="b", registrations=[_bucket("b", "kept"), _bucket("b", "policy", "aws:iam/policy:Policy"),
                                              _bucket("b", "new")])
    [moved] = transitions((), base, head, ("us-east-1", "us-west-2"))
    assert (moved.rule, moved.name, moved.path, moved.old, moved.new) == (
        TransitionRule.STATEFUL_REGION_MOVE, "kept", "region", "us-east-1", "us-west-2")
    assert moved.message == ("aws:s3/bucket:Bucket kept: region us-east-1 -> us-west-2: a stateful resource does not "
                             f"move region; its data ({BUCKET_STATE}) stays in us-east-1")
    for regions in (("us-east-1", "us-east-1"), (None, "us-west-2"), ("us-east-1", None)):
        assert transitions((), base, head, regions) == ()


def test_policy_verdicts_that_appear_are_in_the_json() -> None:
    verdict = Verdict("no-public-endpoint", "mlplatform::aws:eks/cluster:Cluster::c", "mandatory", "public")
    diff = StackDiff("s", "a", "b", (), SAME, appeared=(verdict,))
    [stack] = to_json([diff], [])["stacks"]
    assert stack["policy"] == {"appeared": [{"policy": "no-public-endpoint", "level": "mandatory", "message": "public",
                                             "urn": "mlplatform::aws:eks/cluster:Cluster::c"}], "disappeared": []}
