"""The CLI never shows a traceback: bad input exits 1 or 2 with the user's problems, a bug exits 3 in one line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mlplatform import cli
from mlplatform.commands import common, validate
from tests.engine.test_cli import bad_stack


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """`main` as the console script runs it; its exit (os._exit in the real script) is caught instead."""

    def leave(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(sys, "argv", ["mlplatform", *args])
    monkeypatch.setattr(common, "leave", leave)
    with pytest.raises(SystemExit) as caught:
        cli.main()
    return int(caught.value.code or 0)


def test_the_reported_blueprint_is_a_finding_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 11: AWS, region us-central1, one H100 per node used to end in an UnknownRegion traceback."""
    path = bad_stack(tmp_path, {"region": "us-central1", "services": {}, "nodePools": [
        {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 1, "maxNodes": 1}]})
    assert run_main(monkeypatch, "validate", str(path)) == common.EXIT_FINDINGS
    err = capsys.readouterr().err
    assert err == (f"{path}: 1 problem in mlplatform:blueprint\n  region: region 'us-central1' is not in the catalog "
                   "for aws; known: us-east-1, us-east-2, us-west-2, eu-west-1, eu-central-1\n")


def test_an_internal_error_is_one_line_that_says_it_is_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("nvidia-h100-80gb")

    monkeypatch.setattr(validate, "read_stack_file", broken)
    assert run_main(monkeypatch, "validate", str(bad_stack(tmp_path, {}))) == common.EXIT_INTERNAL == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("mlplatform: internal error (a bug, not your input): KeyError: 'nvidia-h100-80gb' at "
                          "test_cli_errors.py:")
    assert err.rstrip().endswith(common.REPORT_BUGS)


def test_usage_errors_keep_their_own_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_main(monkeypatch, "validate") == common.EXIT_BAD_INPUT
    assert run_main(monkeypatch, "no-such-command") == 2  # click's usage error


def test_a_program_bug_during_plan_is_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A stack that validates but whose program raises (not a RunError) is our bug: exit 3, one line."""
    path = bad_stack(tmp_path, {})
    (path.parent.parent / "__main__.py").write_text("raise ZeroDivisionError('division by zero')\n")
    assert run_main(monkeypatch, "plan", "--no-cache", "--jobs", "1", str(path)) == common.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith(f"mlplatform: internal error (a bug, not your input): {path}: the program failed "
                          "(ZeroDivisionError after 0 registrations): division by zero; ")
    assert err.count("\n") == 1
