"""TPU v5p rows are per chip, at the vendor's published per-chip-hour rate.

The snapshot prices v5p as a 6144-chip slice; the book divides by the slice's chips (`prices_gcp._V5P_CHIPS`). Cloud
TPU pricing (https://cloud.google.com/tpu/pricing, read 2026-11-27) lists v5p on demand at $4.20 per chip-hour in
us-central1 and us-east5, so a node of 4 chips (`ct5p-hightpu-4t`) costs 16.80 USD/h there.
"""

from __future__ import annotations

import pytest

from components.catalog import price
from components.spec.enums import Cloud


@pytest.mark.parametrize("region", ["us-central1", "us-east5"])
def test_a_v5p_host_costs_its_chips_at_the_published_chip_hour_rate(region: str) -> None:
    host = price(Cloud.GCP, "ct5p-hightpu-4t", region)

    assert host.on_demand == pytest.approx(4 * 4.20)
    assert host.spot is not None and host.spot < host.on_demand
