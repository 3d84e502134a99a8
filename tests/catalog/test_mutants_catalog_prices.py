"""The spot figure of a GCP machine with bundled Local SSD: dated only when the node has a spot price.

`prices.price` sums the machine's spot figure and the SSD part's; when the book has no spot figure for the SSD part
the node has no spot price, so no spot date either (`Price.spot_as_of` None, as `spot` is None): a date without a
figure would make `Price.flags` call a missing price old. Both sides on a book built here (the committed books give
every SSD row a spot figure).
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest

from components.catalog import prices
from components.catalog.price_rows import LOCAL_SSD_PART, Rate, gpu_part
from components.catalog.prices import PriceBook, price
from components.catalog.types import Source
from components.spec.enums import Capacity, Cloud

A3, H100, REGION = "a3-highgpu-8g", gpu_part("nvidia-h100-80gb"), "us-central1"
MACHINE = Source("machine snapshot", "https://example.org/machine", date(2026, 7, 30))
SSD = Source("ssd snapshot", "https://example.org/ssd", date(2026, 5, 1))


def _book(ssd_spot: float | None) -> PriceBook:
    rows = {(Cloud.GCP, A3, REGION): Rate(10.0, 3.0, 6.0, MACHINE),
            (Cloud.GCP, H100, REGION): Rate(9.0, 2.0, 5.0, MACHINE),
            (Cloud.GCP, LOCAL_SSD_PART, REGION): Rate(0.0001, ssd_spot, 0.00005, SSD)}
    return PriceBook("test", "test", MACHINE, MappingProxyType(rows))


@pytest.mark.parametrize(("ssd_spot", "spot", "spot_as_of"), [
    (None, None, None),  # no spot figure for the SSD: no spot price, no date
    (0.00002, round(3.0 + 8 * 2.0 + 6000 * 0.00002, 5), date(2026, 5, 1)),  # both: the oldest data's date
])
def test_a_local_ssd_without_a_spot_figure_leaves_the_node_unpriced_and_undated_on_spot(
    monkeypatch: pytest.MonkeyPatch, ssd_spot: float | None, spot: float | None, spot_as_of: date | None,
) -> None:
    monkeypatch.setattr(prices, "PRICE_BOOKS", MappingProxyType({"test": _book(ssd_spot)}))

    p = price(Cloud.GCP, A3, REGION, book="test")

    assert p.local_ssd is not None and p.local_ssd.gib == 6000
    assert (p.spot, p.spot_as_of) == (spot, spot_as_of)
    assert p.on_demand == round(10.0 + 8 * 9.0 + 6000 * 0.0001, 5)
    old_spot = [f for f in p.flags(Capacity.SPOT, date(2027, 1, 1)) if f.startswith("OLD SPOT DATA")]
    assert len(old_spot) == (spot is not None)
