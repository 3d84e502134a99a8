"""Transitions a cloud refuses, on real edits of aws-prod: errors named by rule, and `--fail-on transition`.

What mocks cannot prove, from the clouds' docs (read 2026-12-06): EKS upgrades a control plane one minor at a
time and never downgrades (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html); RDS cannot
decrease allocated storage (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.ModifyingExisting.html);
no cloud moves a stateful resource to another region.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from mlplatform.cli import app
from tests.engine.stacks import ROOT

runner = CliRunner()
AWS_PROD = ROOT / "stacks" / "Pulumi.aws-prod.yaml"


def _edited(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    project = tmp_path / name
    (project / "stacks").mkdir(parents=True)
    for file in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / file, project / file)
    text = AWS_PROD.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = project / "stacks" / "Pulumi.aws-prod.yaml"
    path.write_text(text)
    return path


def test_a_skipped_minor_and_a_smaller_database_are_refused_transitions(tmp_path: Path) -> None:
    base = _edited(tmp_path, "base", ('kubernetesVersion: "1.35"', 'kubernetesVersion: "1.34"'),
                   ("database: {size: medium}", "database: {size: large}"))
    head = _edited(tmp_path, "head", ('kubernetesVersion: "1.35"', 'kubernetesVersion: "1.36"'))
    argv = ["diff", str(base), str(head), "--format", "json", "--jobs", "1"]
    result = runner.invoke(app, [*argv, "--fail-on", "transition"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    [stack] = doc["stacks"]
    found = {(t["rule"], t["type"], t["path"], t["old"], t["new"]) for t in stack["transitions"]}
    assert found == {
        ("kubernetes-skipped-minor", "aws:eks/cluster:Cluster", "version", "1.34", "1.36"),
        ("storage-shrink", "aws:rds/instance:Instance", "allocatedStorage", 100, 50),
    }
    assert sorted(f.split(": ")[1] for f in doc["failures"]) == ["kubernetes-skipped-minor", "storage-shrink"]
    only_disk = runner.invoke(app, [*argv, "--fail-on", "transition=storage-shrink"])
    assert only_disk.exit_code == 1
    assert [f.split(": ")[1] for f in json.loads(only_disk.output)["failures"]] == ["storage-shrink"]
    text = runner.invoke(app, ["diff", str(base), str(head), "--jobs", "1"]).output
    assert "**Refused by the cloud** in `aws-prod -> aws-prod` (`kubernetes-skipped-minor`)" in text
    assert "upgrade to 1.35 first" in text
    assert runner.invoke(app, argv).exit_code == 0  # reported, but fails only when asked


def test_a_downgrade_and_a_new_region_are_refused_for_every_stateful_resource(tmp_path: Path) -> None:
    base = _edited(tmp_path, "base", ('kubernetesVersion: "1.35"', 'kubernetesVersion: "1.36"'))
    head = _edited(tmp_path, "head", ("aws:region: us-east-1", "aws:region: us-west-2"),
                   ("region: us-east-1", "region: us-west-2"))
    result = runner.invoke(app, ["diff", str(base), str(head), "--format", "json", "--jobs", "1",
                                 "--fail-on", "transition=kubernetes-downgrade"])
    assert result.exit_code == 1, result.output
    [stack] = json.loads(result.output)["stacks"]
    rules = sorted((t["rule"], t["type"]) for t in stack["transitions"])
    assert ("kubernetes-downgrade", "aws:eks/cluster:Cluster") in rules
    moved = {t for r, t in rules if r == "stateful-region-move"}
    assert moved == {"aws:eks/cluster:Cluster", "aws:kms/key:Key", "aws:s3/bucket:Bucket",
                     "aws:rds/instance:Instance", "aws:ec2/vpc:Vpc"}


def test_unknown_transition_rules_are_usage_errors() -> None:
    result = runner.invoke(app, ["diff", str(AWS_PROD), str(AWS_PROD), "--fail-on", "transition=shrink"])
    assert result.exit_code == 2
    assert "transition=RULE (kubernetes-downgrade, kubernetes-skipped-minor, storage-shrink" in result.output
