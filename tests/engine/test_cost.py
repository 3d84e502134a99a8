"""Cost of a plan: the design price book's figures, tiers side by side, fixed costs, exact totals and budget verdict."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from components import catalog
from components.catalog.price_overrides import parse_overrides
from components.catalog.types import Source
from components.plan import plan_platform
from components.spec import Capacity, Cloud, load_blueprint
from mlplatform.economics.cost import CostAssumptions, estimate
from tests.blueprints import ADMINS

REGION = {"aws": "us-east-1", "gcp": "us-central1", "azure": "eastus"}
# The comparison the platform was designed from: 8x A100 80GB, USD/h on-demand, spot, 1-year reserved.
DESIGN_2025 = {"aws": (40.97, 12.29, 25.81), "gcp": (40.22, 12.07, 25.34), "azure": (37.19, 11.16, 22.87)}
NAT_DATA = 100 * 0.045 / 730  # 100 GB/month assumed through the NAT, $0.045/GB on every cloud's reference region
# Fixed costs per hour of these blueprints (3 zones, 3 system nodes, one 1..3 pool), written out by hand:
FIXED = {
    ("aws", "prod"): 0.10 + 3 * 0.045 + NAT_DATA + 1000 * 0.023 / 730,  # EKS, one NAT per zone, S3
    ("aws", "dev"): 0.10 + 1 * 0.045 + NAT_DATA + 1000 * 0.023 / 730,  # one NAT outside prod
    ("azure", "prod"): 0.10 + 0.045 + NAT_DATA + 1000 * 0.018 / 730,  # AKS Standard
    ("azure", "dev"): 0.0 + 0.045 + NAT_DATA + 1000 * 0.018 / 730,  # AKS Free
}


def a100_blueprint(cloud: str, environment: str, budget: float = 1000.0) -> dict[str, Any]:
    return {
        "cloud": cloud, "region": REGION[cloud], "environment": environment,
        "cluster": {"kubernetesVersion": "1.35", "systemPool": {"nodes": 3}, "admins": ADMINS[cloud]},
        "nodePools": [{"name": "a100", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8,
                       "minNodes": 1, "maxNodes": 3}],
        "budget": {"maxUsdPerHour": budget, "priceBook": "design-2025"},
    }


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure"])
def test_design_book_figures_scale_with_nodes(cloud: str) -> None:
    on_demand, spot, reserved = DESIGN_2025[cloud]
    for environment, per_node in (("prod", on_demand), ("dev", spot)):
        cost = estimate(plan_platform(load_blueprint(a100_blueprint(cloud, environment))), budget=1000.0)
        [system, a100] = cost.lines
        assert a100.usd_per_node_hour == pytest.approx(per_node)
        assert (a100.idle, a100.full) == (pytest.approx(per_node), pytest.approx(3 * per_node))
        # Every tier side by side, whatever the pool's own tier: the saving of each choice.
        assert {c: a100.full_at(c) for c in Capacity} == {
            Capacity.ON_DEMAND: pytest.approx(3 * on_demand),
            Capacity.SPOT: pytest.approx(3 * spot),
            Capacity.RESERVED: pytest.approx(3 * reserved),
            Capacity.CAPACITY_BLOCK: None,  # set at purchase: no book carries it, shown n/a (never $0)
            Capacity.FLEX_START: None,  # Dynamic Workload Scheduler SKUs: no book carries them, shown n/a
        }
        # The design book prices only the A100 shape: the system pool is reported missing, not guessed.
        assert system.usd_per_node_hour is None and cost.missing == ("system",)
        assert cost.notes[0].startswith(f"system: book 'design-2025' has no {cloud} price for ")


@pytest.mark.parametrize(("cloud", "environment"), sorted(FIXED))
def test_totals_add_the_fixed_costs_exactly(cloud: str, environment: str) -> None:
    per_node = DESIGN_2025[cloud][0 if environment == "prod" else 1]
    cost = estimate(plan_platform(load_blueprint(a100_blueprint(cloud, environment))), budget=1000.0)
    fixed = FIXED[(cloud, environment)]
    assert cost.idle_usd_per_hour == round(1 * per_node + fixed, 2)
    assert cost.expected_usd_per_hour == round(2 * per_node + fixed, 2)  # 50%: 1 + 0.5 x (3 - 1) nodes
    assert cost.full_usd_per_hour == round(3 * per_node + fixed, 2)
    assert cost.full_usd_per_month == round((3 * per_node + fixed) * 730, 2)


def test_aws_prod_totals_are_pinned_to_the_cent() -> None:
    cost = estimate(plan_platform(load_blueprint(a100_blueprint("aws", "prod"))), budget=1000.0)
    assert (cost.idle_usd_per_hour, cost.expected_usd_per_hour, cost.full_usd_per_hour) == (41.24, 82.21, 123.18)
    # A month is the unrounded hour x 730, rounded once: 41.2426... x 730, not 41.24 x 730 (30105.20).
    assert (cost.idle_usd_per_month, cost.full_usd_per_month) == (30107.15, 89923.35)
    assert [(f.item, f.detail) for f in cost.fixed] == [
        ("control plane", "EKS standard support"),
        ("NAT gateway", "3 gateways x $0.045/h + 100 GB/month processed (assumed) x $0.045/GB"),
        ("object storage", "1000 GB (assumed) x $0.023/GB-month"),
    ]
    assert cost.notes[1:] == (
        "object storage: estimated: commonly quoted S3 Standard figure; the AWS page was not read",
    )


def test_gcp_nat_follows_the_node_count_and_the_zonal_free_tier_is_noted() -> None:
    raw = a100_blueprint("gcp", "dev")
    raw["cluster"]["availability"] = "zonal"
    cost = estimate(plan_platform(load_blueprint(raw)))
    control, nat, _ = cost.fixed
    assert (control.detail, control.idle) == ("GKE Standard, zonal", 0.10)
    assert control.notes == ("GKE's free tier credits $74.40/month per billing account to one zonal cluster; "
                             "not deducted here",)
    # 3 system nodes + 1 (idle) or 3 (full) pool nodes at $0.0014 per VM-hour, plus the data.
    assert (nat.idle, nat.full) == (pytest.approx(4 * 0.0014 + NAT_DATA), pytest.approx(6 * 0.0014 + NAT_DATA))


def test_assumptions_change_the_figures_they_name() -> None:
    plan = plan_platform(load_blueprint(a100_blueprint("azure", "dev")))
    cost = estimate(plan, assumptions=CostAssumptions(utilisation=1.0, storage_gb=0.0, nat_gb_per_month=0.0))
    assert cost.expected_usd_per_hour == cost.full_usd_per_hour == round(3 * 11.16 + 0.045, 2)
    with pytest.raises(ValueError, match="utilisation 1.5 must be between 0 and 1"):
        estimate(plan, assumptions=CostAssumptions(utilisation=1.5))


def test_over_budget_is_strictly_above_the_budget() -> None:
    plan = plan_platform(load_blueprint(a100_blueprint("aws", "prod")))
    assert estimate(plan, budget=123.18).full_usd_per_hour == 123.18
    assert not estimate(plan, budget=123.18).over_budget  # equal is within budget
    assert estimate(plan, budget=123.17).over_budget
    assert not estimate(plan, budget=None).over_budget


def reserved_blueprint(book: str) -> dict[str, Any]:
    raw = a100_blueprint("aws", "prod")
    raw["nodePools"][0].update(capacity="reserved", reservation="cr-0123456789abcdef0", reservationZone="use1-az4")
    raw["budget"]["priceBook"] = book
    return raw


def test_overridden_and_estimated_reserved_prices_are_noted() -> None:
    overrides = parse_overrides({"discountPercent": {"aws": 10}}, Source("deal", "https://example.invalid/deal",
                                                                        date(2026, 11, 1)))
    design = estimate(plan_platform(load_blueprint(reserved_blueprint("design-2025"))), overrides=overrides)
    [_, a100] = design.lines
    assert a100.usd_per_node_hour == pytest.approx(25.81 * 0.9)  # the book's own reserved figure, discounted
    assert a100.notes == ("negotiated price override",)
    listed = estimate(plan_platform(load_blueprint(reserved_blueprint("list-2026"))))
    [_, a100] = listed.lines
    # list-2026 carries AWS's published 1-year rate for p4de (no estimate, so no flag) ...
    published = catalog.price(Cloud.AWS, "p4de.24xlarge", "us-east-1")
    assert not published.reserved_estimated
    assert (a100.usd_per_node_hour, a100.notes) == (published.reserved, ())
    # ... and estimates (flagged) where no rate is published, e.g. the system pool's m7i in reserved capacity.
    system = catalog.price(Cloud.AWS, "m7i.4xlarge", "us-east-1")
    assert system.reserved_estimated
    assert system.flags(Capacity.RESERVED) == (
        "ESTIMATED: reserved is on-demand x the book's commitment ratio, not a published rate",)
