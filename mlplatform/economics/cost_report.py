"""What `mlplatform cost` prints: per pool and per stack, USD per hour and per month, as a table, JSON or Markdown.

Figures are rounded here and only here: per node-hour prices to 4 decimals, every other figure to cents.
Every estimated, overridden or missing figure is listed as a note; every source with the date of its data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

from components.spec import Capacity
from mlplatform.economics.cost import CostEstimate, CostLine, monthly


@dataclass(frozen=True)
class PoolCost:
    pool: str
    machine_type: str
    tier: str
    nodes: str
    usd_per_node_hour: float | None
    on_demand: float | None  # per node-hour, each tier side by side
    spot: float | None
    reserved: float | None
    idle: float
    expected: float
    full: float
    full_per_month: float
    full_on_demand: float | None  # the pool at maxNodes in each tier: the saving of each choice
    full_spot: float | None
    full_reserved: float | None
    local_ssd: str = ""  # the bundled Local SSD included in the node price, in words


@dataclass(frozen=True)
class FixedCost:
    item: str
    detail: str
    idle: float | None
    full: float | None
    full_per_month: float | None


@dataclass(frozen=True)
class Totals:
    idle: float
    expected: float
    full: float
    idle_per_month: float
    expected_per_month: float
    full_per_month: float


@dataclass(frozen=True)
class CostReport:
    stack: str
    cloud: str
    region: str
    environment: str
    price_book: str
    utilisation: float
    assumptions: dict[str, float]
    pools: tuple[PoolCost, ...]
    fixed: tuple[FixedCost, ...]
    per_hour: Totals
    budget_usd_per_hour: float | None
    over_budget: bool
    missing: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _pool(line: CostLine, utilisation: float) -> PoolCost:
    price = line.price
    return PoolCost(
        pool=line.pool,
        machine_type=line.machine_type,
        tier=line.capacity.value,
        nodes=f"{line.min_nodes}..{line.max_nodes}",
        usd_per_node_hour=_r(line.usd_per_node_hour, 4),
        on_demand=_r(price.on_demand if price else None, 4),
        spot=_r(price.spot if price else None, 4),
        reserved=_r(price.reserved if price else None, 4),
        idle=round(line.idle, 2),
        expected=round(line.expected(utilisation), 2),
        full=round(line.full, 2),
        full_per_month=monthly(line.full),
        full_on_demand=_r(line.full_at(Capacity.ON_DEMAND)),
        full_spot=_r(line.full_at(Capacity.SPOT)),
        full_reserved=_r(line.full_at(Capacity.RESERVED)),
        local_ssd=line.local_ssd,
    )


def cost_report(stack: str, cloud: str, region: str, environment: str, cost: CostEstimate) -> CostReport:
    u = cost.assumptions.utilisation
    sources = dict.fromkeys(
        [f"{line.price.source.title} <{line.price.source.url}> (data of {line.price.source.as_of})"
         for line in cost.lines if line.price is not None]
        + [f"{s.title} <{s.url}> (data of {s.as_of})" for f in cost.fixed for s in f.sources]
    )
    return CostReport(
        stack=stack,
        cloud=cloud,
        region=region,
        environment=environment,
        price_book=cost.book + (f" (data {cost.data_dates[0]} to {cost.data_dates[1]})" if cost.data_dates else ""),
        utilisation=u,
        assumptions={k: float(v) for k, v in asdict(cost.assumptions).items()},
        pools=tuple(_pool(line, u) for line in cost.lines),
        fixed=tuple(
            FixedCost(f.item, f.detail, _r(f.idle), _r(f.full), None if f.full is None else monthly(f.full))
            for f in cost.fixed
        ),
        per_hour=Totals(cost.idle_usd_per_hour, cost.expected_usd_per_hour, cost.full_usd_per_hour,
                        cost.idle_usd_per_month, cost.expected_usd_per_month, cost.full_usd_per_month),
        budget_usd_per_hour=cost.budget_usd_per_hour,
        over_budget=cost.over_budget,
        missing=cost.missing,
        notes=cost.notes,
        sources=tuple(sources),
    )


def usd(value: float | None) -> str:
    return "n/a" if value is None else f"${value:,.2f}"


def _node(value: float | None) -> str:
    return "n/a" if value is None else f"${value:,.4f}"


POOL_HEADERS = ("pool", "machine", "tier", "nodes", "$/node-h on-demand / spot / reserved",
                "idle $/h", "expected $/h", "full $/h", "full $/month", "full $/h on-demand / spot / reserved",
                "bundled local SSD")
FIXED_HEADERS = ("fixed cost", "detail", "idle $/h", "full $/h", "full $/month")


def _pool_cells(p: PoolCost) -> tuple[str, ...]:
    return (p.pool, p.machine_type, p.tier, p.nodes, f"{_node(p.on_demand)} / {_node(p.spot)} / {_node(p.reserved)}",
            usd(p.idle), usd(p.expected), usd(p.full), usd(p.full_per_month),
            f"{usd(p.full_on_demand)} / {usd(p.full_spot)} / {usd(p.full_reserved)}", p.local_ssd or "-")


def _fixed_cells(f: FixedCost) -> tuple[str, ...]:
    return (f.item, f.detail, usd(f.idle), usd(f.full), usd(f.full_per_month))


def summary(r: CostReport) -> list[tuple[str, str]]:
    t = r.per_hour
    rows = [
        ("cloud / region", f"{r.cloud} / {r.region} ({r.environment})"),
        ("price book", r.price_book),
        ("idle", f"{usd(t.idle)}/h, {usd(t.idle_per_month)}/month"),
        (f"expected ({r.utilisation:.0%} of the way to maxNodes)",
         f"{usd(t.expected)}/h, {usd(t.expected_per_month)}/month"),
        ("full scale", f"{usd(t.full)}/h, {usd(t.full_per_month)}/month"),
    ]
    if r.budget_usd_per_hour is not None:
        verdict = "OVER BUDGET" if r.over_budget else "within budget"
        rows.append(("budget", f"{usd(r.budget_usd_per_hour)}/h at full scale: {verdict}"))
    if r.missing:
        rows.append(("no price for", ", ".join(r.missing) + " (not counted)"))
    return rows


def markdown(r: CostReport) -> str:
    lines = [f"### Cost of `{r.stack}`", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in summary(r)]
    lines += ["", "| " + " | ".join(POOL_HEADERS) + " |", "|" + "---|" * len(POOL_HEADERS)]
    lines += ["| " + " | ".join(_pool_cells(p)) + " |" for p in r.pools]
    lines += ["", "| " + " | ".join(FIXED_HEADERS) + " |", "|" + "---|" * len(FIXED_HEADERS)]
    lines += ["| " + " | ".join(_fixed_cells(f)) + " |" for f in r.fixed]
    if r.notes:
        lines += ["", "Notes:", *(f"- {n}" for n in r.notes)]
    lines += ["", "<details><summary>sources</summary>", "", *(f"- {s}" for s in r.sources), "", "</details>"]
    return "\n".join(lines)


def _table(r: CostReport, console: Console) -> None:
    head = Table(title=f"cost of {r.stack}", show_header=False)
    for key, value in summary(r):
        head.add_row(key, value)
    console.print(head)
    for title, headers, rows in (
        ("node pools (system first)", POOL_HEADERS, [_pool_cells(p) for p in r.pools]),
        ("fixed costs", FIXED_HEADERS, [_fixed_cells(f) for f in r.fixed]),
    ):
        table = Table(title=title)
        for header in headers:
            table.add_column(header)
        for row in rows:
            table.add_row(*row)
        console.print(table)
    for note in r.notes:
        console.print(f"note: {note}", markup=False, highlight=False)


def show_cost(reports: Sequence[CostReport], fmt: str, console: Console) -> None:
    if fmt == "json":
        console.print_json(json.dumps([r.to_json() for r in reports]))
    elif fmt == "markdown":
        console.print("\n\n".join(markdown(r) for r in reports), markup=False, highlight=False, soft_wrap=True)
    else:
        for report in reports:
            _table(report, console)
