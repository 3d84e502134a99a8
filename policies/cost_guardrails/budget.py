"""Stack rules: hourly cost at idle and at full scale, and accelerators at full scale, under ceilings.

Nodes are priced with the catalog `mlplatform plan` uses (`components.catalog.price`, the config's price
book); a machine type the book lacks is reported, never guessed. Managed services are not priced here.

A ceiling is the lowest that applies: the pack-wide one, the one of each environment the stack is in (its pools'
tags or labels, and the Platform component's `environment` input), and, at full scale, the blueprint's
`budget.maxUsdPerHour` that the Platform component registers (`components.platform_inputs`). A budget can only
tighten the pack's ceilings, never loosen them: a dev stack is held to dev's ceiling whatever its budget says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_policy import PolicyResource, ReportViolation, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from components import catalog
from components.platform_inputs import BUDGET_MAX_USD, INPUT_BUDGET, INPUT_ENVIRONMENT, PLATFORM_TYPE
from policies import resources as res
from policies.cost_guardrails.pools import region_of

MAX_USD_FULL = "maxUsdPerHourAtFullScale"
MAX_USD_IDLE = "maxUsdPerHourIdle"
MAX_ACCELERATORS = "maxAcceleratorsAtFullScale"
PRICE_BOOK = "priceBook"
BY_ENVIRONMENT = "ByEnvironment"  # suffix of each ceiling's per-environment map: maxUsdPerHourIdleByEnvironment
IN_PACK_CONFIG = "in the pack config"
IN_BLUEPRINT = "in the stack's blueprint"


@dataclass(frozen=True, order=True)
class Ceiling:
    """A limit, the setting it comes from, and where that setting is changed."""

    limit: float
    source: str
    home: str = IN_PACK_CONFIG


def environments(resources: Sequence[PolicyResource]) -> set[str]:
    """The environments the stack is in: its pools' tags or labels and its Platform's `environment` input."""
    found = set()
    for r in resources:
        platform = r.resource_type == PLATFORM_TYPE
        if not platform and not res.pools(r.resource_type, r.props):
            continue
        try:
            env = res.get(r.props, INPUT_ENVIRONMENT) if platform else res.environment(r.resource_type, r.props)
        except UnknownValueError:
            continue  # both are literals in these stacks; an unknown one narrows nothing
        if isinstance(env, str):
            found.add(env)
    return found


def budgets(resources: Sequence[PolicyResource]) -> list[Ceiling]:
    """The blueprint budget each Platform component registers (none when its blueprint sets no budget).

    An unknown budget raises UnknownValueError: the rule cannot decide, as the engine reports it."""
    out = []
    for r in resources:
        if r.resource_type != PLATFORM_TYPE:
            continue
        found = res.get(r.props, INPUT_BUDGET, BUDGET_MAX_USD)
        if isinstance(found, int | float) and not isinstance(found, bool):
            out.append(Ceiling(float(found), f"budget.{BUDGET_MAX_USD} of platform {r.name!r}", IN_BLUEPRINT))
    return out


def ceiling(config: Mapping[str, Any], key: str, envs: set[str], more: Sequence[Ceiling] = ()) -> Ceiling:
    """The lowest ceiling that applies: the pack-wide one, the one set for an environment the stack is in (a dev
    stack is held to dev's), or one of ``more`` (the blueprints' budgets)."""
    by_env = config.get(key + BY_ENVIRONMENT) or {}
    found = [Ceiling(float(by_env[e]), f"{key}{BY_ENVIRONMENT}.{e}") for e in sorted(envs) if e in by_env]
    return min([Ceiling(float(config[key]), key), *found, *more])


@dataclass(frozen=True)
class PricedPool:
    urn: str
    pool: res.Pool
    usd_per_node_hour: float | None
    problem: str = ""

    @property
    def idle(self) -> float:
        return (self.usd_per_node_hour or 0.0) * (self.pool.min_nodes or 0)

    @property
    def full(self) -> float:
        return (self.usd_per_node_hour or 0.0) * (self.pool.max_nodes or 0)


def priced_pools(resources: Sequence[PolicyResource], book: str) -> list[PricedPool]:
    """Every pool in the stack with its USD per node-hour for its capacity (None with the reason when unpriced)."""
    out = []
    for resource in resources:
        provider = resource.provider.props if resource.provider else None
        for pool in res.pools(resource.resource_type, resource.props):
            region = region_of(pool, provider)
            machine = pool.machine_types[0] if pool.machine_types else ""
            if region is None or not machine:
                missing = "no region to price it in" if region is None else "no machine type"
                out.append(PricedPool(resource.urn, pool, None, f"pool {pool.name!r} has {missing}"))
                continue
            try:
                found = catalog.price(pool.cloud, machine, region, book=book)
            except catalog.CatalogError as exc:
                out.append(PricedPool(resource.urn, pool, None, str(exc)))
                continue
            counted = catalog.BOUNDED_BY.get(pool.capacity, pool.capacity)  # flex-start at its on-demand bound
            try:
                out.append(PricedPool(resource.urn, pool, found.for_capacity(counted)))
            except catalog.MissingPrice as exc:  # a tier no price book carries, or a figure not published
                out.append(PricedPool(resource.urn, pool, None, str(exc)))
    return out


def stack_cost(args: StackValidationArgs, report: ReportViolation) -> None:
    """The stack's node cost at idle (pools at minimum) and at full scale (at maximum) stays under budget."""
    config = args.get_config()
    rows = priced_pools(args.resources, str(config[PRICE_BOOK]))
    for row in rows:
        if row.usd_per_node_hour is None:
            report(f"cannot price pool {row.pool.name!r}: {row.problem}", row.urn)
    idle = round(sum(r.idle for r in rows), 2)
    full = round(sum(r.full for r in rows), 2)
    envs = environments(args.resources)
    checks: tuple[tuple[str, float, str, list[Ceiling]], ...] = (
        ("at full scale", full, MAX_USD_FULL, budgets(args.resources)),  # a budget holds the platform at full scale
        ("at idle", idle, MAX_USD_IDLE, []),
    )
    for what, total, key, more in checks:
        held = ceiling(config, key, envs, more)
        if total > held.limit:
            top = max(rows, key=lambda r: (r.full if key == MAX_USD_FULL else r.idle, r.pool.name, r.urn))
            report(
                f"the stack's nodes cost ${total:,.2f}/h {what}, over the ${held.limit:,.2f}/h of {held.source} "
                f"(largest: pool {top.pool.name!r}); lower maxNodes/minNodes or raise {held.source} {held.home}",
                None,
            )


def stack_accelerators(args: StackValidationArgs, report: ReportViolation) -> None:
    """Accelerators (GPUs, TPU chips) of the whole stack at full scale stay under the configured ceiling."""
    held = ceiling(args.get_config(), MAX_ACCELERATORS, environments(args.resources))
    counted = sorted(  # the engine sends resources in no fixed order; the message must not depend on it
        (pool.name, pool.accelerators_per_node * (pool.max_nodes or 0))
        for resource in args.resources
        for pool in res.pools(resource.resource_type, resource.props)
        if pool.is_accelerator
    )
    total = sum(n for _, n in counted)
    if total > held.limit:
        parts = ", ".join(f"{name} {n}" for name, n in counted)
        report(
            f"the stack may run {total} accelerators at full scale ({parts}), over the ceiling of {int(held.limit)} "
            f"({held.source})",
            None,
        )
