"""What `mlplatform plan` shows: key settings from the plan, and the resource tree from the render."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from components import catalog
from components.deploy_path import deploy_path
from components.plan import ClusterPlan, PoolPlan, capacity_degradations, interruption_lines, unzoned_pools
from mlplatform.economics.cost import CostEstimate, CostLine
from mlplatform.economics.cost_report import CostReport, cost_report
from mlplatform.economics.preflight import preflight
from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.present.policy_counts import PolicyCounts


@dataclass(frozen=True)
class PoolRow:
    name: str
    accelerator: str
    per_node: int
    machine_types: str
    capacity: str
    nodes: str
    zones: str
    taints: str
    usd_per_hour_at_max: str
    price_flags: str
    local_ssd: str = ""

    @staticmethod
    def of(pool: PoolPlan, cost: CostLine) -> PoolRow:
        return PoolRow(
            name=pool.name,
            accelerator=pool.accelerator.value,
            per_node=pool.accelerators_per_node,
            machine_types=", ".join(s.machine_type for s in pool.shapes)
            + (f" ({pool.tpu.topology})" if pool.tpu else ""),
            capacity=" > ".join(t.value for t in pool.tiers),
            nodes=f"{pool.min_nodes}..{pool.max_nodes}",
            zones=", ".join(pool.zones) or "regional (placed by the cloud)",
            taints=", ".join(f"{t.key}={t.value}:{t.effect}" for t in pool.tolerations),
            usd_per_hour_at_max=_usd(cost.full) if cost.usd_per_node_hour is not None else "n/a",
            price_flags="; ".join(cost.notes) if cost.usd_per_node_hour is not None else "",
            local_ssd=cost.local_ssd,
        )


@dataclass(frozen=True)
class StackReport:
    stack: str
    cloud: str
    region: str
    environment: str
    cluster: str
    kubernetes_version: str
    endpoint: str
    deploy_path: str
    deploy_path_warning: bool
    system_pool: str
    pools: tuple[PoolRow, ...]
    cost: str
    over_budget: bool
    resource_counts: dict[str, int]
    tree: tuple[tuple[int, str], ...]  # (depth, "type name"), depth-first, siblings by type and name
    inventory: dict[str, Any]  # the versioned export (docs/inventory-export.md)
    warnings: tuple[str, ...] = ()
    policies: str = ""  # verdict summary of both policy packs (`mlplatform policy` lists the verdicts)
    preflight: str = ""  # shapes and quotas at full scale, one line (`mlplatform preflight` has the detail)
    interruption: tuple[str, ...] = ()  # per spot pool: the cloud's notice, what drains, the Ray worker's grace
    cost_detail: CostReport | None = None  # the same figures as numbers (JSON), as `mlplatform cost` gives them
    policy_counts: PolicyCounts | None = None  # the verdict counts as numbers (JSON)
    pool_prices: tuple[PoolPrice, ...] = ()  # per accelerator pool, in `pools`' order (JSON)

    @property
    def resources(self) -> int:
        return sum(self.resource_counts.values())

    def to_json(self) -> dict[str, Any]:
        """Numbers as numbers: the cost and the policy verdicts as structured fields, each with its one-line summary
        (``schema/plan.schema.json`` is the contract)."""
        out = asdict(self)
        for prose in ("cost_detail", "policy_counts", "pool_prices"):
            del out[prose]
        out["tree"] = [{"depth": d, "resource": r} for d, r in self.tree]
        out["resources"] = self.resources
        out["pools"] = [asdict(row) | asdict(price) for row, price in zip(self.pools, self.pool_prices, strict=True)]
        out["cost"] = {**(self.cost_detail.to_json() if self.cost_detail else {}), "summary": self.cost}
        out["policies"] = self.policy_counts.to_json() if self.policy_counts else None
        return out


@dataclass(frozen=True)
class PoolPrice:
    """A pool's price in JSON: null and unpriced when the catalog has no figure (never $0), flags as a list."""

    usd_per_hour_at_max: float | None
    price_flags: tuple[str, ...]
    priced: bool

    @staticmethod
    def of(cost: CostLine) -> PoolPrice:
        priced = cost.usd_per_node_hour is not None
        return PoolPrice(round(cost.full, 2) if priced else None, cost.notes if priced else (), priced)


def stack_report(
    stack: str,
    plan: ClusterPlan,
    inventory: Inventory,
    cost: CostEstimate,
    today: date | None = None,
    policies: PolicyCounts | None = None,
) -> StackReport:
    """The report of one rendered stack; support windows are judged on ``today`` (default ``catalog.today()``)."""
    custom = inventory.custom()
    support = catalog.support_warning(plan.cloud, plan.kubernetes_version, today or catalog.today())
    endpoint = "public, allowlist " + ", ".join(plan.authorized_cidrs) if plan.public_endpoint else "private"
    path = deploy_path(plan)
    return StackReport(
        stack=stack,
        cloud=plan.cloud.value,
        region=plan.region,
        environment=plan.environment.value,
        cluster=plan.name,
        kubernetes_version=plan.kubernetes_version,
        endpoint=endpoint,
        deploy_path=path.description,
        deploy_path_warning=path.warning,
        system_pool=f"{plan.system.nodes} x {plan.system.shape.machine_type} on-demand",
        pools=tuple(PoolRow.of(p, line) for p, line in zip(plan.pools, cost.lines[1:], strict=True)),
        cost=_cost_summary(cost),
        over_budget=cost.over_budget,
        resource_counts=dict(sorted(Counter(r.type for r in custom).items())),
        tree=_tree(inventory.registrations),
        inventory=inventory.to_json(),
        warnings=((support,) if support else ()) + capacity_degradations(plan) + unzoned_pools(plan),
        policies=policies.summary() if policies else "",
        preflight=preflight(stack, plan, None).summary(),
        interruption=interruption_lines(plan),
        cost_detail=cost_report(stack, plan.cloud.value, plan.region, plan.environment.value, cost),
        policy_counts=policies,
        pool_prices=tuple(PoolPrice.of(line) for line in cost.lines[1:]),
    )


def _tree(registrations: list[Registration]) -> tuple[tuple[int, str], ...]:
    children: dict[str, list[Registration]] = {}
    for reg in sorted(registrations, key=lambda r: (r.type, r.name)):
        children.setdefault(reg.parent, []).append(reg)
    known = {r.urn for r in registrations}
    out: list[tuple[int, str]] = []

    def walk(reg: Registration, level: int) -> None:
        out.append((level, f"{reg.type} {reg.name}"))
        for child in children.get(reg.urn, []):
            walk(child, level + 1)

    for reg in sorted(registrations, key=lambda r: (r.type, r.name)):
        if reg.parent not in known:
            walk(reg, 0)
    return tuple(out)


def _usd(value: float) -> str:
    return f"${value:,.2f}/h"


def _cost_summary(cost: CostEstimate) -> str:
    dates = f", data {cost.data_dates[0]} to {cost.data_dates[1]}" if cost.data_dates else ""
    fixed = ", ".join(f.item for f in cost.fixed)
    text = f"idle {_usd(cost.idle_usd_per_hour)}, full scale {_usd(cost.full_usd_per_hour)}"
    text += f" (price book {cost.book}{dates}; includes fixed costs {_usd(cost.fixed_usd_per_hour)}: {fixed})"
    if cost.flagged:
        pools = ", ".join(line.pool for line in cost.flagged)
        text += f"; {len(cost.flagged)} figure(s) not the region's own published price, see price flags: {pools}"
    if cost.old_spot:
        pools = ", ".join(line.pool for line in cost.old_spot)
        text += f"; spot figure(s) older than {catalog.MAX_SPOT_AGE_DAYS} days, see price flags: {pools}"
    if cost.budget_usd_per_hour is not None:
        verdict = "OVER BUDGET" if cost.over_budget else "within budget"
        text += f"; budget {_usd(cost.budget_usd_per_hour)}: {verdict}"
    if cost.missing:
        text += f"; no price for: {', '.join(cost.missing)} (not counted)"
    return text
