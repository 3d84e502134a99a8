"""The design book's "up to" spot savings agree with its own rows and with the disagreements it documents.

`prices_design` keeps two readings of the maximum spot saving: the article's (the book's `spot_savings_up_to`) and
each vendor's page (`VENDOR_SPOT_SAVINGS_UP_TO`). Where they differ the book must say so in `DISAGREEMENTS` with both
figures; where they agree it must not. And no row of the book saves more on spot than its article claims at most.
"""

from __future__ import annotations

import pytest

from components.catalog import PRICE_BOOKS
from components.catalog import prices_design as design
from components.spec.enums import Cloud

NAMES = {Cloud.AWS: "AWS", Cloud.GCP: "GCP", Cloud.AZURE: "Azure"}


@pytest.mark.parametrize("cloud", list(Cloud))
def test_each_cloud_whose_readings_differ_has_a_disagreement_naming_both(cloud: Cloud) -> None:
    article, vendor = design.SPOT_SAVINGS_UP_TO[cloud], design.VENDOR_SPOT_SAVINGS_UP_TO[cloud]

    named = [d for d in design.DISAGREEMENTS if d.startswith(f"{NAMES[cloud]} spot saving")]

    if article == vendor:
        assert named == []
    else:
        assert named == [f"{NAMES[cloud]} spot saving 'up to {article}%' in the article; "
                         f"{'Microsoft' if cloud is Cloud.AZURE else NAMES[cloud]} states up to {vendor}%."]


def test_no_design_row_saves_more_on_spot_than_the_article_allows() -> None:
    book = PRICE_BOOKS[design.NAME]
    for (cloud, machine, region), rate in book.rows.items():
        assert rate.spot is not None, machine
        assert 100 * (1 - rate.spot / rate.on_demand) <= book.spot_savings_up_to[cloud], (machine, region)
