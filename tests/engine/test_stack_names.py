"""`--stack NAME` picks committed stacks by name wherever `--all` exists; an unknown name lists the known ones."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mlplatform.cli import app
from tests.engine.stacks import ROOT

runner = CliRunner()
KNOWN = "committed stacks: aws-dev, aws-prod, azure-dev, azure-prod, gcp-dev, gcp-prod"
COMMANDS_WITH_ALL = ["validate", "plan", "cost", "parity", "policy", "preflight"]


@pytest.fixture(autouse=True)
def _in_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_validate_selects_the_named_stacks_in_the_order_asked_each_once() -> None:
    result = runner.invoke(app, ["validate", "--stack", "gcp-prod", "--stack", "aws-dev", "--stack", "gcp-prod"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"ok  {ROOT / 'stacks' / 'Pulumi.gcp-prod.yaml'}",
                                          f"ok  {ROOT / 'stacks' / 'Pulumi.aws-dev.yaml'}"]


@pytest.mark.parametrize("command", [*COMMANDS_WITH_ALL, "diff"])
def test_an_unknown_name_is_bad_input_listing_the_known_ones(command: str) -> None:
    args = [command, "--stack", "aws-dev", "--stack", "aws-stagging"]
    result = runner.invoke(app, [*args, "--base", "HEAD"] if command == "diff" else args)
    assert result.exit_code == 2, result.output
    assert result.output.strip() == f"no committed stack named 'aws-stagging'; {KNOWN}"


def test_several_unknown_names_are_listed_together() -> None:
    result = runner.invoke(app, ["validate", "--stack", "x", "--stack", "y"])
    assert result.exit_code == 2
    assert result.output.strip() == f"no committed stacks named 'x', 'y'; {KNOWN}"


@pytest.mark.parametrize("command", COMMANDS_WITH_ALL)
def test_all_and_a_name_exclude_each_other(command: str) -> None:
    result = runner.invoke(app, [command, "--all", "--stack", "aws-dev"])
    assert result.exit_code == 2
    assert result.output.strip() == "--all already selects every committed stack; drop the stack files and --stack"


def test_a_path_and_a_name_combine() -> None:
    result = runner.invoke(app, ["validate", "stacks/Pulumi.azure-dev.yaml", "--stack", "aws-prod"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["ok  stacks/Pulumi.azure-dev.yaml",
                                          f"ok  {ROOT / 'stacks' / 'Pulumi.aws-prod.yaml'}"]
