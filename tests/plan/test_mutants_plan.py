"""Planning decisions a mutation run of `components/plan.py` against `tests/plan` found unpinned (tools/README.md,
2026-12-07 section), each on both sides of its condition:
- only a spot tier lists the catalog's alternate instance types (spot diversification); an on-demand tier lists the
  primary alone (plan.py `tier_shapes`: `is not` -> `is`, `shapes[:1]` -> `shapes[:2]`);
- a spot price cap reaches the spot tier of a preference list and never its on-demand tier (`is` -> `is not`);
- only GKE tiers join the pool's ComputeClass (label and taint); EKS and AKS tiers carry neither (`is` -> `is not`).
"""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.plan import PoolPlan, plan_platform
from components.spec import Accelerator, Capacity, Cloud, load_blueprint
from tests.plan.test_access_and_services import A100, raw

COMPUTE_CLASS = "cloud.google.com/compute-class"


def _tiers(cloud: str, **pool: Any) -> dict[Capacity, PoolPlan]:
    [planned] = plan_platform(load_blueprint({**raw(cloud), "nodePools": [{**A100, **pool}]})).pools
    return {p.capacity: p for p in (planned, *planned.alternates)}


def test_only_the_spot_tier_lists_the_alternate_instance_types() -> None:
    # The catalog has two AWS shapes of 8 x A100 40GB, both offered in us-east-1: the spot tier diversifies over
    # both, the on-demand tier is priced and planned by the primary alone.
    shapes = catalog.accelerator_shapes(Cloud.AWS, Accelerator.A100_40GB, 8)
    assert [s.machine_type for s in shapes] == ["p4d.24xlarge", "p4de.24xlarge"]
    assert all("us-east-1" in catalog.regions_offering(Cloud.AWS, s.machine_type) for s in shapes)
    tiers = _tiers("aws", accelerator="nvidia-a100-40gb", capacity=["spot", "on-demand"])
    assert [s.machine_type for s in tiers[Capacity.SPOT].shapes] == ["p4d.24xlarge", "p4de.24xlarge"]
    assert [s.machine_type for s in tiers[Capacity.ON_DEMAND].shapes] == ["p4d.24xlarge"]


def test_a_spot_price_cap_reaches_the_spot_tier_only() -> None:
    tiers = _tiers("azure", capacity=["spot", "on-demand"], spotMaxPrice=9.5)
    assert (tiers[Capacity.SPOT].spot_max_price, tiers[Capacity.ON_DEMAND].spot_max_price) == (9.5, None)
    assert (tiers[Capacity.SPOT].cloud_name, tiers[Capacity.ON_DEMAND].cloud_name) == ("a100", "a100od")


def test_gke_tiers_join_the_pool_s_compute_class() -> None:
    for tier in _tiers("gcp", capacity=["spot", "on-demand"]).values():
        assert tier.labels[COMPUTE_CLASS] == "mlplatform-a100"
        assert tier.taints[-1].key == COMPUTE_CLASS and tier.taints[-1].value == "mlplatform-a100"


@pytest.mark.parametrize("cloud", ["aws", "azure"])
def test_eks_and_aks_tiers_carry_no_compute_class(cloud: str) -> None:
    for tier in _tiers(cloud, capacity=["spot", "on-demand"]).values():
        assert COMPUTE_CLASS not in tier.labels
        assert [t.key for t in tier.taints] == ["nvidia.com/gpu"]
