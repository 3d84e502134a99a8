"""`mlplatform cost`: exact totals per committed stack, formats, exit codes, and fixed costs true to the render."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from typer.testing import CliRunner

from components.catalog import fixed_costs as fc
from components.plan import plan_platform
from components.spec import Environment, load_blueprint
from mlplatform.cli import app
from mlplatform.cost import DatabaseRequest, database_request, estimate
from tests.engine.stacks import ROOT, Rendered

runner = CliRunner()
STACKS = ROOT / "stacks"


def run_json(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["cost", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.output)
    return data


def test_aws_prod_cost_is_pinned_to_the_cent() -> None:
    [report] = run_json(str(STACKS / "Pulumi.aws-prod.yaml"))
    # list-2026: 3 x m7i.4xlarge $0.8064 on-demand; h100 0..4 x $98.32; a100 0..4 x $40.96575;
    # EKS $0.10 + 3 NAT x $0.045 + 100 GB x $0.045 / 730 + 1000 GB x $0.023 / 730.
    fixed = 0.10 + 3 * 0.045 + 100 * 0.045 / 730 + 1000 * 0.023 / 730
    idle = 3 * 0.8064 + fixed
    full = idle + 4 * 98.32 + 4 * 40.96575
    assert report["per_hour"] == {
        "idle": round(idle, 2), "expected": round(idle + 2 * 98.32 + 2 * 40.96575, 2), "full": round(full, 2),
        "idle_per_month": round(idle * 730, 2), "expected_per_month": round((idle + 2 * (98.32 + 40.96575)) * 730, 2),
        "full_per_month": round(full * 730, 2),
    }
    assert report["per_hour"]["full"] == 559.83  # type: ignore[index]
    assert report["over_budget"] is False and report["budget_usd_per_hour"] == 600.0
    h100 = report["pools"][1]  # type: ignore[index]
    assert (h100["pool"], h100["tier"], h100["nodes"], h100["on_demand"], h100["spot"]) == (
        "h100-train", "on-demand", "0..4", 98.32, 20.9934)
    # Reserved is estimated from the design book's 1-year ratio (25.81 / 40.97) and the pool shows all three.
    assert (h100["full_on_demand"], h100["full_spot"], h100["full_reserved"]) == (393.28, 83.97, 247.77)
    assert report["notes"] == ["object storage: estimated: commonly quoted S3 Standard figure; the AWS page was not "
                               "read"]
    assert report["missing"] == []


def test_every_note_on_a_fallback_price_is_reported() -> None:
    [report] = run_json(str(STACKS / "Pulumi.gcp-dev.yaml"))
    assert report["notes"] == ["a100-train: us-east5 price stands in for this region"]


def test_assumptions_are_options_and_show_in_the_report() -> None:
    [report] = run_json(str(STACKS / "Pulumi.azure-dev.yaml"), "--utilisation", "1", "--storage-gb", "0",
                        "--nat-gb", "0")
    totals = report["per_hour"]
    assert totals["expected"] == totals["full"]  # type: ignore[index]
    assert report["assumptions"] == {"utilisation": 1.0, "storage_gb": 0.0, "nat_gb_per_month": 0.0,
                                     "database_storage_gb": 32.0}
    assert [f["item"] for f in report["fixed"]] == ["control plane", "NAT gateway", "object storage"]  # type: ignore


def over_budget_stack(tmp_path: Path, budget: float) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    doc = yaml.safe_load((STACKS / "Pulumi.aws-prod.yaml").read_text())
    doc["config"]["mlplatform:blueprint"]["budget"] = {"maxUsdPerHour": budget}
    path = tmp_path / "stacks" / "Pulumi.aws-tight.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(doc))
    return path


def test_over_budget_exits_1_and_a_budget_equal_to_the_total_does_not(tmp_path: Path) -> None:
    result = runner.invoke(app, ["cost", str(over_budget_stack(tmp_path, 559.82))])
    assert result.exit_code == 1
    assert "$559.82/h at full scale: OVER BUDGET" in result.output
    result = runner.invoke(app, ["cost", str(over_budget_stack(tmp_path / "b", 559.83))])
    assert result.exit_code == 0, result.output
    assert "within budget" in result.output


def test_markdown_lists_pools_fixed_costs_notes_and_dated_sources() -> None:
    result = runner.invoke(app, ["cost", str(STACKS / "Pulumi.azure-prod.yaml"), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "### Cost of `azure-prod`" in text
    assert "| control plane | AKS Standard | $0.10 | $0.10 | $73.00 |" in text
    assert "- Azure Blob Storage pricing, block blob Hot LRS" in text and "(data of 2026-11-30)" in text


def test_a_missing_stack_file_is_bad_input() -> None:
    result = runner.invoke(app, ["cost", "stacks/Pulumi.nope.yaml"])
    assert (result.exit_code, result.output.strip()) == (2, "stacks/Pulumi.nope.yaml: no such file")


def test_database_is_costed_only_when_the_blueprint_asks_for_one() -> None:
    assert database_request(SimpleNamespace(), Environment.PROD) is None  # no mlflow section yet
    disabled = SimpleNamespace(mlflow=SimpleNamespace(enabled=False, database=SimpleNamespace(size="large")))
    assert database_request(disabled, Environment.PROD) is None
    asked = SimpleNamespace(mlflow=SimpleNamespace(enabled=True, database=SimpleNamespace(size="medium")))
    assert database_request(asked, Environment.PROD) == DatabaseRequest(fc.DatabaseSize.MEDIUM, ha=True)
    assert database_request(asked, Environment.DEV) == DatabaseRequest(fc.DatabaseSize.MEDIUM, ha=False)
    raw = yaml.safe_load((STACKS / "Pulumi.gcp-prod.yaml").read_text())["config"]["mlplatform:blueprint"]
    plan = plan_platform(load_blueprint(raw))
    without = estimate(plan)
    with_db = estimate(plan, services=asked)
    [db] = [f for f in with_db.fixed if f.item == "database"]
    # Cloud SQL regional HA bills twice: 2 x ($0.1351/h + 32 GB x $0.17 / 730).
    assert db.idle == pytest.approx(2 * (0.1351 + 32 * 0.17 / 730))
    assert db.detail == "medium = db-custom-2-7680 HA: 2 x ($0.1351/h + 32 GB (assumed) x $0.17/GB-month)"
    expected = sum(f.idle or 0.0 for f in without.fixed) + 2 * (0.1351 + 32 * 0.17 / 730)
    assert with_db.fixed_usd_per_hour == round(expected, 2)


def test_fixed_costs_count_what_the_render_registers(rendered: Mapping[str, Rendered]) -> None:
    """The NAT gateways and control-plane tiers priced are the ones the committed stacks create."""
    for name, r in rendered.items():
        cost = estimate(r.plan)
        control, nat = cost.fixed[0], cost.fixed[1]
        if r.plan.cloud.value == "aws":
            gateways = len(r.inventory.of_type("aws:ec2/natGateway:NatGateway"))
            assert nat.detail.startswith(f"{gateways} gateway"), name
            [cluster] = r.inventory.of_type("aws:eks/cluster:Cluster")
            assert cluster.inputs["upgradePolicy"] == {"supportType": "STANDARD"}
            assert control.detail == "EKS standard support"
        elif r.plan.cloud.value == "azure":
            assert len(r.inventory.of_type("azure-native:network:NatGateway")) == 1
            [cluster] = r.inventory.of_type("azure-native:containerservice:ManagedCluster")
            assert control.detail == f"AKS {cluster.inputs['sku']['tier']}", name  # type: ignore[index]
        else:
            assert len(r.inventory.of_type("gcp:compute/routerNat:RouterNat")) == 1
            [cluster] = r.inventory.of_type("gcp:container/cluster:Cluster")
            regional = cluster.inputs["location"] == r.plan.region
            assert control.detail == ("GKE Standard, regional" if regional else "GKE Standard, zonal")
