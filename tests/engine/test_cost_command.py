"""`mlplatform cost`: exact totals per committed stack, formats, exit codes, and fixed costs true to the render."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from typer.testing import CliRunner

from components import catalog
from components.catalog import fixed_costs as fc
from components.plan import plan_platform
from components.spec import Cloud, Environment, ServiceSize, load_blueprint
from mlplatform.cli import app
from mlplatform.economics.cost import DatabaseRequest, database_request, estimate
from mlplatform.present.report import stack_report
from tests.engine.stacks import ROOT, Rendered

runner = CliRunner()
STACKS = ROOT / "stacks"


def run_json(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["cost", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.output)
    return data


def test_aws_prod_totals_add_up_the_catalog_rows() -> None:
    [report] = run_json(str(STACKS / "Pulumi.aws-prod.yaml"))
    system, h100, a100 = (catalog.price(Cloud.AWS, m, "us-east-1") for m in ("m7i.4xlarge", "p5.48xlarge",
                                                                              "p4de.24xlarge"))
    # 3 on-demand system nodes; h100 and a100 pools 0..4 on-demand (prod); EKS standard support, one NAT gateway
    # per zone (3), 100 GB/month through them, 1,000 GB of S3.
    # services.mlflow.database.size medium in prod: db.m7g.large Multi-AZ (compute and storage twice) with its
    # provisioned storage.
    db = catalog.database_class(Cloud.AWS, ServiceSize.MEDIUM)
    database = 2 * (fc.DATABASE[(Cloud.AWS, "us-east-1", ServiceSize.MEDIUM)].usd
                    + db.storage_gib * fc.DATABASE_STORAGE[(Cloud.AWS, "us-east-1")].usd / 730)
    fixed = 0.10 + 3 * 0.045 + 100 * 0.045 / 730 + 1000 * 0.023 / 730 + database
    idle = 3 * system.on_demand + fixed
    expected = idle + 2 * h100.on_demand + 2 * a100.on_demand
    full = idle + 4 * h100.on_demand + 4 * a100.on_demand
    assert report["per_hour"] == {
        "idle": round(idle, 2), "expected": round(expected, 2), "full": round(full, 2),
        "idle_per_month": round(idle * 730, 2), "expected_per_month": round(expected * 730, 2),
        "full_per_month": round(full * 730, 2),
    }
    assert report["over_budget"] is (round(full, 2) > 600.0) and report["budget_usd_per_hour"] == 600.0
    pool = report["pools"][1]  # type: ignore[index]
    assert (pool["pool"], pool["tier"], pool["nodes"], pool["on_demand"], pool["spot"]) == (
        "h100-train", "on-demand", "0..4", round(h100.on_demand, 4), round(h100.spot, 4))
    # All three tiers side by side at maxNodes, whatever the pool's own tier.
    assert (pool["full_on_demand"], pool["full_spot"], pool["full_reserved"]) == (
        round(4 * h100.on_demand, 2), round(4 * h100.spot, 2), round(4 * h100.reserved, 2))
    notes = report["notes"]
    assert "object storage: estimated: commonly quoted S3 Standard figure; the AWS page was not read" in notes  # type: ignore[operator]
    assert report["missing"] == []
    dates = catalog.price_book("list-2026").data_dates
    assert dates is not None
    assert report["price_book"] == f"list-2026 (data {dates[0]} to {dates[1]})"  # the data's own dates


def reference_region_stack(tmp_path: Path) -> Path:
    """aws-prod moved to us-west-2 on the design book, which prices only p4de.24xlarge, in us-east-1."""
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    doc = yaml.safe_load((STACKS / "Pulumi.aws-prod.yaml").read_text())
    doc["config"]["aws:region"] = "us-west-2"
    bp = doc["config"]["mlplatform:blueprint"]
    bp.update(region="us-west-2", budget={"maxUsdPerHour": 600, "priceBook": "design-2025"})
    bp["nodePools"] = [p for p in bp["nodePools"] if p["accelerator"] == "nvidia-a100-80gb"]
    bp["services"]["ray"]["workers"] = [w for w in bp["services"]["ray"]["workers"] if w["pool"] == "a100-serve"]
    path = tmp_path / "stacks" / "Pulumi.aws-west.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(doc))
    return path


def test_every_note_on_a_missing_or_stand_in_price_is_reported(tmp_path: Path) -> None:
    [report] = run_json(str(reference_region_stack(tmp_path)))
    assert report["notes"] == [
        "system: book 'design-2025' has no aws price for m7i.4xlarge in us-west-2; this book prices it in: no "
        "region; other books pricing it: list-2026",
        "a100-serve: FALLBACK: part of this price is us-east-1's, not this region's own",
        "object storage: estimated: commonly quoted S3 Standard figure; the AWS page was not read",
        "database: estimated: RDS for MySQL us-west-2 figure; PostgreSQL not found",
        "database: estimated: no us-west-2 figure found; the us-east-1 figure stands in",
    ]
    assert report["missing"] == ["system"]
    # A missing price counts nothing: the system pool adds $0; the a100 pool is 4 x $40.97 at full scale; the prod
    # database (medium, Multi-AZ) is priced from the us-east-1 stand-ins the notes name.
    db = catalog.database_class(Cloud.AWS, ServiceSize.MEDIUM)
    database = 2 * (fc.DATABASE[(Cloud.AWS, "us-west-2", ServiceSize.MEDIUM)].usd
                    + db.storage_gib * fc.DATABASE_STORAGE[(Cloud.AWS, "us-west-2")].usd / 730)
    fixed = 0.10 + 3 * 0.045 + 100 * 0.045 / 730 + 1000 * 0.023 / 730 + database
    assert report["per_hour"]["full"] == round(4 * 40.97 + fixed, 2)  # type: ignore[index]


def test_assumptions_are_options_and_show_in_the_report() -> None:
    [report] = run_json(str(STACKS / "Pulumi.azure-dev.yaml"), "--utilisation", "1", "--storage-gb", "0",
                        "--nat-gb", "0")
    totals = report["per_hour"]
    assert totals["expected"] == totals["full"]  # type: ignore[index]
    assert report["assumptions"] == {"utilisation": 1.0, "storage_gb": 0.0, "nat_gb_per_month": 0.0}
    assert [f["item"] for f in report["fixed"]] == [  # type: ignore[index]
        "control plane", "NAT gateway", "object storage", "database"]


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
    [report] = run_json(str(STACKS / "Pulumi.aws-prod.yaml"))
    full = report["per_hour"]["full"]  # type: ignore[index]
    result = runner.invoke(app, ["cost", str(over_budget_stack(tmp_path, round(full - 0.01, 2)))])
    assert result.exit_code == 1
    assert f"${full - 0.01:,.2f}/h at full scale: OVER BUDGET" in result.output
    result = runner.invoke(app, ["cost", str(over_budget_stack(tmp_path / "b", full))])
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
    # Cloud SQL regional HA bills twice: 2 x ($0.1351/h + 50 GB provisioned (the class's disk) x $0.17 / 730).
    assert catalog.database_class(Cloud.GCP, ServiceSize.MEDIUM).storage_gib == 50
    assert db.idle == pytest.approx(2 * (0.1351 + 50 * 0.17 / 730))
    assert db.detail == "medium = db-custom-2-7680 HA: 2 x ($0.1351/h + 50 GB provisioned x $0.17/GB-month)"
    expected = sum(f.idle or 0.0 for f in without.fixed) + 2 * (0.1351 + 50 * 0.17 / 730)
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


def test_plan_summary_says_the_fixed_costs_are_included(rendered: Mapping[str, Rendered]) -> None:
    r = rendered["azure-prod"]
    cost = estimate(r.plan, 600.0)
    summary = stack_report("azure-prod", r.plan, r.inventory, cost).cost
    dates = catalog.price_book(r.plan.price_book).data_dates
    assert dates is not None
    # AKS Standard $0.10 + one NAT gateway $0.045 + 100 GB x $0.045 / 730 + 1,000 GB of Blob x $0.018 / 730.
    assert cost.fixed_usd_per_hour == round(0.10 + 0.045 + 100 * 0.045 / 730 + 1000 * 0.018 / 730, 2) == 0.18
    assert summary.startswith(f"idle ${cost.idle_usd_per_hour:,.2f}/h, full scale ${cost.full_usd_per_hour:,.2f}/h "
                              f"(price book list-2026, data {dates[0]} to {dates[1]}; includes fixed costs $0.18/h: "
                              "control plane, NAT gateway, "
                              "object storage); budget $600.00/h: ")
