"""The registry of cited sources finds every source the catalog holds, and none is dated after the review day."""

from __future__ import annotations

import gc
import importlib
import pkgutil
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import FunctionType, MappingProxyType, ModuleType

import components.catalog
from components.catalog import sources as src
from components.catalog.cited import CITING_MODULES, PRICE_SOURCES, citations, cited_sources, sources_in
from components.catalog.freshness import CATALOG_REVIEWED, UNDATED, WAIVERS, sources_after
from components.catalog.types import Source

_OPAQUE = (ModuleType, FunctionType, type, str, bytes, int, float, date)


def _reachable(root: object) -> set[Source]:
    """Every Source reachable from ``root`` through the objects it refers to (the interpreter's own references,
    not the registry's walk), stopping at modules, functions and classes."""
    found: set[Source] = set()
    stack, seen = [root], set[int]()
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, _OPAQUE):
            continue
        seen.add(id(item))
        if isinstance(item, Source):
            found.add(item)
            continue
        stack.extend(gc.get_referents(item))
        if hasattr(item, "__dict__") and not isinstance(item, MappingProxyType):
            stack.append(vars(item))
    return found


def _catalog_modules() -> list[ModuleType]:
    package = components.catalog
    names = [m.name for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")]
    return [package, *(importlib.import_module(name) for name in names)]


def test_every_source_reachable_from_any_catalog_module_is_in_the_registry() -> None:
    held = {s for module in _catalog_modules() for value in vars(module).values() for s in _reachable(value)}
    registry = set(cited_sources())
    missing = sorted(f"{s.title} ({s.url})" for s in held - registry)
    assert not missing, "held by a catalog module but not cited by the registry (add the module to " \
        "components/catalog/cited.py CITING_MODULES):\n" + "\n".join(missing)
    assert registry == held  # the registry finds nothing that is not there either
    assert len(registry) > 150  # the walk reached the tables, not only the module constants


def test_the_registry_looks_inside_tables_and_rows() -> None:
    @dataclass(frozen=True)
    class Row:
        name: str
        source: Source

    deep = Source("deep", "https://example.com/deep", date(2026, 1, 2))
    key = Source("key", "https://example.com/key", date(2026, 1, 3))
    table = MappingProxyType({"a": (Row("x", deep),), key: [frozenset({1})]})
    assert set(sources_in(table)) == {deep, key}
    assert list(sources_in(("text", 3, None, date(2026, 1, 1)))) == []


def test_every_listed_module_cites_something() -> None:
    for name in CITING_MODULES:
        module = importlib.import_module(name)
        assert any(_reachable(v) for v in vars(module).values()), f"{name} cites no source: drop it from the list"


def test_no_cited_source_is_dated_after_the_review_day() -> None:
    late = sources_after(cited_sources())
    assert late == (), "dated after the review day " + CATALOG_REVIEWED.isoformat() + ": " + "; ".join(
        f"{s.title} ({s.as_of})" for s in late)


def test_a_source_one_day_past_the_review_day_is_refused() -> None:
    on_the_day = replace(src.AWS_P5, as_of=CATALOG_REVIEWED)
    a_day_late = replace(src.AWS_P5, title="read a day late", as_of=CATALOG_REVIEWED + timedelta(days=1))
    assert sources_after([on_the_day, a_day_late]) == (a_day_late,)
    assert sources_after([a_day_late], reviewed=CATALOG_REVIEWED + timedelta(days=1)) == ()
    [late] = citations(sources=[a_day_late])
    assert (late.after_review, late.age_days) == (True, -1)


def test_citations_age_price_sources_and_keep_waivers_and_undated_reasons() -> None:
    by_source = {c.source: c for c in citations()}
    assert set(by_source) == set(cited_sources())
    assert set(WAIVERS) <= PRICE_SOURCES <= set(by_source)
    price_cut = by_source[src.AWS_GPU_PRICE_CUT_2025]  # an announcement behind the shapes' notes, not a price row
    assert (price_cut.age_days, price_cut.price, price_cut.stale) == (550, False, False)
    skypilot = by_source[src.SKYPILOT_AWS]
    assert (skypilot.age_days, skypilot.price, skypilot.waiver, skypilot.stale) == (
        555, True, WAIVERS[src.SKYPILOT_AWS], False)
    feed = by_source[src.AWS_PRICE_LIST_2026_08]
    assert (feed.age_days, feed.price, feed.waiver, feed.stale) == (103, True, None, False)
    [a_year_on] = citations(date(2027, 8, 27), [src.AWS_PRICE_LIST_2026_08])
    assert (a_year_on.age_days, a_year_on.stale) == (366, True)
    [on_the_last_day] = citations(date(2027, 8, 26), [src.AWS_PRICE_LIST_2026_08])
    assert (on_the_last_day.age_days, on_the_last_day.stale) == (365, False)
    assert {c.source for c in by_source.values() if c.undated} == set(UNDATED)
    assert not any(c.stale or c.after_review for c in by_source.values())
