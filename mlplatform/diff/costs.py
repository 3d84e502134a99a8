"""The cost side of a diff: `cost`'s own estimate of each side, per line (pools and fixed costs) and per stack.

Each side is `mlplatform.economics.cost.estimate` of the side's blueprint, with its services (the database)
and its budget, exactly as `mlplatform cost` prices it: the totals here are `cost`'s totals, never re-priced.
A line the price book lacks is unpriced: it carries None, is named in `unpriced`, and its delta is None,
never zero; a stack total with an unpriced line is a lower bound and says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from mlplatform.economics.cost import CostEstimate, monthly
from mlplatform.engine.inventory import JsonValue

UNPRICED = "unpriced"


@dataclass(frozen=True)
class CostItem:
    """One line of `cost`: a node pool (the system pool included) or a fixed cost; USD/h, None when unpriced."""

    name: str
    idle: float | None
    full: float | None


@dataclass(frozen=True)
class Cost:
    """USD per hour of one side: idle (pools at minNodes) and full scale (at maxNodes), as `cost` totals them."""

    idle: float
    full: float
    idle_month: float | None = None  # `cost`'s monthly totals (from the unrounded hourly sums)
    full_month: float | None = None
    items: tuple[CostItem, ...] = ()
    unpriced: tuple[str, ...] = ()  # lines without a price: the totals are lower bounds

    @staticmethod
    def of(found: CostEstimate) -> Cost:
        items = tuple(CostItem(line.pool, None if line.usd_per_node_hour is None else line.idle,
                               None if line.usd_per_node_hour is None else line.full) for line in found.lines)
        items += tuple(CostItem(f.item, f.idle, f.full) for f in found.fixed)
        return Cost(found.idle_usd_per_hour, found.full_usd_per_hour, found.idle_usd_per_month,
                    found.full_usd_per_month, items, found.missing)

    def monthly(self, which: str) -> float:
        given = self.idle_month if which == "idle" else self.full_month
        return given if given is not None else monthly(getattr(self, which))

    def to_json(self) -> dict[str, JsonValue]:
        return {"idleUsdPerHour": self.idle, "fullUsdPerHour": self.full,
                "idleUsdPerMonth": self.monthly("idle"), "fullUsdPerMonth": self.monthly("full"),
                "unpriced": list(self.unpriced), "complete": not self.unpriced}


@dataclass(frozen=True)
class CostDelta:
    base: Cost | None  # None: that side has no stack, or its blueprint cannot be priced
    head: Cost | None

    def increase_pct(self) -> float | None:
        """The larger percentage increase of idle and full scale (from zero: infinite); None if not comparable."""
        if self.base is None or self.head is None:
            return None
        pairs = ((self.base.idle, self.head.idle), (self.base.full, self.head.full))
        return max(_pct(old, new) for old, new in pairs)

    def delta(self) -> dict[str, float] | None:
        """Head minus base per stack, USD/h and USD/month; None when a side is missing."""
        if self.base is None or self.head is None:
            return None
        return {f"{which}UsdPer{unit}": round(value(self.head, which) - value(self.base, which), 2)
                for which in ("idle", "full") for unit, value in _UNITS.items()}

    def lines(self) -> list[dict[str, JsonValue]]:
        """Per line (pool or fixed cost) that differs: both sides and the delta in USD/h and USD/month."""
        old = _by_name(self.base)
        new = _by_name(self.head)
        rows: list[dict[str, JsonValue]] = []
        for name in sorted(set(old) | set(new)):
            a, b = old.get(name), new.get(name)
            if a == b:
                continue
            rows.append({"line": name, "base": _item(a), "head": _item(b),
                         "delta": _item_delta(a, b), "unpriced": _unpriced(a) or _unpriced(b)})
        return rows

    def to_json(self) -> dict[str, JsonValue]:
        def side(cost: Cost | None) -> JsonValue:
            return None if cost is None else cost.to_json()

        pct = self.increase_pct()
        delta = self.delta()
        return {"base": side(self.base), "head": side(self.head),
                "delta": None if delta is None else dict(delta),
                "increasePercent": None if pct is None or math.isinf(pct) else round(pct, 2),
                "lines": list(self.lines())}


def _hourly(cost: Cost, which: str) -> float:
    return float(getattr(cost, which))


def _monthly(cost: Cost, which: str) -> float:
    return cost.monthly(which)


_UNITS: Mapping[str, Callable[[Cost, str], float]] = {"Hour": _hourly, "Month": _monthly}


def _by_name(cost: Cost | None) -> Mapping[str, CostItem]:
    return {} if cost is None else {i.name: i for i in cost.items}


def _unpriced(item: CostItem | None) -> bool:
    return item is not None and (item.idle is None or item.full is None)


def _item(item: CostItem | None) -> JsonValue:
    if item is None:
        return None
    return {"idleUsdPerHour": _round(item.idle), "fullUsdPerHour": _round(item.full)}


def _item_delta(a: CostItem | None, b: CostItem | None) -> JsonValue:
    """Head minus base of one line (an absent side counts as zero, an unpriced one makes the delta None)."""
    if _unpriced(a) or _unpriced(b):
        return None
    out: dict[str, JsonValue] = {}
    for which in ("idle", "full"):
        change = (getattr(b, which) if b else 0.0) - (getattr(a, which) if a else 0.0)
        out[f"{which}UsdPerHour"] = round(change, 2)
        out[f"{which}UsdPerMonth"] = monthly(change)
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _pct(old: float, new: float) -> float:
    if new <= old:
        return 0.0 if new == old else (new - old) / old * 100
    return math.inf if old == 0 else (new - old) / old * 100
