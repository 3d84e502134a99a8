"""Hourly and monthly cost of a plan: pools from one price book, fixed costs from the catalog.

Three figures per pool and per stack: idle (pools at minNodes), expected (minNodes plus a stated utilisation
of the way to maxNodes) and full scale (maxNodes). Every pool line carries its price in all three capacity
tiers (on-demand, spot, reserved) so the saving of each choice shows; the pool's own tier is what is summed.
Fixed costs (control plane, NAT, object storage, the database when asked for) come from
``mlplatform.economics.fixed_costs``; the system pool is the first node line.

A figure the book lacks is reported as missing, never guessed; flags from the catalog (a reference region
standing in, an estimated reserved tier, a missing spot price, a negotiated override, an estimated fixed-cost
row) travel with each line, and the estimate names the book and the dates of its data. Totals are summed
unrounded and rounded to cents once; a month is 730 hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from components import catalog
from components.catalog.types import OLD_SPOT, Price, Shape
from components.plan import ClusterPlan
from components.spec import Capacity
from mlplatform.economics.fixed_costs import (
    HOURS_PER_MONTH,
    CostAssumptions,
    DatabaseRequest,
    FixedLine,
    database_request,
    fixed_lines,
)

__all__ = [
    "HOURS_PER_MONTH",
    "CostAssumptions",
    "CostEstimate",
    "CostLine",
    "DatabaseRequest",
    "FixedLine",
    "database_request",
    "estimate",
    "monthly",
]


def monthly(usd_per_hour: float) -> float:
    """USD per month (730 h) of an hourly figure, to the cent."""
    return round(usd_per_hour * HOURS_PER_MONTH, 2)


@dataclass(frozen=True)
class CostLine:
    pool: str
    machine_type: str
    capacity: Capacity
    min_nodes: int
    max_nodes: int
    usd_per_node_hour: float | None
    notes: tuple[str, ...]
    price: Price | None = None  # all three tiers of one node (None when missing)

    @property
    def idle(self) -> float:
        return (self.usd_per_node_hour or 0.0) * self.min_nodes

    @property
    def local_ssd(self) -> str:
        """The bundled Local SSD included in this line's price, in words ("" when none)."""
        ssd = self.price.local_ssd if self.price is not None else None
        if ssd is None:
            return ""
        tier = {Capacity.ON_DEMAND: ssd.on_demand, Capacity.SPOT: ssd.spot, Capacity.RESERVED: ssd.reserved}
        hourly = tier.get(self.capacity)
        per_node = "n/a" if hourly is None else f"${hourly:.4f}/node-h {self.capacity}"
        return f"{ssd.gib} GiB bundled Local SSD at ${ssd.usd_per_gib_month}/GiB-month on-demand: {per_node}, included"

    @property
    def full(self) -> float:
        return (self.usd_per_node_hour or 0.0) * self.max_nodes

    def expected(self, utilisation: float) -> float:
        return (self.usd_per_node_hour or 0.0) * self.expected_nodes(utilisation)

    def expected_nodes(self, utilisation: float) -> float:
        return self.min_nodes + utilisation * (self.max_nodes - self.min_nodes)

    def full_at(self, capacity: Capacity) -> float | None:
        """USD/h at maxNodes had the pool used ``capacity`` (None when that tier's price is missing)."""
        if self.price is None:
            return None
        try:
            return self.price.for_capacity(capacity) * self.max_nodes
        except catalog.MissingPrice:
            return None


@dataclass(frozen=True)
class CostEstimate:
    book: str
    lines: tuple[CostLine, ...]
    budget_usd_per_hour: float | None
    fixed: tuple[FixedLine, ...] = ()
    assumptions: CostAssumptions = field(default_factory=CostAssumptions)
    # (oldest, newest) date of the data behind the book's rows.
    data_dates: tuple[date, date] | None = None

    @property
    def flagged(self) -> tuple[CostLine, ...]:
        """Lines whose figure is not the region's own published price (estimated, fallback, overridden)."""
        return tuple(
            line for line in self.lines
            if line.usd_per_node_hour is not None and any(not n.startswith(OLD_SPOT) for n in line.notes)
        )

    @property
    def old_spot(self) -> tuple[CostLine, ...]:
        """Spot lines whose spot figure is older than the catalog's maximum spot age on the estimate's day."""
        return tuple(line for line in self.lines if any(n.startswith(OLD_SPOT) for n in line.notes))

    @property
    def idle_usd_per_hour(self) -> float:
        return round(self._idle, 2)

    @property
    def expected_usd_per_hour(self) -> float:
        return round(self._expected, 2)

    @property
    def full_usd_per_hour(self) -> float:
        return round(self._full, 2)

    @property
    def idle_usd_per_month(self) -> float:
        return monthly(self._idle)

    @property
    def expected_usd_per_month(self) -> float:
        return monthly(self._expected)

    @property
    def full_usd_per_month(self) -> float:
        return monthly(self._full)

    @property
    def fixed_usd_per_hour(self) -> float:
        """Fixed costs at idle (control plane, NAT, storage, database), without the system pool."""
        return round(sum(f.idle or 0.0 for f in self.fixed), 2)

    @property
    def missing(self) -> tuple[str, ...]:
        pools = tuple(line.pool for line in self.lines if line.usd_per_node_hour is None)
        return pools + tuple(f.item for f in self.fixed if f.idle is None)

    @property
    def over_budget(self) -> bool:
        """Strictly above the budget at full scale (a total equal to the budget is within it)."""
        return self.budget_usd_per_hour is not None and self.full_usd_per_hour > self.budget_usd_per_hour

    @property
    def notes(self) -> tuple[str, ...]:
        """Every note, prefixed with its line, in line order."""
        return tuple(
            [f"{line.pool}: {note}" for line in self.lines for note in line.notes]
            + [f"{f.item}: {note}" for f in self.fixed for note in f.notes]
        )

    @property
    def _idle(self) -> float:
        return sum(line.idle for line in self.lines) + sum(f.idle or 0.0 for f in self.fixed)

    @property
    def _full(self) -> float:
        return sum(line.full for line in self.lines) + sum(f.full or 0.0 for f in self.fixed)

    @property
    def _expected(self) -> float:
        u = self.assumptions.utilisation
        return sum(line.expected(u) for line in self.lines) + sum(f.expected(u) for f in self.fixed)


def estimate(
    plan: ClusterPlan,
    budget: float | None = None,
    overrides: catalog.PriceOverrides | None = None,
    *,
    services: object = None,
    assumptions: CostAssumptions | None = None,
    today: date | None = None,
) -> CostEstimate:
    """Cost of ``plan``: node lines from the plan's price book (then ``overrides``) and the fixed costs.

    ``services`` is the blueprint's services section (any object; read with getattr): it adds a database
    line when it asks for one. ``assumptions`` states utilisation and the assumed amounts. Spot figures are aged
    against ``today`` (default ``catalog.today()``).
    """
    day = today or catalog.today()
    assumptions = assumptions or CostAssumptions()
    if not 0 <= assumptions.utilisation <= 1:
        raise ValueError(f"utilisation {assumptions.utilisation} must be between 0 and 1")
    system = plan.system
    lines = [_line(plan, "system", system.shape, Capacity.ON_DEMAND, system.nodes, system.nodes, overrides, day)]
    lines += [
        _tiered(
            _diversified(
                _line(plan, p.name, p.shape, p.capacity, p.min_nodes, p.max_nodes, overrides, day),
                plan, p.shapes, overrides,
            ),
            p.tiers,
        )
        for p in plan.pools
    ]
    fixed = fixed_lines(plan, assumptions, database_request(services, plan.environment))
    data_dates = catalog.price_book(plan.price_book).data_dates
    return CostEstimate(plan.price_book, tuple(lines), budget, fixed, assumptions, data_dates=data_dates)


def _line(
    plan: ClusterPlan,
    pool: str,
    shape: Shape,
    capacity: Capacity,
    min_nodes: int,
    max_nodes: int,
    overrides: catalog.PriceOverrides | None,
    today: date,
) -> CostLine:
    try:
        found = catalog.price(plan.cloud, shape.machine_type, plan.region, book=plan.price_book, overrides=overrides)
    except catalog.CatalogError as exc:
        return CostLine(pool, shape.machine_type, capacity, min_nodes, max_nodes, None, (str(exc),))
    try:
        per_node = found.for_capacity(capacity)
    except catalog.MissingPrice as exc:  # the pool's own tier is unpublished (spot of a size sold without spot)
        return CostLine(pool, shape.machine_type, capacity, min_nodes, max_nodes, None, (str(exc),), found)
    flags = found.flags(capacity, today)
    return CostLine(pool, shape.machine_type, capacity, min_nodes, max_nodes, per_node, flags, found)


def _diversified(
    line: CostLine, plan: ClusterPlan, shapes: tuple[Shape, ...], overrides: catalog.PriceOverrides | None
) -> CostLine:
    """A spot group listing several instance types may launch any of them: the line is summed at the highest spot
    figure among them and notes each type's (an unpublished one is shown n/a, never counted as $0)."""
    if line.capacity is not Capacity.SPOT or len(shapes) < 2 or line.usd_per_node_hour is None:
        return line
    figures: list[float] = []
    each = []
    for shape in shapes:
        try:
            spot = catalog.price(plan.cloud, shape.machine_type, plan.region, book=plan.price_book,
                                 overrides=overrides).spot
        except catalog.CatalogError:
            spot = None
        each.append(f"{shape.machine_type} " + ("n/a (no spot price)" if spot is None else f"${spot:.4f}/node-h"))
        figures += [] if spot is None else [spot]
    note = f"spot diversified across {', '.join(each)}; summed at the highest"
    return replace(line, usd_per_node_hour=max(figures, default=line.usd_per_node_hour), notes=(*line.notes, note))


def _tiered(line: CostLine, tiers: tuple[Capacity, ...]) -> CostLine:
    """A pool with a preference list: the line is summed in its preferred tier and notes the full-scale cost in
    every listed tier (the autoscaler falls back to the later ones when the first has no capacity)."""
    if len(tiers) < 2:
        return line
    each = []
    for tier in tiers:
        own = tier is line.capacity and line.usd_per_node_hour is not None  # the summed figure (diversified spot)
        full = line.full if own else line.full_at(tier)
        each.append(f"{tier} ${full:,.2f}/h" if full is not None else f"{tier} n/a")
    note = f"preference {' > '.join(t.value for t in tiers)}; at full scale: {', '.join(each)}"
    return replace(line, notes=(*line.notes, note))
