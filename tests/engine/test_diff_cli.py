"""`mlplatform diff` end to end: two stack files, and a stack file at a git revision rendered by its own code."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlplatform.cli import app
from tests.engine.stacks import ROOT

runner = CliRunner()
AWS_DEV = ROOT / "stacks" / "Pulumi.aws-dev.yaml"
NODE_GROUP = "mlplatform::mlplatform:aws:AcceleratorPool$aws:eks/nodeGroup:NodeGroup::"


def more_t4_nodes(path: Path) -> None:
    text = path.read_text()
    assert "minNodes: 0, maxNodes: 4}" in text
    path.write_text(text.replace("minNodes: 0, maxNodes: 4}", "minNodes: 0, maxNodes: 6}"))


def test_two_stack_files_differ_in_one_pool_and_a_cost_rule_fails(tmp_path: Path) -> None:
    new = tmp_path / "stacks" / "Pulumi.aws-dev.yaml"
    new.parent.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copy(AWS_DEV, new)
    more_t4_nodes(new)
    argv = ["diff", str(AWS_DEV), str(new), "--format", "json", "--jobs", "1"]
    result = runner.invoke(app, [*argv, "--fail-on", "cost-increase=2", "--fail-on", "stateful-replacement"])
    assert result.exit_code == 1, result.output
    [stack] = json.loads(result.output)["stacks"]
    assert stack["counts"] == {"add": 0, "remove": 0, "replace": 0, "change": 1}
    [pool] = stack["resources"]
    assert (pool["key"], pool["action"]) == (NODE_GROUP + "mlplatform-t4-dev", "change")
    assert pool["changes"] == [{"path": "scalingConfig.maxSize", "old": 4.0, "new": 6.0}]
    assert stack["cost"]["head"]["fullUsdPerHour"] > stack["cost"]["base"]["fullUsdPerHour"]
    [reason] = json.loads(result.output)["failures"]
    base, head = stack["cost"]["base"]["fullUsdPerHour"], stack["cost"]["head"]["fullUsdPerHour"]
    # Two more T4 spot nodes at full scale, over the stack's whole full-scale cost (fixed costs included).
    assert reason == f"aws-dev -> aws-dev: cost rises by {(head - base) / base * 100:.1f}% (more than 2%)"
    assert runner.invoke(app, [*argv, "--fail-on", "stateful-replacement"]).exit_code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["diff", str(AWS_DEV)], "name two stack files (OLD NEW), or stack files with --base REV [--head REV]"),
     (["diff", "--base", "HEAD"], "name the stack files to compare with --base (or --stack NAME), or pass --all"),
     (["diff", str(AWS_DEV), str(AWS_DEV), "--fail-on", "cheap"], "--fail-on 'cheap': expected")],
)
def test_diff_usage_errors_are_bad_input(argv: list[str], message: str) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert result.output.startswith(message)


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    return subprocess.run(["git", "-C", str(repo), *identity, *args], capture_output=True, text=True, check=True).stdout


def test_a_revision_is_rendered_by_its_own_code_and_its_worktree_is_removed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    skip = shutil.ignore_patterns("__pycache__")
    for name in ("components", "mlplatform"):
        shutil.copytree(ROOT / name, repo / name, ignore=skip)
    for name in ("Pulumi.yaml", "__main__.py", "uv.lock", "stacks/Pulumi.aws-dev.yaml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    plan = repo / "components" / "plan.py"
    plan.write_text(plan.read_text().replace('TAG_MANAGED_BY = "mlplatform-managed-by"', 'TAG_MANAGED_BY = "owner"'))
    more_t4_nodes(repo / "stacks" / "Pulumi.aws-dev.yaml")

    result = runner.invoke(app, ["diff", str(repo / "stacks" / "Pulumi.aws-dev.yaml"), "--base", "HEAD",
                                 "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    [stack] = json.loads(result.output)["stacks"]
    assert (stack["stack"], stack["base"]) == ("stacks/Pulumi.aws-dev.yaml", "HEAD:stacks/Pulumi.aws-dev.yaml")
    pool = next(r for r in stack["resources"] if r["key"] == NODE_GROUP + "mlplatform-t4-dev")
    assert pool["changes"] == [
        {"path": "scalingConfig.maxSize", "old": 4.0, "new": 6.0},
        {"path": "tags.mlplatform-managed-by", "old": "pulumi", "new": "(absent)"},
        {"path": "tags.owner", "old": "(absent)", "new": "pulumi"},
    ]
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_a_new_mandatory_policy_violation_appears_in_the_diff_and_fails_it(tmp_path: Path) -> None:
    """The diff runs both packs on each side (with the stack file's config): a T4 pool that no longer scales to
    zero is a new mandatory violation of the cost pack, and `--fail-on new-mandatory-violation` fails on it."""
    new = tmp_path / "stacks" / "Pulumi.aws-dev.yaml"
    new.parent.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    text = AWS_DEV.read_text()
    assert "minNodes: 0, maxNodes: 4}" in text
    new.write_text(text.replace("minNodes: 0, maxNodes: 4}", "minNodes: 1, maxNodes: 4}"))
    argv = ["diff", str(AWS_DEV), str(new), "--format", "json", "--jobs", "1", "--fail-on", "new-mandatory-violation"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    [stack] = doc["stacks"]
    appeared = [(v["policy"], v["level"]) for v in stack["policy"]["appeared"]]
    assert appeared == [("accelerator-pools-scale-to-zero", "mandatory")]
    assert stack["policy"]["disappeared"] == []
    [reason] = doc["failures"]
    assert reason.startswith("aws-dev -> aws-dev: new mandatory violation of accelerator-pools-scale-to-zero on ")
    unchanged = runner.invoke(app, ["diff", str(AWS_DEV), str(AWS_DEV), "--format", "json", "--jobs", "1",
                                    "--fail-on", "new-mandatory-violation"])
    assert unchanged.exit_code == 0, unchanged.output
