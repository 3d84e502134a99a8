"""Staleness of the catalog's price sources: each is judged by the date of its data against a fixed review day.

``CATALOG_REVIEWED`` is the day the catalog's rows were last reviewed; tests age sources against it (never the
clock), so a catalog that is not refreshed fails its tests once its review day moves on. A source older than
``MAX_SOURCE_AGE_DAYS`` is stale unless ``WAIVERS`` gives the reason it is kept. No source may be dated after the
review day (``sources_after``); ``cited`` finds every source the catalog cites.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog import fixed_sources as fixed
from components.catalog import prices_design as design
from components.catalog import sources as src
from components.catalog.types import Source

CATALOG_REVIEWED = date(2026, 12, 7)
"""The day the catalog's facts were last reviewed against their sources: the day of the newest read (the account
quotas and pool limits, 2026-12-07); no source may be dated after it."""

MAX_SOURCE_AGE_DAYS = 365
"""A price source whose data is older than this (12 months) on the review day is stale."""

_REFRESH = "run `mlplatform catalog refresh` where the public feeds are reachable"

WAIVERS: Mapping[Source, str] = MappingProxyType({
    src.SKYPILOT_AWS: (
        "spot per AZ ID and the g4dn/g6/m7i on-demand figures: no newer per-AZ spot feed was readable here, and "
        "those families' on-demand prices were not part of the 2025 GPU price cut; " + _REFRESH
    ),
    src.SKYPILOT_GCP: "no newer Cloud Billing Catalog snapshot was readable here; " + _REFRESH,
    src.SKYPILOT_AZURE: "no newer Azure Retail Prices snapshot was readable here; " + _REFRESH,
    design.SOURCE: "the design comparison is kept frozen on purpose, as the baseline the platform was designed from",
    design.SOURCE_AWS: "part of the frozen design comparison",
    design.SOURCE_GCP: "part of the frozen design comparison",
    design.SOURCE_AZURE: "part of the frozen design comparison",
    fixed.EKS_PRICING: (
        "AWS's announcement of the EKS prices in force since the April 2024 billing cycle ($0.10 standard, $0.60 "
        "extended per cluster-hour); no later dated statement of the figures was found; re-read the EKS pricing page"
    ),
    fixed.RDS_M7G_PRICING: (
        "the only dated public figure found for db.m7g (a MySQL price, flagged estimated on every row); re-read the "
        "RDS for PostgreSQL price list"
    ),
})
"""Price sources kept although older than the maximum age, each with the reason."""

UNDATED: Mapping[Source, str] = MappingProxyType({
    fixed.GKE_PRICING: "the GKE pricing page states the present management fee and carries no date; dated as read",
    fixed.GCP_NAT_PRICING: (
        "the Cloud NAT pricing page carries no date; dated as read (the 2026-07-30 Cloud Billing mirror lists the same "
        "$0.045 per GiB processed)"
    ),
    fixed.AZURE_NAT_PRICING: "the Azure NAT Gateway pricing page carries no date; dated as read",
    fixed.S3_PRICING: "the figure is a third-party restatement of an undated page; every S3 row is flagged estimated",
    fixed.AZURE_BLOB_PRICING: "a study-notes restatement of an undated page; dated as read",
})
"""Fixed-cost sources whose page carries no date of its own (``fixed_sources.UNDATED_READ``), each with why it is
kept at the day it was read."""


@dataclass(frozen=True)
class Staleness:
    """One source's age on a given day, and whether it is stale (too old and not waived)."""

    source: Source
    age_days: int
    waived: str | None

    @property
    def stale(self) -> bool:
        return self.age_days > MAX_SOURCE_AGE_DAYS and self.waived is None


def staleness(sources: Iterable[Source], today: date = CATALOG_REVIEWED) -> tuple[Staleness, ...]:
    """Age of each distinct source on ``today``, oldest first."""
    distinct = sorted(set(sources), key=lambda s: (s.as_of, s.title))
    return tuple(Staleness(s, (today - s.as_of).days, WAIVERS.get(s)) for s in distinct)


def stale_sources(sources: Iterable[Source], today: date = CATALOG_REVIEWED) -> tuple[Staleness, ...]:
    """The sources older than ``MAX_SOURCE_AGE_DAYS`` on ``today`` with no waiver."""
    return tuple(s for s in staleness(sources, today) if s.stale)


def sources_after(sources: Iterable[Source], reviewed: date = CATALOG_REVIEWED) -> tuple[Source, ...]:
    """The sources dated after ``reviewed``: a fact cannot be read after the review that vouches for it, so each is
    an error (a read date mistyped, or a review day not moved on)."""
    return tuple(sorted({s for s in sources if s.as_of > reviewed}, key=lambda s: (s.as_of, s.title)))
