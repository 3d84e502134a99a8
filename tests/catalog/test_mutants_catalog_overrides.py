"""A negotiated discount leaves every tier rounded to the catalog's five decimals (USD/h), as `prices.price` does.

A discount of 7% on figures with more decimals than five shows the rounding of each tier the file did not set; a
tier the file set absolutely is kept as written, unrounded.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from components.catalog import price
from components.catalog.price_overrides import parse_overrides
from components.catalog.types import Source
from components.spec.enums import Cloud

FILE = Source("overrides.yaml", "file:///overrides.yaml", date(2026, 11, 1))


def test_a_discount_rounds_each_tier_to_five_decimals_and_keeps_absolute_figures() -> None:
    base = replace(price(Cloud.AWS, "g4dn.12xlarge", "us-east-1"), on_demand=3.123457, spot=1.234567,
                   reserved=2.345679)
    discount = parse_overrides({"discountPercent": {"aws": 7}}, FILE)

    got = discount.apply(Cloud.AWS, "g4dn.12xlarge", base)

    assert (got.on_demand, got.spot, got.reserved) == (2.90482, 1.14815, 2.18148)
    assert (got.on_demand, got.spot, got.reserved) != (3.123457 * 0.93, 1.234567 * 0.93, 2.345679 * 0.93)
    absolute = parse_overrides({"aws": {"g4dn.12xlarge": {"spot": 1.2345678}}, "discountPercent": {"aws": 7}}, FILE)
    assert absolute.apply(Cloud.AWS, "g4dn.12xlarge", base).spot == 1.2345678
