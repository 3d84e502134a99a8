"""Planning decisions pinned where a mutation run found them unguarded, both sides of each:
- a multi-host TPU slice is placed in one zone even where two zones offer its machine; a single-host pool keeps both;
- only a pool's reserved tier is held to its `reservationZone`; its spot fallback keeps every open zone;
- `capacity_degradations` is empty on every cloud now that all three realise a preference list, and a spot fallback
  tier counts as a spot pool (interruption handling) on each."""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.plan import capacity_degradations, plan_platform, spot_pools
from components.spec import Cloud, load_blueprint
from tests.plan.test_access_and_services import A100, raw
from tests.plan.test_plan import gcp

EUROPE = "europe-west4"  # the catalog reads ct5lp-hightpu-4t open in europe-west4-a and -b


def _in_europe(*pools: dict[str, Any]) -> dict[str, Any]:
    return {**gcp(*pools), "region": EUROPE}


def test_a_multi_host_slice_takes_one_of_two_open_zones() -> None:
    assert catalog.published_zones(Cloud.GCP, EUROPE, "ct5lp-hightpu-4t") == ("europe-west4-a", "europe-west4-b")
    [pool] = plan_platform(load_blueprint(_in_europe({"name": "v5e", "accelerator": "tpu-v5e",
                                                      "topology": "4x4"}))).pools
    assert pool.zones == ("europe-west4-a",)


def test_a_single_host_pool_keeps_both_open_zones() -> None:
    shape = "ct5lp-hightpu-8t"
    open_zones = catalog.published_zones(Cloud.GCP, EUROPE, shape)
    assert len(open_zones) >= 2
    [pool] = plan_platform(load_blueprint(_in_europe({"name": "v5e", "accelerator": "tpu-v5e", "topology": "2x4",
                                                      "maxNodes": 2}))).pools
    assert pool.shape.machine_type == shape
    assert len(pool.zones) >= 2 and set(pool.zones) <= set(open_zones)


def test_only_the_reserved_tier_is_held_to_the_reservation_zone() -> None:
    tiered = {**A100, "capacity": ["reserved", "spot"], "reservation": "a100-res", "reservationZone": "us-central1-c"}
    plan = plan_platform(load_blueprint({**raw("gcp"), "nodePools": [tiered]}))
    [pool] = plan.pools
    [spot] = pool.alternates
    assert pool.zones == ("us-central1-c",)
    assert spot.zones == tuple(z for z in plan.zones if z in catalog.published_zones(
        Cloud.GCP, "us-central1", spot.shape.machine_type))
    assert len(spot.zones) > 1


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure"])
def test_every_cloud_realises_a_preference_list(cloud: str) -> None:
    listed = {**A100, "capacity": ["on-demand", "spot"]}
    plan = plan_platform(load_blueprint({**raw(cloud), "nodePools": [listed]}))
    assert capacity_degradations(plan) == ()
    assert [p.name for p in spot_pools(plan)] == ["a100"]  # the spot fallback is built, so it is handled


def test_no_degradation_without_alternates() -> None:
    assert capacity_degradations(plan_platform(load_blueprint(raw("gcp")))) == ()
