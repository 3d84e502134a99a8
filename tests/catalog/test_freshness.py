"""Every price source is judged by the date of its data against the catalog's fixed review day."""

from __future__ import annotations

from datetime import date, timedelta

from components.catalog import CATALOG_REVIEWED, MAX_SOURCE_AGE_DAYS, stale_sources, staleness
from components.catalog import prices_design as design
from components.catalog import sources as src
from components.catalog.cited import PRICE_SOURCES
from components.catalog.fixed_costs import fixed_cost_sources
from components.catalog.fixed_sources import UNDATED_READ
from components.catalog.freshness import UNDATED, WAIVERS


def test_every_price_source_is_within_the_maximum_age_or_waived_with_a_reason() -> None:
    assert MAX_SOURCE_AGE_DAYS == 365
    stale = stale_sources(PRICE_SOURCES, CATALOG_REVIEWED)
    assert stale == (), "\n".join(f"{s.source.title} ({s.age_days} days old)" for s in stale)
    assert all(reason.strip() for reason in WAIVERS.values())


def test_waivers_cover_only_sources_in_use_and_only_old_ones() -> None:
    assert set(WAIVERS) <= PRICE_SOURCES
    for item in staleness(WAIVERS, CATALOG_REVIEWED):
        assert item.age_days > MAX_SOURCE_AGE_DAYS, f"{item.source.title} is fresh: drop its waiver"


def test_the_aws_price_list_goes_stale_a_year_after_its_data_date() -> None:
    feed = src.AWS_PRICE_LIST_2026_08
    assert feed.as_of == date(2026, 8, 26)
    assert stale_sources([feed], feed.as_of + timedelta(days=MAX_SOURCE_AGE_DAYS)) == ()
    [item] = stale_sources([feed], feed.as_of + timedelta(days=MAX_SOURCE_AGE_DAYS + 1))
    assert (item.source, item.age_days, item.waived) == (feed, 366, None)


def test_source_dates_are_data_dates_not_copy_dates() -> None:
    # The snapshots' P4/P5 on-demand figures predate the 2025-06-01 cut, so their data cannot be newer.
    for snapshot in (src.SKYPILOT_AWS, src.SKYPILOT_GCP, src.SKYPILOT_AZURE, design.SOURCE):
        assert snapshot.as_of == date(2025, 5, 31)
    assert all(s.as_of <= CATALOG_REVIEWED for s in PRICE_SOURCES)


def test_fixed_cost_sources_are_aged_and_undated_pages_say_why_they_are_kept() -> None:
    fixed = set(fixed_cost_sources())
    assert {s.as_of for s in fixed} >= {date(2024, 2, 2), date(2024, 4, 1), date(2026, 7, 30)}
    # The 2024 sources are old: inside the freshness test, each kept only with its waiver.
    old = {item.source for item in staleness(fixed, CATALOG_REVIEWED) if item.age_days > MAX_SOURCE_AGE_DAYS}
    assert old and old <= set(WAIVERS)
    undated = {s for s in fixed if s.as_of == UNDATED_READ}
    assert undated == set(UNDATED) and all(reason.strip() for reason in UNDATED.values())
    assert stale_sources(fixed, CATALOG_REVIEWED + timedelta(days=MAX_SOURCE_AGE_DAYS + 1))  # they do age


def test_the_design_ratios_have_one_home() -> None:
    # sources.py said 63% for Azure reserved while the book used 61.5%: titles are now built from the one table.
    assert design.RESERVED_FRACTION[design.Cloud.AZURE] == 0.615
    assert "reserved 61.5% of on-demand" in design.SOURCE_AZURE.title
    assert "(Azure 61.5%)" in design.SOURCE.title and "(Azure 61.5%)" in design.DESCRIPTION
    assert design.COMMITMENT_RATIO is design.RESERVED_FRACTION
    assert all("63%" not in s.title for s in (design.SOURCE_AZURE,))
