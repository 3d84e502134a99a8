"""Transitions a cloud refuses, on real edits of aws-prod and gcp-prod: errors named by rule, and
`--fail-on transition`.

What mocks cannot prove, from the clouds' docs (read 2026-12-06): EKS upgrades a control plane one minor at a
time and never downgrades (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html); GKE likewise moves
a control plane one minor at a time (https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-upgrades);
Cloud SQL cannot decrease storage size (https://cloud.google.com/sql/docs/postgres/instance-settings); no cloud moves
a stateful resource to another region.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from components.aws.block_storage import BINDING_MODE, RECLAIM_POLICY
from mlplatform.cli import app
from mlplatform.diff.transitions import STORAGE_CLASS, WATCHED
from tests.engine.stacks import ROOT, SessionRenders

runner = CliRunner()
AWS_PROD = ROOT / "stacks" / "Pulumi.aws-prod.yaml"
GCP_PROD = ROOT / "stacks" / "Pulumi.gcp-prod.yaml"


def _edited(tmp_path: Path, name: str, *edits: tuple[str, str], stack: Path = AWS_PROD) -> Path:
    project = tmp_path / name
    (project / "stacks").mkdir(parents=True)
    for file in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / file, project / file)
    text = stack.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = project / "stacks" / stack.name
    path.write_text(text)
    return path


def test_a_skipped_minor_and_a_smaller_database_are_refused_transitions(tmp_path: Path) -> None:
    # On GCP: on the suite's day EKS accepts only 1.35 and 1.36 (1.37 has no pinned add-ons), so no AWS pair of
    # accepted minors skips one; GKE accepts 1.35 to 1.37.
    base = _edited(tmp_path, "base", ("database: {size: medium}", "database: {size: large}"), stack=GCP_PROD)
    head = _edited(tmp_path, "head", ('kubernetesVersion: "1.35"', 'kubernetesVersion: "1.37"'), stack=GCP_PROD)
    argv = ["diff", str(base), str(head), "--format", "json", "--jobs", "1"]
    result = runner.invoke(app, [*argv, "--fail-on", "transition"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    [stack] = doc["stacks"]
    found = {(t["rule"], t["type"], t["path"], t["old"], t["new"]) for t in stack["transitions"]}
    assert found == {
        ("kubernetes-skipped-minor", "gcp:container/cluster:Cluster", "minMasterVersion", "1.35", "1.37"),
        ("storage-shrink", "gcp:sql/databaseInstance:DatabaseInstance", "settings.diskSize", 100, 50),
    }
    assert sorted(f.split(": ")[1] for f in doc["failures"]) == ["kubernetes-skipped-minor", "storage-shrink"]
    only_disk = runner.invoke(app, [*argv, "--fail-on", "transition=storage-shrink"])
    assert only_disk.exit_code == 1
    assert [f.split(": ")[1] for f in json.loads(only_disk.output)["failures"]] == ["storage-shrink"]
    text = runner.invoke(app, ["diff", str(base), str(head), "--jobs", "1"]).output
    assert "**Refused by the cloud** in `gcp-prod -> gcp-prod` (`kubernetes-skipped-minor`)" in text
    assert "upgrade to 1.36 first" in text
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


def test_the_watched_storage_class_fields_are_the_rendered_class_s_own_inputs(rendered: SessionRenders) -> None:
    """The `immutable-field` rows name the inputs the platform's StorageClass registers (wire names), so an edit of
    either reaches the rule; the class sets both, each a value the API server then keeps for the object's life."""
    [storage_class] = rendered["aws-prod"].inventory.of_type(STORAGE_CLASS)
    watched = {path for (token, path), kind in WATCHED.items() if token == STORAGE_CLASS}
    assert watched == {"reclaimPolicy", "volumeBindingMode"}
    assert {k: storage_class.inputs[k] for k in watched} == {"reclaimPolicy": RECLAIM_POLICY,
                                                             "volumeBindingMode": BINDING_MODE}
