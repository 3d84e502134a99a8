"""The Pulumi CLI on PATH is checked against the packs' minimum; a fake `pulumi` on PATH stands in (no network)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlplatform.cli import app
from mlplatform.policy.pulumi_cli import cli_warning, minimum, parse_version
from policies.pack import MIN_PULUMI_CLI
from tests.policies.synthetic import inventory

NEED = (
    f"the packs need Pulumi CLI >= {MIN_PULUMI_CLI} (Python packs on the uv toolchain) for "
    "`pulumi preview --policy-pack policies/<pack>`"
)


def _fake_pulumi(folder: Path, printed: str, code: int = 0) -> Path:
    """A `pulumi` that answers `version` only with the update check off (as the real one would skip the network)."""
    folder.mkdir(parents=True, exist_ok=True)
    binary = folder / "pulumi"
    binary.write_text(
        "#!/bin/sh\n"
        '[ "$1" = version ] || exit 9\n'
        '[ "$PULUMI_SKIP_UPDATE_CHECK" = true ] || exit 8\n'
        f"echo '{printed}'\n"
        f"exit {code}\n"
    )
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def test_the_minimum_is_the_stated_one() -> None:
    assert minimum() == (3, 221)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("v3.221.0", (3, 221, 0)),
        ("3.221.0\n", (3, 221, 0)),
        ("v3.230.1-alpha.17+gabc", (3, 230, 1)),
        ("v3", None),
        ("pulumi v3.221.0", None),
        ("", None),
    ],
)
def test_versions_are_read_as_pulumi_version_prints_them(printed: str, expected: tuple[int, ...] | None) -> None:
    assert parse_version(printed) == expected


@pytest.mark.parametrize("printed", ["v3.221.0", "v3.221.1", "v3.222.0", "v4.0.0"])
def test_a_cli_at_or_above_the_minimum_is_not_mentioned(tmp_path: Path, printed: str) -> None:
    _fake_pulumi(tmp_path, printed)
    assert cli_warning(str(tmp_path)) is None


@pytest.mark.parametrize(
    ("printed", "shown"), [("v3.220.9", "3.220.9"), ("v3.200.0", "3.200.0"), ("v2.999.0", "2.999.0")]
)
def test_an_older_cli_is_named_with_the_minimum(tmp_path: Path, printed: str, shown: str) -> None:
    binary = _fake_pulumi(tmp_path, printed)
    assert (
        cli_warning(str(tmp_path)) == f"{binary} is Pulumi CLI {shown}, older than {MIN_PULUMI_CLI}: {NEED}; upgrade it"
    )


def test_an_unreadable_or_failing_version_is_said_plainly(tmp_path: Path) -> None:
    binary = _fake_pulumi(tmp_path / "garbled", "dev build")
    assert (
        cli_warning(str(tmp_path / "garbled")) == f"`{binary} version` gave 'dev build' (exit 0), not a version; {NEED}"
    )
    binary = _fake_pulumi(tmp_path / "failing", "v3.230.0", code=1)
    assert (
        cli_warning(str(tmp_path / "failing")) == f"`{binary} version` gave 'v3.230.0' (exit 1), not a version; {NEED}"
    )


def test_no_pulumi_on_path_says_nothing(tmp_path: Path) -> None:
    assert cli_warning(str(tmp_path)) is None


def test_mlplatform_policy_warns_on_stderr_about_an_old_cli_and_keeps_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "inventory.json"
    export.write_text(json.dumps(inventory().to_json()))
    binary = _fake_pulumi(tmp_path / "bin", "v3.200.0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    old = CliRunner().invoke(app, ["policy", "--inventory", str(export), "--format", "json"])
    assert old.stderr == f"warning: {binary} is Pulumi CLI 3.200.0, older than {MIN_PULUMI_CLI}: {NEED}; upgrade it\n"
    assert json.loads(old.stdout)[0]["view"] == "export"

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    absent = CliRunner().invoke(app, ["policy", "--inventory", str(export), "--format", "json"])
    assert absent.stderr == ""
    assert absent.exit_code == old.exit_code
