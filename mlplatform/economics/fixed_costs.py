"""Fixed costs of a planned stack: control plane, NAT, object storage and (when asked for) the database.

Each becomes a ``FixedLine`` with an hourly figure at idle and at full scale (they differ only where a price
follows the node count: GCP Cloud NAT bills per VM up to 32 VMs), the catalog sources, and notes for every
estimated figure and every stated assumption. The system pool is a node line of ``mlplatform.economics.cost``.

The database comes from the blueprint's ``services.mlflow.database`` read defensively (``database_request``):
the spec has no services section yet, so a stack without one gets no database line, and one with
``services.mlflow.database.size`` gets that class, HA in prod (or as ``database.ha`` says).
"""

from __future__ import annotations

from dataclasses import dataclass

from components.catalog import fixed_costs as fc
from components.catalog.errors import CatalogError
from components.catalog.types import Source
from components.plan import ClusterPlan
from components.spec import Environment

HOURS_PER_MONTH = 730


@dataclass(frozen=True)
class CostAssumptions:
    """Stated amounts the fixed costs multiply; every one is printed with the figure it produces."""

    utilisation: float = 0.5  # expected = minNodes + utilisation x (maxNodes - minNodes)
    storage_gb: float = 1000.0  # artifact store, GB-month
    nat_gb_per_month: float = 100.0  # data processed by the NAT gateways


@dataclass(frozen=True)
class DatabaseRequest:
    size: fc.DatabaseSize
    ha: bool


@dataclass(frozen=True)
class FixedLine:
    """A fixed cost in USD per hour at idle and at full scale; None when the catalog has no figure."""

    item: str
    detail: str
    idle: float | None
    full: float | None
    sources: tuple[Source, ...]
    notes: tuple[str, ...]

    def expected(self, utilisation: float) -> float:
        idle, full = self.idle or 0.0, self.full or 0.0
        return idle + utilisation * (full - idle)


def database_request(services: object, environment: Environment) -> DatabaseRequest | None:
    """The database the blueprint asks for, read with getattr so it works before and after the field exists."""
    mlflow = getattr(services, "mlflow", None)
    if mlflow is None or getattr(mlflow, "enabled", True) is False:
        return None
    database = getattr(mlflow, "database", None)
    size = getattr(database, "size", None)
    if size is None:
        return None
    ha = getattr(database, "ha", None)
    return DatabaseRequest(fc.DatabaseSize(str(getattr(size, "value", size))),
                           environment is Environment.PROD if ha is None else bool(ha))


def fixed_lines(
    plan: ClusterPlan, assumptions: CostAssumptions, database: DatabaseRequest | None
) -> tuple[FixedLine, ...]:
    lines = [_control_plane(plan), _nat(plan, assumptions), _storage(plan, assumptions)]
    if database is not None:
        lines.append(_database(plan, assumptions, database))
    return tuple(lines)


def _estimated(*rates: fc.FixedRate) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"estimated: {r.estimated}" for r in rates if r.estimated))


def _missing(item: str, exc: CatalogError) -> FixedLine:
    return FixedLine(item, "no catalog figure", None, None, (), (str(exc),))


def _control_plane(plan: ClusterPlan) -> FixedLine:
    tier = fc.control_plane_tier(plan.cloud, plan.environment, plan.availability)
    try:
        rate = fc.control_plane(plan.cloud, tier)
    except CatalogError as exc:
        return _missing("control plane", exc)
    notes = _estimated(rate)
    if tier == fc.GKE_ZONAL:
        notes += (f"GKE's free tier credits ${fc.GKE_FREE_TIER_USD_PER_MONTH:.2f}/month per billing account to one "
                  "zonal cluster; not deducted here",)
    return FixedLine("control plane", tier, rate.usd, rate.usd, (rate.source,), notes)


def _nat_vm_hour(rate: fc.NatRate, vms: int) -> float:
    if rate.vm_hour is None:
        return 0.0
    return rate.vm_hour.usd * vms if vms <= rate.vm_cap else rate.gateway_hour.usd


def _nat(plan: ClusterPlan, a: CostAssumptions) -> FixedLine:
    try:
        rate = fc.nat(plan.cloud, plan.region)
    except CatalogError as exc:
        return _missing("NAT gateway", exc)
    gateways = fc.nat_gateways(plan.cloud, plan.environment, len(plan.zones))
    data = a.nat_gb_per_month * rate.per_gb.usd / HOURS_PER_MONTH
    if rate.vm_hour is not None:
        idle_vms = plan.system.nodes + sum(p.min_nodes for p in plan.pools)
        full_vms = plan.system.nodes + sum(p.max_nodes for p in plan.pools)
        idle, full = _nat_vm_hour(rate, idle_vms) + data, _nat_vm_hour(rate, full_vms) + data
        detail = (f"{gateways} gateway, ${rate.vm_hour.usd}/VM-hour up to {rate.vm_cap} VMs "
                  f"({idle_vms} idle, {full_vms} at full scale)")
    else:
        idle = full = gateways * rate.gateway_hour.usd + data
        detail = f"{gateways} gateway{'s' if gateways > 1 else ''} x ${rate.gateway_hour.usd}/h"
    detail += f" + {a.nat_gb_per_month:g} GB/month processed (assumed) x ${rate.per_gb.usd}/GB"
    sources = tuple(dict.fromkeys((rate.gateway_hour.source, rate.per_gb.source)))
    return FixedLine("NAT gateway", detail, idle, full, sources, _estimated(rate.gateway_hour, rate.per_gb))


def _storage(plan: ClusterPlan, a: CostAssumptions) -> FixedLine:
    try:
        rate = fc.object_storage(plan.cloud, plan.region)
    except CatalogError as exc:
        return _missing("object storage", exc)
    hourly = a.storage_gb * rate.usd / HOURS_PER_MONTH
    detail = f"{a.storage_gb:g} GB (assumed) x ${rate.usd}/GB-month"
    return FixedLine("object storage", detail, hourly, hourly, (rate.source,), _estimated(rate))


def _database(plan: ClusterPlan, a: CostAssumptions, request: DatabaseRequest) -> FixedLine:
    try:
        cls, compute, storage = fc.database(plan.cloud, plan.region, request.size)
    except CatalogError as exc:
        return _missing("database", exc)
    copies = fc.HA_MULTIPLIER[plan.cloud] if request.ha else 1
    hourly = copies * (compute.usd + cls.storage_gib * storage.usd / HOURS_PER_MONTH)
    detail = (f"{request.size} = {cls.instance_class}{' HA' if request.ha else ''}: {copies} x (${compute.usd}/h + "
              f"{cls.storage_gib} GB provisioned x ${storage.usd}/GB-month)")
    sources = tuple(dict.fromkeys((compute.source, storage.source)))
    return FixedLine("database", detail, hourly, hourly, sources, _estimated(compute, storage))
