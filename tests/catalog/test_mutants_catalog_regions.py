"""Where a TPU machine type can run with and without a reservation (`regions_offering`): a mutation run dropped the
reservation-only regions and no test noticed (tools/README.md). Rows: `components/catalog/availability.py`
(v5e open in europe-west4, us-central1, us-west4; reservation-only in us-east5; its sources and date are there)."""

from __future__ import annotations

import pytest

from components.catalog.regions import regions_offering, zones_offering
from components.spec import Cloud

OPEN = frozenset({"europe-west4", "us-central1", "us-west4"})


@pytest.mark.parametrize("machine_type", ["ct5lp-hightpu-1t", "ct5lp-hightpu-4t", "ct5lp-hightpu-8t"])
def test_v5e_adds_its_reservation_only_region_when_reserved(machine_type: str) -> None:
    assert regions_offering(Cloud.GCP, machine_type) == OPEN
    assert regions_offering(Cloud.GCP, machine_type, reserved=True) == OPEN | {"us-east5"}


def test_reservation_only_zones_count_only_when_reserved() -> None:
    assert zones_offering(Cloud.GCP, "us-east5", "ct5lp-hightpu-4t") == ()
    assert zones_offering(Cloud.GCP, "us-east5", "ct5lp-hightpu-4t", reserved=True) == (
        "us-east5-a", "us-east5-b", "us-east5-c")


def test_an_unknown_machine_type_is_offered_nowhere_even_reserved() -> None:
    assert regions_offering(Cloud.GCP, "ct9-imaginary-4t", reserved=True) == frozenset()
