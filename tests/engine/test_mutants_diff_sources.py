"""Where a diff's facts come from, pinned where a mutation run of `mlplatform/diff` found them unguarded
(tools/README.md, 2026-12-07 section), both sides of each:
- the create-only table records the provider versions `uv.lock` pins (regenerate it when a provider moves);
- a `replaceOnChanges: ["*"]` replaces on any input change but not on an option or a rename; a row matches the
  bridge's plural of a list field (`-s`, `-es`, `-y` -> `-ies`) and list indices, never a sibling field;
- git's own message (its last stderr line) reaches the user; a file differs when its bytes do or it exists on
  one side only.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from mlplatform.diff.replace import providers, replace_paths
from mlplatform.diff.revisions import RevisionError, _git, changed_between, git_toplevel
from mlplatform.engine.inventory import Registration
from tests.engine.stacks import ROOT


def test_the_create_only_table_records_the_provider_versions_uv_lock_pins() -> None:
    locked = {p["name"]: p["version"] for p in tomllib.loads((ROOT / "uv.lock").read_text())["package"]}
    assert providers() == {name: locked[name] for name in providers()}
    assert {"pulumi-aws", "pulumi-gcp", "pulumi-azure-native", "pulumi-kubernetes"} <= set(providers())


def _reg(*replace_on_changes: str) -> Registration:
    return Registration(urn="urn:pulumi:s::mlplatform::x:y:Z::r", type="x:y:Z", name="r", parent="", custom=True,
                        inputs={}, replace_on_changes=replace_on_changes)


def test_replace_on_changes_star_takes_every_input_but_no_option_or_rename() -> None:
    changed = ("urn", "spec.size", "options.protect", "tags.team")
    assert replace_paths(_reg("*"), changed) == ("spec.size", "tags.team")
    assert replace_paths(_reg("spec"), changed) == ("spec.size",)
    assert replace_paths(_reg(), changed) == ()


@pytest.mark.parametrize(("row", "path", "replaces"), [
    ("policy", "policies[0].name", True),
    ("guestAccelerator", "guestAccelerators[1].type", True),
    ("address", "addresses[0]", True),
    ("subnetIds", "subnetIds[2]", True),
    ("subnetIds", "subnetIds", True),
    ("vpcConfig.subnetIds", "vpcConfig.subnetIds[0]", True),
    ("vpcConfig.subnetIds", "vpcConfig", False),
    ("vpcConfig.subnetIds", "vpcConfig.securityGroupIds[0]", False),
    ("policy", "polices[0]", False),
])
def test_a_row_matches_plurals_and_indices_of_its_own_field_only(row: str, path: str, replaces: bool) -> None:
    assert replace_paths(_reg(row), (path,)) == ((path,) if replaces else ())


def test_a_file_differs_by_its_bytes_or_by_existing_on_one_side(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for side, text in ((old, "a"), (new, "a")):
        side.mkdir()
        (side / "same").write_text(text)
    (old / "edited").write_text("1")
    (new / "edited").write_text("2")
    (new / "added").write_text("x")
    assert [changed_between(old, new, f) for f in ("same", "edited", "added", "absent")] == [
        False, True, True, False]
    assert changed_between(new, old, "added") is True


def test_git_s_last_error_line_reaches_the_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no enclosing checkout is found
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(RevisionError) as error:
        git_toplevel(outside)
    assert str(error.value).startswith(f"git rev-parse --show-toplevel failed in {outside}: fatal: not a git repo")
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    assert git_toplevel(repo / "sub") == repo
    with pytest.raises(RevisionError) as error:
        _git(repo, "rev-parse", "--verify", "no-such-revision")
    assert str(error.value) == f"git rev-parse --verify failed in {repo}: fatal: Needed a single revision"
