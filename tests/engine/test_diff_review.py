"""--fail-on rules, the policy verdict interface, and the Markdown / JSON a reviewer and a machine read."""

from __future__ import annotations

import pytest

from mlplatform.diff import Action, Change, FailOn, FailOnError, ResourceDiff, StackDiff, failures, markdown, to_json
from mlplatform.diff.costs import Cost, CostDelta
from mlplatform.diff.policy import Verdict, verdict_delta
from mlplatform.diff.review import Rule

CLUSTER = ResourceDiff("mlplatform::aws:eks/cluster:Cluster::c", "aws:eks/cluster:Cluster", "c", Action.REPLACE,
                       "mlplatform::pulumi:pulumi:Stack::s", (Change("name", "a", "b"),), ("name",), "the cluster")
POOL = ResourceDiff("mlplatform::p$aws:eks/nodeGroup:NodeGroup::t4", "aws:eks/nodeGroup:NodeGroup", "t4",
                    Action.CHANGE, "mlplatform::p::t4", (Change("scalingConfig.maxSize", 4.0, 8.0),))
MANDATORY = Verdict("no-public-endpoint", "mlplatform::aws:eks/cluster:Cluster::c", "mandatory", "endpoint is public")


def stack_diff(idle: tuple[float, float] = (1.0, 1.0), full: tuple[float, float] = (10.0, 11.0),
               resources: tuple[ResourceDiff, ...] = (CLUSTER, POOL), appeared: tuple[Verdict, ...] = ()) -> StackDiff:
    cost = CostDelta(Cost(idle[0], full[0]), Cost(idle[1], full[1]))
    return StackDiff("aws-dev", "main:stacks/Pulumi.aws-dev.yaml", "stacks/Pulumi.aws-dev.yaml", resources, cost,
                     appeared=appeared)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("stateful-replacement", FailOn(Rule.STATEFUL_REPLACEMENT)), ("cost-increase=10", FailOn(Rule.COST_INCREASE, 10)),
     ("cost-increase=2.5%", FailOn(Rule.COST_INCREASE, 2.5)),
     ("new-mandatory-violation", FailOn(Rule.NEW_MANDATORY_VIOLATION))],
)
def test_fail_on_values_parse(text: str, parsed: FailOn) -> None:
    assert FailOn.parse(text) == parsed


@pytest.mark.parametrize("text", ["cost-increase", "cost-increase=-1", "cost-increase=ten", "stateful-replacement=1",
                                  "replacement"])
def test_a_bad_fail_on_value_says_what_is_allowed(text: str) -> None:
    with pytest.raises(FailOnError) as error:
        FailOn.parse(text)
    assert str(error.value) == (
        f"--fail-on {text!r}: expected new-mandatory-violation, stateful-replacement, replacement-stop, transition, "
        "transition=RULE (kubernetes-downgrade, kubernetes-skipped-minor, storage-shrink, stateful-region-move, "
        "immutable-field) or cost-increase=PCT (a percentage >= 0, e.g. cost-increase=10)")


def test_cost_increase_fails_above_the_threshold_only() -> None:
    rule = [FailOn(Rule.COST_INCREASE, 10)]
    assert failures([stack_diff(full=(10.0, 11.0))], rule) == []  # exactly 10%: not above
    assert failures([stack_diff(full=(10.0, 11.01))], rule) == ["aws-dev: cost rises by 10.1% (more than 10%)"]
    assert failures([stack_diff(idle=(0.0, 0.5), full=(10.0, 10.0))], rule) == [
        "aws-dev: cost rises from zero (more than 10%)"]
    assert failures([stack_diff(idle=(2.0, 1.0), full=(10.0, 5.0))], rule) == []


def test_stateful_replacement_and_new_mandatory_violations_fail() -> None:
    diff = stack_diff(appeared=(MANDATORY, Verdict("cost", "u", "advisory", "m")))
    assert failures([diff], [FailOn(Rule.STATEFUL_REPLACEMENT), FailOn(Rule.NEW_MANDATORY_VIOLATION)]) == [
        "aws-dev: stateful aws:eks/cluster:Cluster c is replaced",
        "aws-dev: new mandatory violation of no-public-endpoint on mlplatform::aws:eks/cluster:Cluster::c: "
        "endpoint is public",
    ]
    assert failures([stack_diff(resources=(POOL,))], [FailOn(Rule.STATEFUL_REPLACEMENT)]) == []


def test_verdicts_from_any_policy_runner_match_across_stacks() -> None:
    base = [("no-public-endpoint", "urn:pulumi:aws-dev::mlplatform::aws:eks/cluster:Cluster::c", "mandatory", "m"),
            ("spot", "urn:pulumi:aws-dev::mlplatform::x::p", "advisory", "on-demand")]
    head = [("no-public-endpoint", "urn:pulumi:pr-7::mlplatform::aws:eks/cluster:Cluster::c", "mandatory", "m")]
    assert verdict_delta(base, head) == ((), (Verdict("spot", "mlplatform::x::p", "advisory", "on-demand"),))


def test_markdown_puts_the_summary_and_stateful_losses_before_the_details() -> None:
    text = markdown([stack_diff()], ["aws-dev: stateful aws:eks/cluster:Cluster c is replaced"])
    lines = text.splitlines()
    assert lines[0] == "### mlplatform diff: 1 of 1 stacks change"
    assert lines[2] == ("> **Stateful replaced** in `aws-dev`: `aws:eks/cluster:Cluster` **c** (by `name`); "
                        "loses the cluster.")
    assert ("| `aws-dev` | 0 | 0 | 1 | 1 | 1.00 | 10.00 -> 11.00 (+10.0%) | +0 / -0 |") in lines
    assert lines.index("**--fail-on:**") < lines.index(
        "<details><summary><code>aws-dev</code>: 2 resources differ "
        "(main:stacks/Pulumi.aws-dev.yaml -> stacks/Pulumi.aws-dev.yaml)</summary>")
    assert '  r0["+- c<br/>aws:eks/cluster:Cluster"]:::replace' in lines
    assert "  p0 --> r1" in lines and '  p0["t4<br/>p"]' in lines
    assert "| ~ | `t4` | `aws:eks/nodeGroup:NodeGroup` | `scalingConfig.maxSize`: `4.0` -> `8.0` |" in lines
    assert "| +- | `c` | `aws:eks/cluster:Cluster` | **`name`**: `a` -> `b` |" in lines


def test_json_is_versioned_and_lists_every_change() -> None:
    doc = to_json([stack_diff()], [])
    assert doc["schemaVersion"] == 1 and doc["failures"] == []
    [stack] = doc["stacks"]
    assert stack["counts"] == {"add": 0, "remove": 0, "replace": 1, "change": 1}
    assert stack["statefulLosses"] == ["mlplatform::aws:eks/cluster:Cluster::c"]
    side = {"idleUsdPerMonth": 730.0, "unpriced": [], "complete": True}
    assert stack["cost"] == {
        "base": {"idleUsdPerHour": 1.0, "fullUsdPerHour": 10.0, "fullUsdPerMonth": 7300.0, **side},
        "head": {"idleUsdPerHour": 1.0, "fullUsdPerHour": 11.0, "fullUsdPerMonth": 8030.0, **side},
        "delta": {"idleUsdPerHour": 0.0, "idleUsdPerMonth": 0.0, "fullUsdPerHour": 1.0, "fullUsdPerMonth": 730.0},
        "increasePercent": 10.0, "lines": []}
    assert stack["resources"][1]["changes"] == [{"path": "scalingConfig.maxSize", "old": 4.0, "new": 8.0}]
