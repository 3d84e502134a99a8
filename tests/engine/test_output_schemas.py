"""Every `--format json` of the CLI against its JSON Schema under schema/ (draft 2020-12), on the committed stacks.

The schemas are the contract a script reading the output relies on: numbers are numbers (USD per hour and per
month, counts), an unpriced figure is null and flagged, never $0. A test fails when the output and its schema part
(a key renamed, a number printed as text), and when a command gains `--format json` without a schema.
"""

from __future__ import annotations

import copy
import inspect
import json
from enum import Enum
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from mlplatform.cli import app
from tests.engine.stacks import ROOT

runner = CliRunner()
SCHEMAS = ROOT / "schema"


def schema(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    return doc


def output(argv: list[str], codes: tuple[int, ...] = (0,)) -> Any:
    result = runner.invoke(app, argv)
    assert result.exit_code in codes, result.output
    return json.loads(result.stdout)


def errors(name: str, doc: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.fixture(autouse=True)
def _in_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _json_commands() -> set[str]:
    """Commands, and commands of groups (named `group-command`), with a --format option that offers json."""
    commands = [(info.name, info.callback) for info in app.registered_commands]
    commands += [(f"{group.name}-{info.name or info.callback.__name__}", info.callback)
                 for group in app.registered_groups if group.typer_instance is not None
                 for info in group.typer_instance.registered_commands if info.callback is not None]
    found = set()
    for name, callback in commands:
        assert callback is not None
        for param in inspect.signature(callback).parameters.values():
            default = param.default
            if param.name == "fmt" and isinstance(default, Enum) and "json" in {m.value for m in type(default)}:
                found.add(name or callback.__name__)
    return found


def test_every_json_format_has_a_draft_2020_12_schema() -> None:
    assert _json_commands() == {"plan", "cost", "parity", "policy", "diff", "migrate", "decide", "catalog-sources"}
    for name in _json_commands():
        doc = schema(name)
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(doc)


def test_plan_of_every_committed_stack_matches_its_schema_with_cost_and_policies_as_numbers() -> None:
    reports = output(["plan", "--all", "--format", "json"])
    assert errors("plan", reports) == []
    prod = next(r for r in reports if r["stack"] == "aws-prod")
    totals = prod["cost"]["per_hour"]
    assert totals["full_per_month"] == pytest.approx(totals["full"] * 730, abs=730 * 0.005)  # $/h kept in cents
    assert prod["cost"]["missing"] == [] and all(p["priced"] for p in prod["pools"])
    by_name = {p["pool"]: p for p in prod["cost"]["pools"]}
    # The plan's per-pool figure is `cost`'s full-scale figure of the same pool.
    assert [p["usd_per_hour_at_max"] for p in prod["pools"]] == [by_name[p["name"]]["full"] for p in prod["pools"]]
    policies = prod["policies"]
    assert (policies["verdict"], policies["mandatory"]) == ("pass", 0)
    assert policies["advisory"] == sum(r["violations"] for r in policies["rules"] if r["level"] == "advisory")
    assert policies["summary"].startswith("pass: 0 mandatory")


@pytest.mark.parametrize(("name", "argv", "codes"), [
    ("cost", ["cost", "--all", "--format", "json"], (0,)),
    ("policy", ["policy", "--stack", "aws-dev", "--stack", "gcp-prod", "--format", "json"], (0,)),
    ("parity", ["parity", "--all", "--format", "json"], (0,)),
    ("decide", ["decide", "--format", "json"], (0,)),
    ("catalog-sources", ["catalog", "sources", "--format", "json"], (0,)),
    ("catalog-sources", ["catalog", "sources", "--today", "2027-12-07", "--format", "json"], (1,)),
    ("diff", ["diff", "stacks/Pulumi.aws-dev.yaml", "stacks/Pulumi.aws-prod.yaml", "--format", "json",
              "--fail-on", "cost-increase=1"], (1,)),
])
def test_each_command_output_matches_its_schema(name: str, argv: list[str], codes: tuple[int, ...]) -> None:
    assert errors(name, output(argv, codes)) == []


def test_migrate_output_matches_its_schema(tmp_path: Path) -> None:
    target = tmp_path / "stacks" / "Pulumi.gcp-moved.yaml"
    doc = output(["migrate", "stacks/Pulumi.aws-dev.yaml", "--to", "gcp", "--out", str(target), "--format", "json"],
                 (0, 1))
    assert errors("migrate", doc) == []
    assert doc["to"]["stack"] == "gcp-moved"


def test_a_cost_figure_printed_as_text_or_a_renamed_key_breaks_the_contract() -> None:
    [report] = output(["cost", "--stack", "azure-dev", "--format", "json"])
    as_text = copy.deepcopy(report)
    as_text["per_hour"]["full"] = f"${as_text['per_hour']['full']:.2f}/h"
    assert errors("cost", [as_text]) == [f"[0, 'per_hour', 'full']: '{as_text['per_hour']['full']}' is not of "
                                         "type 'number'"]
    renamed = copy.deepcopy(report)
    renamed["usd_per_hour"] = renamed.pop("per_hour")
    assert len(errors("cost", [renamed])) == 2  # per_hour missing, usd_per_hour not allowed


def test_an_unpriced_pool_is_null_and_flagged_never_zero() -> None:
    [report] = output(["cost", "--stack", "gcp-dev", "--format", "json"])
    unpriced = copy.deepcopy(report)
    unpriced["pools"][-1]["usd_per_node_hour"] = None
    unpriced["missing"] = [unpriced["pools"][-1]["pool"]]
    assert errors("cost", [unpriced]) == []
