"""Behaviours a mutation run found unpinned (issue 19): each test fails on the named mutant of its module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from components import catalog
from components.catalog import egress
from components.plan import plan_platform
from components.spec import Accelerator, Capacity, Cloud, load_blueprint
from mlplatform.economics.migrate import data_move, retarget

STACKS = Path(__file__).resolve().parents[2] / "stacks"


def _raw(stack: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((STACKS / f"Pulumi.{stack}.yaml").read_text())["config"]
    return doc


def test_a_multi_host_tpu_slice_is_kept_to_one_zone_of_a_regional_cluster() -> None:
    """components/plan.py `zones[:1]` -> `zones[:2]`: a slice's hosts share one zone and one placement."""
    plan = plan_platform(load_blueprint(_raw("gcp-prod")["mlplatform:blueprint"]))
    [slice_pool] = [p for p in plan.pools if p.name == "v5e-slice"]
    h100 = next(p for p in plan.pools if p.name == "h100-train")
    assert plan.zones == h100.zones == ("us-central1-a", "us-central1-b", "us-central1-c")  # regional: 3 zones
    assert slice_pool.zones == ("us-central1-a",)


def test_only_the_reserved_tier_of_a_preference_list_is_pinned_to_the_reservation_zone() -> None:
    """components/plan.py `RESERVED and zone` -> `or`: the on-demand fallback spans the cluster's zones."""
    raw = _raw("aws-prod")["mlplatform:blueprint"]
    raw["nodePools"][0].update(capacity=["reserved", "on-demand"], reservation="cr-0123456789abcdef0",
                               reservationZone="use1-az4")
    [pool, _] = plan_platform(load_blueprint(raw)).pools
    assert (pool.capacity, pool.zones) == (Capacity.RESERVED, ("use1-az4",))
    [fallback] = pool.alternates
    assert fallback.capacity is Capacity.ON_DEMAND and len(fallback.zones) > 1 and "use1-az4" in fallback.zones


def test_the_appliance_starts_at_its_threshold_exactly() -> None:
    """mlplatform/economics/migrate.py `tb >= APPLIANCE_FROM_TB` -> `>`."""
    service = egress.TRANSFER_SERVICES[Cloud.GCP]
    at = data_move(Cloud.AWS, Cloud.GCP, egress.APPLIANCE_FROM_TB)
    below = data_move(Cloud.AWS, Cloud.GCP, egress.APPLIANCE_FROM_TB - 1)
    assert (at.tool, at.tool_source) == (service.appliance, service.appliance_source.url)
    assert (below.tool, below.tool_source) == (service.online, service.source.url)


def test_a_gpu_count_the_target_does_not_sell_per_node_is_unmovable_with_the_counts_it_does() -> None:
    """mlplatform/economics/migrate.py `accel.kind is GPU` -> `is not` in the pool-movability check."""
    counts = catalog.offered(Cloud.AZURE)[Accelerator.A100_80GB]
    odd = next(n for n in range(1, 9) if n not in counts)
    raw = _raw("aws-prod")
    bp = raw["mlplatform:blueprint"]
    bp["nodePools"] = [{**bp["nodePools"][1], "acceleratorsPerNode": odd}]
    bp["services"]["ray"]["workers"] = []
    result = retarget(load_blueprint({**bp, "nodePools": [{**bp["nodePools"][0], "acceleratorsPerNode": 8}]}),
                      bp, raw, Cloud.AZURE)
    [gone] = result.unmovable
    assert gone.reason == (f"azure offers nvidia-a100-80gb only {' / '.join(f'x{n}' for n in counts)} per node, "
                           f"not x{odd}")
