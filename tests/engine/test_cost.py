"""Cost of a plan: the design price book's figures, spot vs on-demand, missing prices reported, budget verdict."""

from __future__ import annotations

from typing import Any

import pytest

from components.plan import plan_platform
from components.spec import load_blueprint
from mlplatform.cost import estimate
from tests.blueprints import ADMINS

REGION = {"aws": "us-east-1", "gcp": "us-central1", "azure": "eastus"}
# The comparison the platform was designed from: 8x A100 80GB, USD/h on-demand and spot.
DESIGN_2025 = {"aws": (40.97, 12.29), "gcp": (40.22, 12.07), "azure": (37.19, 11.16)}


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
    on_demand, spot = DESIGN_2025[cloud]
    for environment, per_node in (("prod", on_demand), ("dev", spot)):
        cost = estimate(plan_platform(load_blueprint(a100_blueprint(cloud, environment))), budget=1000.0)
        [system, a100] = cost.lines
        assert a100.usd_per_node_hour == pytest.approx(per_node)
        assert (a100.idle, a100.full) == (pytest.approx(per_node), pytest.approx(3 * per_node))
        # The design book prices only the A100 shape: the system pool is reported missing, not guessed.
        assert system.usd_per_node_hour is None and cost.missing == ("system",)
        assert cost.full_usd_per_hour == pytest.approx(round(3 * per_node, 2))


def test_over_budget_is_a_finding() -> None:
    plan = plan_platform(load_blueprint(a100_blueprint("aws", "prod")))
    assert not estimate(plan, budget=123.0).over_budget  # 3 x 40.97 = 122.91
    assert estimate(plan, budget=122.0).over_budget
    assert not estimate(plan, budget=None).over_budget
