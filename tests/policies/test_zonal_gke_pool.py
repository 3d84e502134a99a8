"""A zonal GKE pool (its `location` a zone, `us-central1-a`) is checked and priced in its region, `us-central1`:
it passes a region allowlist that names the region, is refused by one that does not (the message names the
region, not the zone), and the stack's hourly cost includes it at the region's price. Without the zone -> region
mapping in `policies/cost_guardrails/pools.py` the pool would fail the allowlist and be unpriced.

Zone names are `<region>-<letter>` (https://cloud.google.com/compute/docs/regions-zones, read 2026-12-06)."""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.spec import Capacity, Cloud
from tests.policies.synthetic import found, mutated, verdicts
from tests.policies.test_cost_rules import SYNTHETIC_POOLS

COST = "mlplatform-cost-guardrails"
ZONES = ["us-central1-a", "us-central1-f"]


def _zonal(zone: str) -> dict[str, dict[str, Any] | None]:
    return mutated("gke-v5e", (("location",), zone), (("nodeLocations",), [zone]))


def _totals(v5e_at: Capacity | None = None) -> tuple[float, float]:
    """The synthetic stack's idle and full-scale totals; ``v5e_at`` prices the v5e pool at another tier."""
    rates = [(catalog.price(c, m, r, book=catalog.DEFAULT_PRICE_BOOK).for_capacity(
              v5e_at if v5e_at and name == "v5e" else cap), lo, hi)
             for name, c, m, r, cap, lo, hi in SYNTHETIC_POOLS]
    return round(sum(r * lo for r, lo, _ in rates), 2), round(sum(r * hi for r, _, hi in rates), 2)


@pytest.mark.parametrize("zone", ZONES)
def test_zonal_pool_passes_an_allowlist_naming_its_region(zone: str) -> None:
    config = {COST: {"accelerator-allowlists": {"allowedRegions": ["us-central1", "us-east-1", "eastus"]}}}
    assert found(verdicts(_zonal(zone), config)) == []


@pytest.mark.parametrize("zone", ZONES)
def test_zonal_pool_is_refused_by_an_allowlist_without_its_region(zone: str) -> None:
    config = {COST: {"accelerator-allowlists": {"allowedRegions": ["us-east-1", "eastus", zone]}}}
    assert found(verdicts(_zonal(zone), config)) == [(
        "accelerator-allowlists", "violation", "gke-v5e",
        f"accelerator pool 'v5e' is in us-central1, not in allowedRegions: eastus, {zone}, us-east-1",
    )]


@pytest.mark.parametrize("zone", ZONES)
def test_zonal_pool_is_priced_at_its_regions_rate(zone: str) -> None:
    v5e = catalog.price(Cloud.GCP, "ct5lp-hightpu-4t", "us-central1", book=catalog.DEFAULT_PRICE_BOOK)
    assert v5e.for_capacity(Capacity.SPOT) > 0
    idle, full = _totals()
    at_totals = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": full, "maxUsdPerHourIdle": idle}}}
    assert found(verdicts(_zonal(zone), at_totals)) == []
    # One cent under the full-scale total: the zonal pool's nodes are in the sum, priced, not skipped.
    under = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": full - 0.01, "maxUsdPerHourIdle": idle}}}
    [(policy, kind, _, message)] = found(verdicts(_zonal(zone), under))
    assert (policy, kind) == ("stack-hourly-cost", "violation")
    assert message.startswith(f"the stack's nodes cost ${full:,.2f}/h at full scale")


def test_a_flex_start_pool_is_held_to_the_ceiling_at_its_on_demand_rate() -> None:
    """Flex-start has no published single rate (`cost` shows it unpriced); the ceiling counts it at on-demand, the
    figure that bounds it from above (`catalog.BOUNDED_BY`), never at spot or $0."""
    flex = mutated("gke-v5e", (("nodeConfig", "spot"), False), (("nodeConfig", "flexStart"), True))
    idle, full = _totals(Capacity.ON_DEMAND)
    assert full > _totals()[1]  # on-demand, not the spot figure the spot pool is summed at
    at = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": full, "maxUsdPerHourIdle": idle}}}
    assert found(verdicts(flex, at)) == []
    under = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": full - 0.01, "maxUsdPerHourIdle": idle}}}
    [(policy, kind, _, message)] = found(verdicts(flex, under))
    assert (policy, kind) == ("stack-hourly-cost", "violation")
    assert message.startswith(f"the stack's nodes cost ${full:,.2f}/h at full scale")
