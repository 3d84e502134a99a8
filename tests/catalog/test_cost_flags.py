"""`plan`/`cost` name the price book and its data dates, flag every estimated or fallback figure, and warn
when a stack's Kubernetes version is about to leave standard support."""

from __future__ import annotations

from datetime import date
from typing import Any

from components.catalog import CATALOG_REVIEWED
from components.plan import plan_platform
from components.spec import load_blueprint
from mlplatform.economics.cost import estimate
from mlplatform.engine.inventory import Inventory
from mlplatform.present.format import markdown
from mlplatform.present.report import stack_report
from tests.blueprints import ADMINS


def gcp_prod(version: str = "1.35", **pool: Any) -> dict[str, Any]:
    a100 = {"name": "a100", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2, **pool}
    return {"cloud": "gcp", "region": "us-central1", "environment": "prod",
            "cluster": {"kubernetesVersion": version, "systemPool": {"nodes": 3}, "admins": ADMINS["gcp"]},
            "nodePools": [a100]}


def test_fallback_and_estimated_figures_are_flagged_per_line_and_in_the_summary() -> None:
    reserved = gcp_prod(capacity="reserved", reservation="a100-res", reservationZone="us-central1-a")
    plan = plan_platform(load_blueprint(reserved))
    cost = estimate(plan)
    [system, a100] = cost.lines
    assert system.notes == ()
    # us-central1's own A100 80GB list price (no stand-in); A2 Ultra publishes no 1-year rate: still estimated.
    assert a100.notes == (
        "ESTIMATED: reserved is on-demand x the book's commitment ratio, not a published rate",
    )
    assert a100.usd_per_node_hour == round((40.22162 + 3000 * 0.08 / 730) * 0.63, 5)
    assert cost.data_dates == (date(2025, 5, 31), date(2026, 8, 26))
    report = stack_report("gcp-prod", plan, Inventory("test"), cost, today=CATALOG_REVIEWED)
    assert "(price book list-2026, data 2025-05-31 to 2026-08-26; includes fixed costs" in report.cost
    assert "1 figure(s) not the region's own published price, see price flags: a100" in report.cost
    assert "spot figure(s) older" not in report.cost  # a reserved pool: its spot figure's age does not matter
    assert report.pools[0].price_flags == "; ".join(a100.notes)
    assert report.warnings == ()


def test_a_version_near_its_end_is_a_plan_warning() -> None:
    raw = {**gcp_prod(), "cloud": "aws", "region": "us-east-1",
           "cluster": {"kubernetesVersion": "1.35", "systemPool": {"nodes": 3}, "admins": ADMINS["aws"]}}
    plan = plan_platform(load_blueprint(raw))
    report = stack_report("aws-prod", plan, Inventory("test"), estimate(plan), today=date(2027, 3, 25))
    assert report.warnings == (
        "Kubernetes 1.35 leaves standard support on aws on 2027-03-27, in 2 days; upgrade to 1.36",
    )
    assert "| WARNING | Kubernetes 1.35 leaves standard support on aws on 2027-03-27" in markdown(report)
    assert stack_report("aws-prod", plan, Inventory("test"), estimate(plan), today=CATALOG_REVIEWED).warnings == ()


def test_a_spot_pool_without_a_spot_price_is_missing_not_priced_at_the_full_rate() -> None:
    raw = {"cloud": "aws", "region": "us-east-1", "environment": "dev",
           "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["aws"]},
           "nodePools": [{"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 1, "maxNodes": 2}]}
    cost = estimate(plan_platform(load_blueprint(raw)))
    h100 = cost.lines[1]
    assert (h100.machine_type, h100.usd_per_node_hour) == ("p5.4xlarge", None)
    assert cost.missing == ("h100",)
    assert "no spot price is published" in h100.notes[0]


def test_a_spot_pool_says_how_old_its_spot_figure_is_and_shows_its_local_ssd() -> None:
    raw = gcp_prod()
    raw["nodePools"] = [{"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2,
                         "capacity": "spot"}]
    raw["region"] = "us-east4"
    plan = plan_platform(load_blueprint(raw))
    cost = estimate(plan, today=date(2026, 11, 30))
    h100 = cost.lines[1]
    assert h100.usd_per_node_hour == round(35.88686 + 6000 * 0.0528 / 730, 5)
    assert h100.notes == (
        "OLD SPOT DATA: the spot figure's data is of 2026-07-30, 123 days before 2026-11-30 (over 90); spot moves "
        "daily, run `mlplatform catalog refresh`",
    )
    assert (cost.flagged, cost.old_spot) == ((), (h100,))
    assert h100.local_ssd == (
        f"6000 GiB bundled Local SSD at $0.088/GiB-month on-demand: ${6000 * 0.0528 / 730:.4f}/node-h spot, included")
    report = stack_report("gcp-prod", plan, Inventory("test"), cost, today=CATALOG_REVIEWED)
    assert "spot figure(s) older than 90 days, see price flags: h100" in report.cost
    assert report.pools[0].local_ssd == h100.local_ssd
    assert "6000 GiB bundled Local SSD" in markdown(report)
    assert estimate(plan, today=date(2026, 10, 28)).lines[1].notes == ()
