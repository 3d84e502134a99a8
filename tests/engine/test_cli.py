"""The CLI end to end: exit codes, messages in the user's terms, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mlplatform.cli import app
from tests.engine.stacks import ROOT

runner = CliRunner()
AWS_DEV = str(ROOT / "stacks" / "Pulumi.aws-dev.yaml")


def bad_stack(tmp_path: Path, change: dict[str, object]) -> Path:
    """A copy of aws-dev in a throwaway project with one blueprint change."""
    for name in ("Pulumi.yaml", "__main__.py"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    doc = yaml.safe_load(Path(AWS_DEV).read_text())
    doc["config"]["mlplatform:blueprint"].update(change)
    path = tmp_path / "stacks" / "Pulumi.aws-bad.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(doc))
    return path


def test_validate_all_committed_stacks_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["validate", "--all"])
    assert result.exit_code == 0, result.output
    assert result.output.count("ok  ") == 6


def test_validate_reports_findings_with_paths_and_exit_1(tmp_path: Path) -> None:
    path = bad_stack(tmp_path, {"environment": "staging", "tags": {"Team": "x"}})
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}: 1 problem in mlplatform:blueprint\n" in result.output
    assert "tags.Team: 'Team': 'x': tag keys must start with a lowercase letter" in result.output
    assert "Traceback" not in result.output


def test_region_must_match_the_provider_key(tmp_path: Path) -> None:
    path = bad_stack(tmp_path, {"region": "us-west-2"})
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "aws:region: 'us-east-1' differs from the blueprint's region 'us-west-2'" in result.output


def test_plan_of_a_missing_file_is_bad_input() -> None:
    result = runner.invoke(app, ["plan", "stacks/Pulumi.nope.yaml"])
    assert result.exit_code == 2
    assert result.output.strip() == "stacks/Pulumi.nope.yaml: no such file"


def test_plan_without_stacks_is_bad_input() -> None:
    result = runner.invoke(app, ["plan"])
    assert result.exit_code == 2
    assert "name one or more stack files, --stack NAME, or pass --all" in result.output


def test_plan_json_shows_pools_and_resources() -> None:
    result = runner.invoke(app, ["plan", AWS_DEV, "--format", "json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert report["stack"] == "aws-dev"
    assert report["endpoint"] == "private"
    assert [(p["name"], p["accelerator"], p["capacity"], p["nodes"]) for p in report["pools"]] == [
        ("t4-dev", "nvidia-t4", "spot", "0..4"),
        ("a100-train", "nvidia-a100-80gb", "spot", "0..2"),
    ]
    assert report["resource_counts"]["aws:eks/cluster:Cluster"] == 1
    assert report["resources"] == sum(report["resource_counts"].values())
    # the preflight summary: system vCPUs, G spot and P spot quotas (mlplatform preflight has the detail)
    assert report["preflight"] == "3 quotas at full scale; unchecked (run `mlplatform preflight --quotas FILE`)"


def test_plan_markdown_is_a_pr_comment() -> None:
    result = runner.invoke(app, ["plan", AWS_DEV, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("### Stack `aws-dev`")
    assert "| t4-dev | nvidia-t4 | 1 | g4dn.xlarge" in result.output


def test_schema_is_json_schema_with_camel_case_keys() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["required"] == ["cloud", "region", "environment", "cluster"]
    assert doc["additionalProperties"] is False
    pool = doc["$defs"]["NodePoolSpec"]["properties"]
    assert {"acceleratorsPerNode", "minNodes", "maxNodes", "spotMaxPrice"} <= set(pool)


def test_plan_all_is_the_quick_start_and_every_stack_is_within_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["plan", "--all", "--format", "json"])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)
    assert [(r["stack"], r["cloud"]) for r in reports] == [
        ("aws-dev", "aws"), ("aws-prod", "aws"), ("azure-dev", "azure"), ("azure-prod", "azure"),
        ("gcp-dev", "gcp"), ("gcp-prod", "gcp"),
    ]
    assert not any(r["over_budget"] for r in reports)
    assert all(r["cost"]["missing"] == [] and "no price for" not in r["cost"]["summary"] for r in reports)


def test_plan_over_budget_exits_with_findings(tmp_path: Path) -> None:
    path = bad_stack(tmp_path, {"budget": {"maxUsdPerHour": 1}})
    result = runner.invoke(app, ["plan", str(path), "--format", "markdown"])
    assert result.exit_code == 1
    assert "budget $1.00/h: OVER BUDGET" in result.output


def test_price_overrides_change_the_cost(tmp_path: Path) -> None:
    overrides = tmp_path / "prices.yaml"
    overrides.write_text("aws:\n  p4de.24xlarge: {spot: 1.0}\n")
    result = runner.invoke(app, ["plan", AWS_DEV, "--format", "json", "--price-overrides", str(overrides)])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    a100 = next(p for p in report["pools"] if p["name"] == "a100-train")
    assert (a100["usd_per_hour_at_max"], a100["priced"]) == (2.0, True)  # 2 nodes x $1.00, a number


def test_bad_price_overrides_are_bad_input(tmp_path: Path) -> None:
    overrides = tmp_path / "prices.yaml"
    overrides.write_text("aws:\n  p9.huge: {spot: 1.0}\n")
    result = runner.invoke(app, ["plan", AWS_DEV, "--price-overrides", str(overrides)])
    assert result.exit_code == 2
    assert "p9.huge" in result.output
