"""Every source the catalog cites, in one registry: the modules whose tables carry ``Source`` rows, walked.

A source is cited when a catalog table holds it (a module global, or anything inside one: mapping keys and values,
tuples, lists, sets, frozen dataclass rows such as a price book's rates). ``CITING_MODULES`` names the modules that
hold such tables; ``tests/catalog/test_cited.py`` walks every module of the package by another route and fails when
a source is held where this registry does not look. ``citations`` ages each source for ``mlplatform catalog
sources``: the price sources (``PRICE_SOURCES``) by ``freshness``' maximum age, every other fact as read.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from components.catalog.fixed_costs import fixed_cost_sources
from components.catalog.freshness import CATALOG_REVIEWED, MAX_SOURCE_AGE_DAYS, UNDATED, WAIVERS, sources_after
from components.catalog.prices import PRICE_BOOKS
from components.catalog.types import Source

CITING_MODULES: tuple[str, ...] = tuple(f"components.catalog.{name}" for name in (
    "capacity", "charts", "checkpoints", "clouds", "database_connections", "databases", "egress", "eks_addons",
    "eks_zones", "fixed_costs", "fixed_sources", "freshness", "gke_local_ssd", "interruption", "kubernetes",
    "network", "pool_limits", "price_overrides", "prices", "prices_aws", "prices_azure", "prices_design",
    "prices_gcp", "prices_gcp_billing", "quotas", "regions", "services", "shapes", "shapes_aws", "shapes_azure",
    "shapes_gcp", "sources", "sources_versions", "tpu",
))
"""The catalog modules whose globals hold ``Source`` rows (directly or inside their tables)."""

_LEAVES = (str, bytes, int, float, bool, date, type, ModuleType)


def sources_in(value: object) -> Iterator[Source]:
    """Every ``Source`` inside ``value``: itself, or within its mappings, sequences, sets and dataclass fields."""
    stack, seen = [value], set[int]()
    while stack:
        item = stack.pop()
        if isinstance(item, Source):
            yield item
        elif isinstance(item, _LEAVES) or item is None or id(item) in seen:
            continue
        else:
            seen.add(id(item))
            if isinstance(item, Mapping):
                stack.extend((*item.keys(), *item.values()))
            elif isinstance(item, tuple | list | set | frozenset):
                stack.extend(item)
            elif dataclasses.is_dataclass(item):
                stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))


def _module_sources(module: ModuleType) -> Iterator[Source]:
    for value in vars(module).values():
        if not isinstance(value, ModuleType):
            yield from sources_in(value)


def cited_sources() -> tuple[Source, ...]:
    """Every distinct source the catalog cites, oldest data first (then by title and URL)."""
    found = {s for name in CITING_MODULES for s in _module_sources(importlib.import_module(name))}
    return tuple(sorted(found, key=lambda s: (s.as_of, s.title, s.url)))


PRICE_SOURCES: frozenset[Source] = frozenset(
    {s for book in PRICE_BOOKS.values() for s in (*book.sources, book.source)} | set(fixed_cost_sources())
)
"""The sources of prices (every price book's and every fixed-cost row's): stale past ``MAX_SOURCE_AGE_DAYS``."""


@dataclass(frozen=True)
class Citation:
    """One cited source on a day: its age, whether the maximum age applies (a price), why it is kept (a waiver) or
    dated as read (an undated page), and whether it is stale or dated after the catalog's review day."""

    source: Source
    age_days: int
    price: bool
    waiver: str | None
    undated: str | None
    after_review: bool

    @property
    def stale(self) -> bool:
        return self.price and self.age_days > MAX_SOURCE_AGE_DAYS and self.waiver is None


def citations(today: date = CATALOG_REVIEWED, sources: Iterable[Source] | None = None) -> tuple[Citation, ...]:
    """Each cited source (or each of ``sources``) aged on ``today``, in ``cited_sources`` order."""
    chosen = cited_sources() if sources is None else tuple(sources)
    late = set(sources_after(chosen))
    return tuple(
        Citation(s, (today - s.as_of).days, s in PRICE_SOURCES, WAIVERS.get(s), UNDATED.get(s), s in late)
        for s in chosen
    )
