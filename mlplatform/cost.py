"""Hourly cost of a plan from one price book: idle (pools at minNodes) and full scale (pools at maxNodes).

A figure the book lacks is reported as missing, never guessed; flags from the catalog (a reference
region standing in, an estimated reserved tier, a negotiated override) travel with each line, and the
estimate names the book and the dates of its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from components import catalog
from components.catalog.types import Shape
from components.plan import ClusterPlan
from components.spec import Capacity


@dataclass(frozen=True)
class CostLine:
    pool: str
    machine_type: str
    capacity: Capacity
    min_nodes: int
    max_nodes: int
    usd_per_node_hour: float | None
    notes: tuple[str, ...]

    @property
    def idle(self) -> float:
        return (self.usd_per_node_hour or 0.0) * self.min_nodes

    @property
    def full(self) -> float:
        return (self.usd_per_node_hour or 0.0) * self.max_nodes


@dataclass(frozen=True)
class CostEstimate:
    book: str
    lines: tuple[CostLine, ...]
    budget_usd_per_hour: float | None
    # (oldest, newest) date of the data behind the book's rows.
    data_dates: tuple[date, date] | None = None

    @property
    def flagged(self) -> tuple[CostLine, ...]:
        """Lines whose figure is not the region's own published price (estimated, fallback, overridden)."""
        return tuple(line for line in self.lines if line.usd_per_node_hour is not None and line.notes)

    @property
    def idle_usd_per_hour(self) -> float:
        return round(sum(line.idle for line in self.lines), 2)

    @property
    def full_usd_per_hour(self) -> float:
        return round(sum(line.full for line in self.lines), 2)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(line.pool for line in self.lines if line.usd_per_node_hour is None)

    @property
    def over_budget(self) -> bool:
        return self.budget_usd_per_hour is not None and self.full_usd_per_hour > self.budget_usd_per_hour


def estimate(
    plan: ClusterPlan, budget: float | None = None, overrides: catalog.PriceOverrides | None = None
) -> CostEstimate:
    system = plan.system
    lines = [_line(plan, "system", system.shape, Capacity.ON_DEMAND, system.nodes, system.nodes, overrides)]
    lines += [_line(plan, p.name, p.shape, p.capacity, p.min_nodes, p.max_nodes, overrides) for p in plan.pools]
    data_dates = catalog.price_book(plan.price_book).data_dates
    return CostEstimate(book=plan.price_book, lines=tuple(lines), budget_usd_per_hour=budget, data_dates=data_dates)


def _line(
    plan: ClusterPlan,
    pool: str,
    shape: Shape,
    capacity: Capacity,
    min_nodes: int,
    max_nodes: int,
    overrides: catalog.PriceOverrides | None,
) -> CostLine:
    try:
        found = catalog.price(plan.cloud, shape.machine_type, plan.region, book=plan.price_book, overrides=overrides)
        per_node = found.for_capacity(capacity)
    except catalog.CatalogError as exc:
        return CostLine(pool, shape.machine_type, capacity, min_nodes, max_nodes, None, (str(exc),))
    return CostLine(pool, shape.machine_type, capacity, min_nodes, max_nodes, per_node, found.flags(capacity))
