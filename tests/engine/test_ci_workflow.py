"""The shipped CI workflow: pinned actions, least privilege, no template injection, its own comment only."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.engine.stacks import ROOT

WORKFLOW = ROOT / "docs" / "ci" / "mlplatform-diff.yml"


def _doc() -> dict[Any, Any]:
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def _steps() -> list[dict[str, Any]]:
    return [step for job in _doc()["jobs"].values() for step in job["steps"]]


def test_every_action_is_pinned_by_full_commit_sha_with_its_tag() -> None:
    uses = [line.strip() for line in WORKFLOW.read_text().splitlines() if "uses:" in line]
    assert len(uses) == 4
    assert all(re.fullmatch(r"- uses: [\w-]+/[\w-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", u) for u in uses), uses


def test_least_privilege_and_no_persisted_credentials() -> None:
    doc = _doc()
    assert doc["permissions"] == {}
    [job] = doc["jobs"].values()
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    [checkout] = [s for s in _steps() if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False


def test_no_expression_is_expanded_inside_a_shell_script() -> None:
    scripts = [str(s["run"]) for s in _steps() if "run" in s]
    assert scripts and not any("${{" in script for script in scripts)


def test_the_paths_filter_covers_what_changes_a_render() -> None:
    paths = _doc()[True]["pull_request"]["paths"]  # YAML 1.1 reads the key `on` as True
    assert {"mlplatform/**", "components/**", "policies/**", "stacks/**", "__main__.py", "pyproject.toml",
            "uv.lock"} <= set(paths)


def test_the_comment_step_edits_only_the_comment_with_its_marker() -> None:
    [post] = [s for s in _steps() if "comment" in str(s.get("name", ""))]
    marker = post["env"]["MARKER"]
    assert marker == "<!-- mlplatform-diff -->"
    assert f'startswith("{marker}")' in post["run"] and "--edit-last" not in post["run"]
    assert '{ echo "$MARKER"; cat mlplatform-diff.md; } > comment.md' in post["run"]
