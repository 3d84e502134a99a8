"""Diff behaviours a mutation run of mlplatform/diff found unpinned (tools/README.md): each test fails on the named
mutant. A protected resource replaced through a dependency is a stop; protection removed in the same change still
stops (the stack's state is protected until the update runs); a rename reads as the URN change first."""

from __future__ import annotations

from dataclasses import replace

from mlplatform.diff import Action, Change, FailOn, ResourceDiff, StackDiff, compare, failures
from mlplatform.diff.compare import STOP
from mlplatform.diff.review import Rule
from mlplatform.diff.transitions import Transition, TransitionRule
from mlplatform.engine.inventory import Registration
from tests.engine.test_diff import STACK, inv, key, node_group, urn
from tests.engine.test_diff_review import stack_diff


def _subnets(cidr_b: str) -> tuple[Registration, Registration]:
    old = Registration(urn=urn("a", "aws:ec2/subnet:Subnet", "s1"), type="aws:ec2/subnet:Subnet", name="s1",
                       parent=STACK.format(stack="a"), custom=True, inputs={"cidrBlock": "10.0.0.0/19"})
    new = replace(old, urn=urn("b", "aws:ec2/subnet:Subnet", "s1"), inputs={"cidrBlock": cidr_b})
    return old, new


def _group_diff(prop: str, value: object, *, protect_a: bool, protect_b: bool) -> ResourceDiff:
    """The node group's diff when the subnet its `prop` takes an output of is replaced."""
    old_subnet, new_subnet = _subnets("10.1.0.0/19")
    a = replace(node_group("a", **{prop: value}), property_dependencies={prop: (old_subnet.urn,)}, protect=protect_a)
    b = replace(node_group("b", **{prop: value}), property_dependencies={prop: (new_subnet.urn,)}, protect=protect_b)
    return next(d for d in compare(inv("a", old_subnet, a), inv("b", new_subnet, b)) if d.name == "t4")


def test_a_protected_dependent_replaced_through_a_create_only_input_is_a_stop() -> None:
    """compare.py `action is Action.REPLACE and after.protect` -> `is not`."""
    diff = _group_diff("subnetIds", ["s1-id"], protect_a=True, protect_b=True)
    assert (diff.action, diff.stops) == (Action.REPLACE, True)
    assert diff.reasons == ("subnetIds[0] takes an output of s1, which is replaced, and subnetIds[0] is create-only",
                            STOP)


def test_a_protected_dependent_changed_in_place_is_not_called_a_stop() -> None:
    """The other side of the same condition: an updatable input (tags) that takes the new id changes in place."""
    diff = _group_diff("tags", {"subnet": "s1-id"}, protect_a=True, protect_b=True)
    assert (diff.action, diff.reasons) == (Action.CHANGE, ())
    assert diff.changes == (Change("tags.subnet", "s1-id", "(new value: s1 is replaced)"),)


def test_protection_dropped_in_the_same_change_still_stops_the_update() -> None:
    """compare.py `after.protect or before.protect` -> `and`: the state still holds protect when `up` replaces."""
    diff = _group_diff("subnetIds", ["s1-id"], protect_a=True, protect_b=False)
    assert (diff.action, diff.stops) == (Action.REPLACE, True)
    assert Change("options.protect", True, False) in diff.changes


def test_a_rename_with_an_input_change_lists_the_urn_change_first() -> None:
    """compare.py `changes.insert(0, ...)` -> `insert(1, ...)`."""
    old = key("a")
    new = replace(key("b"), urn=urn("b", "aws:kms/key:Key", "k2"), name="k2", aliases=(old.urn,),
                  inputs={"enableKeyRotation": False})
    [diff] = compare(inv("a", old), inv("b", new))
    assert diff.changes == (Change("urn", "mlplatform::aws:kms/key:Key::k", "mlplatform::aws:kms/key:Key::k2"),
                            Change("enableKeyRotation", True, False))


def _refused(*rules: TransitionRule) -> StackDiff:
    diff = stack_diff(resources=())
    found = tuple(Transition(rule, "k", "aws:eks/cluster:Cluster", "c", "version", "1.35", "1.33", f"{rule} refused")
                  for rule in rules)
    return replace(diff, transitions=found)


def test_fail_on_transition_names_each_refused_transition_or_only_the_rule_asked() -> None:
    """review.py: the transition branch of `failures` and `_transition_rule` returning None."""
    shrink = TransitionRule.STORAGE_SHRINK
    assert FailOn.parse("transition=storage-shrink") == FailOn(Rule.TRANSITION, transition=shrink)
    diff = _refused(TransitionRule.KUBERNETES_DOWNGRADE, shrink)
    assert failures([diff], [FailOn.parse("transition")]) == [
        "aws-dev: kubernetes-downgrade: kubernetes-downgrade refused",
        "aws-dev: storage-shrink: storage-shrink refused"]
    assert failures([diff], [FailOn.parse("transition=storage-shrink")]) == [
        "aws-dev: storage-shrink: storage-shrink refused"]
    assert failures([_refused()], [FailOn.parse("transition")]) == []
