"""A feed row without a spot figure keeps the hand-read spot figure, dated by the source it was read from.

`feed_tables.overlay`: the feed's on-demand and reserved figures replace the hand-read row's, and the row takes the
feed as its source; a spot figure kept from the hand-read row names its own source as `spot_source` (the hand row's
`spot_source` when it had one, else the hand row's source), so the spot date shown is the old data's, not the
feed's. A feed row with a spot figure replaces the row whole.
"""

from __future__ import annotations

from datetime import date

import pytest

from components.catalog.feed_tables import overlay
from components.catalog.price_rows import Rate
from components.catalog.types import Source
from components.spec.enums import Cloud

SNAPSHOT = Source("snapshot", "https://example.org/snapshot", date(2025, 5, 31))
LIST = Source("list", "https://example.org/list", date(2026, 8, 26))
FEED = Source("feed", "https://example.org/feed", date(2026, 11, 1))
KEY = (Cloud.AWS, "p5.48xlarge", "us-east-1")


@pytest.mark.parametrize(("hand", "spot_source"), [
    (Rate(55.0, 25.0, None, SNAPSHOT, spot_zone="use1-az2"), SNAPSHOT),  # the hand row's own source
    (Rate(55.0, 25.0, 40.0, LIST, spot_zone="use1-az2", spot_source=SNAPSHOT), SNAPSHOT),  # its spot's source
])
def test_a_feed_row_without_spot_keeps_the_hand_spot_and_its_source(hand: Rate, spot_source: Source) -> None:
    merged = overlay({KEY: hand}, {KEY: Rate(50.0, None, 30.0, FEED)})[KEY]

    assert (merged.on_demand, merged.spot, merged.reserved, merged.source) == (50.0, 25.0, 30.0, FEED)
    assert (merged.spot_zone, merged.spot_source) == ("use1-az2", spot_source)


def test_a_feed_row_with_spot_replaces_the_row_whole() -> None:
    fresh = Rate(50.0, 20.0, 30.0, FEED)

    assert overlay({KEY: Rate(55.0, 25.0, None, SNAPSHOT, spot_zone="use1-az2")}, {KEY: fresh})[KEY] == fresh
