"""The diff's costs are `cost`'s: the database and fixed costs included, per line and per stack, $/h and $/month;
and the pull-request comment fits GitHub's limit whatever the stack size."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from mlplatform.cli import app
from mlplatform.diff import Action, Change, ResourceDiff, StackDiff, markdown
from mlplatform.diff.costs import Cost, CostDelta, CostItem
from mlplatform.diff.output import COMMENT_LIMIT
from tests.engine.stacks import ROOT

runner = CliRunner()
AWS_PROD = ROOT / "stacks" / "Pulumi.aws-prod.yaml"


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    (tmp_path / "stacks").mkdir()
    for file in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / file, tmp_path / file)
    text = AWS_PROD.read_text()
    assert old in text
    path = tmp_path / "stacks" / "Pulumi.aws-prod.yaml"
    path.write_text(text.replace(old, new))
    return path


def _cost_report(path: Path) -> dict[str, object]:
    result = runner.invoke(app, ["cost", str(path), "--format", "json"])
    [report] = json.loads(result.output)
    return dict(report)


def _cost_totals(path: Path) -> dict[str, float]:
    return dict(_cost_report(path)["per_hour"])  # type: ignore[call-overload]


def _database(path: Path) -> dict[str, float]:
    return next(f for f in _cost_report(path)["fixed"] if f["item"] == "database")  # type: ignore[attr-defined]


def test_a_database_resize_shows_its_delta_and_the_totals_are_costs_own(tmp_path: Path) -> None:
    head = _edited(tmp_path, "database: {size: medium}", "database: {size: large}")
    result = runner.invoke(app, ["diff", str(AWS_PROD), str(head), "--format", "json", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    [stack] = json.loads(result.output)["stacks"]
    cost = stack["cost"]
    before, after = _cost_totals(AWS_PROD), _cost_totals(head)
    assert (cost["base"]["idleUsdPerHour"], cost["base"]["fullUsdPerHour"]) == (before["idle"], before["full"])
    assert (cost["head"]["idleUsdPerHour"], cost["head"]["fullUsdPerHour"]) == (after["idle"], after["full"])
    assert (cost["base"]["idleUsdPerMonth"], cost["head"]["fullUsdPerMonth"]) == (
        before["idle_per_month"], after["full_per_month"])
    assert cost["delta"]["idleUsdPerHour"] == round(after["idle"] - before["idle"], 2) > 0
    assert cost["delta"]["fullUsdPerMonth"] == round(after["full_per_month"] - before["full_per_month"], 2)
    [line] = cost["lines"]
    assert line["line"] == "database" and line["unpriced"] is False
    assert line["delta"]["idleUsdPerHour"] > 0
    old_db, new_db = _database(AWS_PROD), _database(head)
    assert line["base"]["fullUsdPerHour"] == old_db["full"] and line["head"]["fullUsdPerHour"] == new_db["full"]
    assert line["delta"]["fullUsdPerMonth"] == round(new_db["full_per_month"] - old_db["full_per_month"], 2)
    text = runner.invoke(app, ["diff", str(AWS_PROD), str(head), "--jobs", "1"]).output
    assert "| database | " in text and "Cost delta: idle +" in text


def test_an_unpriced_line_is_flagged_never_zero() -> None:
    priced = Cost(1.0, 2.0, items=(CostItem("gpu", 1.0, 2.0),))
    unpriced = Cost(0.0, 0.0, items=(CostItem("gpu", None, None),), unpriced=("gpu",))
    delta = CostDelta(priced, unpriced)
    assert delta.lines() == [{"line": "gpu", "base": {"idleUsdPerHour": 1.0, "fullUsdPerHour": 2.0},
                              "head": {"idleUsdPerHour": None, "fullUsdPerHour": None}, "delta": None,
                              "unpriced": True}]
    assert unpriced.to_json()["complete"] is False
    diff = StackDiff("s", "a", "b", (), delta)
    text = markdown([diff], [])
    assert "| `s` | 0 | 0 | 0 | 0 | 1.00 -> 0.00* (-100.0%) | 2.00 -> 0.00* (-100.0%) | +0 / -0 |" in text
    assert "**Unpriced** (no price in the book; totals marked * are lower bounds): `s`: gpu" in text


def _tag_change(pools: int) -> StackDiff:
    """A tag change on a stack of `pools` node pools: every pool's group, template and role change."""
    resources = tuple(
        ResourceDiff(f"mlplatform::aws:eks/nodeGroup:NodeGroup::pool-{i}-{kind}", f"aws:{kind}", f"pool-{i}-{kind}",
                     Action.CHANGE, "", tuple(Change(f"tags.{t}", "ml-research", "ml-infra") for t in ("a", "b", "c")))
        for i in range(pools) for kind in ("nodeGroup", "launchTemplate", "role")
    )
    return StackDiff("aws-big", "main:stacks/Pulumi.aws-big.yaml", "stacks/Pulumi.aws-big.yaml", resources,
                     CostDelta(Cost(1.0, 2.0), Cost(1.0, 2.0)))


def test_a_200_pool_tag_change_fits_one_comment_summary_first() -> None:
    diffs = [_tag_change(200), _tag_change(200)]
    text = markdown(diffs, [])
    assert len(text) < COMMENT_LIMIT
    assert text.startswith("### mlplatform diff: 2 of 2 stacks change")
    assert text.index("| `aws-big` | 0 | 0 | 0 | 600 |") < text.index("<details>")
    assert "cut to stay under GitHub's comment limit (1 more stack not shown): see the JSON artifact" in text
    assert text.count("<details>") == text.count("</details>") == 1
    assert text.count("```") % 2 == 0
    small = markdown([_tag_change(2)], [])
    assert "cut to stay" not in small and small.count("| ~ | `pool-") == 6
