"""`estimate()` takes a utilisation in 0..1 inclusive: the two ends are the idle and the full-scale figures, and one
hundredth past either end is refused with the value named, before any line is priced."""

from __future__ import annotations

import pytest

from components.plan import ClusterPlan, plan_platform
from components.spec import load_blueprint
from mlplatform.economics.cost import CostAssumptions, estimate
from tests.engine.test_cost import a100_blueprint


@pytest.fixture(scope="module")
def plan() -> ClusterPlan:
    return plan_platform(load_blueprint(a100_blueprint("azure", "dev")))


@pytest.mark.parametrize("utilisation", [-0.01, 1.01])
def test_utilisation_outside_zero_to_one_is_refused(plan: ClusterPlan, utilisation: float) -> None:
    with pytest.raises(ValueError, match=rf"^utilisation {utilisation} must be between 0 and 1$"):
        estimate(plan, assumptions=CostAssumptions(utilisation=utilisation))


def test_utilisation_zero_is_the_idle_figure(plan: ClusterPlan) -> None:
    cost = estimate(plan, assumptions=CostAssumptions(utilisation=0.0))
    assert cost.expected_usd_per_hour == cost.idle_usd_per_hour < cost.full_usd_per_hour


def test_utilisation_one_is_the_full_scale_figure(plan: ClusterPlan) -> None:
    cost = estimate(plan, assumptions=CostAssumptions(utilisation=1.0))
    assert cost.idle_usd_per_hour < cost.expected_usd_per_hour == cost.full_usd_per_hour
