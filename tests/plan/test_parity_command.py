"""`mlplatform parity`: pools side by side, every non-equivalence flagged, the cheapest stack named."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import yaml
from typer.testing import CliRunner

from components.plan import plan_platform
from components.spec import load_blueprint
from mlplatform.cli import app
from mlplatform.economics.cost import estimate
from mlplatform.economics.parity import StackSide, compare, flags

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def side(stack: str) -> StackSide:
    raw = yaml.safe_load((ROOT / "stacks" / f"Pulumi.{stack}.yaml").read_text())["config"]["mlplatform:blueprint"]
    plan = plan_platform(load_blueprint(raw))
    return StackSide(stack, plan, estimate(plan))


def test_dev_stacks_flag_every_difference_in_order() -> None:
    report = compare([side("aws-dev"), side("gcp-dev"), side("azure-dev")])
    assert [f.split(":", 1)[0] for f in report.flags[:4]] == [
        "GPU driver is managed differently", "device plugin is managed differently",
        "node autoscaler is managed differently", "spot eviction notice differs",
    ]
    assert report.flags[3] == "spot eviction notice differs: aws: 120 s notice; gcp: 30 s notice; azure: 30 s notice"
    assert report.flags[4:] == (
        "t4-dev: memory per node (GiB) differs: aws-dev: 16; gcp-dev: 15; azure-dev: 28",
        "t4-dev: azure-dev names the pool 't4dev' (lowercase letters and digits only, starting with a letter; "
        "1-12 characters (Linux pools))",
        "a100-train: memory per node (GiB) differs: aws-dev: 1152; gcp-dev: 1360; azure-dev: 1900",
        "a100-train: interconnect differs: aws-dev: EFA, 400 Gbps (4 x 100 Gbps), GPUDirect RDMA; gcp-dev: none "
        "listed; azure-dev: InfiniBand HDR, 200 Gb/s per GPU (1.6 Tb/s per VM), GPUDirect RDMA",
        "a100-train: azure-dev names the pool 'a100train' (lowercase letters and digits only, starting with a "
        "letter; 1-12 characters (Linux pools))",
        "v5e-dev: only on gcp-dev; missing on aws-dev, azure-dev (TPUs exist only on GCP)",
    )
    assert not report.like_for_like
    [v5e] = [p for p in report.pools if p.pool == "v5e-dev"]
    assert v5e.sides[0] is None and v5e.sides[2] is None
    assert v5e.sides[1] is not None and (v5e.sides[1].machine_type, v5e.sides[1].accelerator_memory_gib) == (
        "ct5lp-hightpu-8t (2x4)", 128)


def test_the_cheapest_stack_is_named_at_idle_and_at_full_scale() -> None:
    sides = [side("aws-prod"), side("gcp-prod"), side("azure-prod")]
    report = compare(sides)
    idle = [s.cost.idle_usd_per_hour for s in sides]
    full = [s.cost.full_usd_per_hour for s in sides]
    assert (report.idle_usd_per_hour, report.full_usd_per_hour) == (tuple(idle), tuple(full))
    assert report.cheapest_idle == sides[idle.index(min(idle))].stack
    assert report.cheapest_full == sides[full.index(min(full))].stack
    assert len(set(idle)) == len(set(full)) == 3  # no tie hides a wrong pick


def test_the_same_stack_twice_has_no_flags() -> None:
    report = compare([side("aws-prod"), replace(side("aws-prod"), stack="aws-prod-copy")])
    assert report.flags == () and report.like_for_like


def test_a_shape_missing_in_the_region_and_a_version_change_are_flagged() -> None:
    aws = side("aws-prod")
    moved = replace(aws, stack="aws-eu", plan=replace(aws.plan, region="eu-west-1", kubernetes_version="1.36"))
    found = flags([aws, moved])
    assert found[0] == "Kubernetes versions differ: aws-prod: 1.35; aws-eu: 1.36"
    assert "h100-train: p5.48xlarge is not offered in eu-west-1 (aws-eu) per the catalog" in found


def test_cli_prints_json_and_rejects_a_single_stack() -> None:
    stacks = [str(ROOT / "stacks" / f"Pulumi.{s}.yaml") for s in ("aws-prod", "azure-prod")]
    result = runner.invoke(app, ["parity", *stacks, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["stacks"] == ["aws-prod", "azure-prod"]
    assert data["cheapest_full"] == data["stacks"][data["full_usd_per_hour"].index(min(data["full_usd_per_hour"]))]
    result = runner.invoke(app, ["parity", stacks[0]])
    assert (result.exit_code, result.output.strip()) == (2, "parity needs at least two stacks")
    result = runner.invoke(app, ["parity", *stacks, "--format", "markdown"])
    assert "**cheapest at idle: " in result.output
    assert "| h100-train: pool name on the cloud | h100-train | h100train |" in result.output


def test_services_show_what_runs_where_and_a_service_on_one_side_only_is_flagged() -> None:
    mlflow = SimpleNamespace(mlflow=SimpleNamespace(enabled=True), ray=SimpleNamespace(enabled=False))
    aws, azure = replace(side("aws-prod"), services=mlflow), replace(side("azure-prod"), services=mlflow)
    report = compare([aws, azure])
    assert report.services == (
        ("MLflow artifact store", ("S3", "Blob Storage")),
        ("MLflow database", ("RDS for PostgreSQL", "Azure Database for PostgreSQL flexible server")),
        ("MLflow identity", ("EKS Pod Identity", "AKS workload identity (federated credential)")),
    )
    gcp = side("gcp-prod")  # no services section yet
    assert "service mlflow: declared on aws-prod; not on gcp-prod" in flags([gcp, aws])
    assert compare([side("aws-dev"), side("azure-dev")]).services == ()
