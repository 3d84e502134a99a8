"""Stacks side by side: per pool the shape, accelerators, memory, interconnect, tier, bounds and price; every
non-equivalence flagged; the cheapest stack at idle and at full scale named.

Pools are matched by their neutral name (``nodePools[].name``). Flags come from the plans and the catalog's
listed differences (``components.catalog.clouds``): TPUs only on GCP, interconnect fabric, who manages the GPU
driver, the device plugin and the node autoscaler, spot eviction notice, a shape the catalog does not offer in
the stack's region, a price missing from the book, pool names the cloud changes (AKS), Kubernetes versions.
Per service (read defensively from ``blueprint.services``: the spec has no services section yet) it shows what
runs where: the cloud's managed pieces of MLflow, and KServe and Ray in the cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from components import catalog
from components.plan import ClusterPlan, PoolPlan
from components.spec import AcceleratorKind, Cloud
from mlplatform.economics.cost import CostEstimate, CostLine


@dataclass(frozen=True)
class StackSide:
    """One stack as parity needs it: its plan and its cost estimate."""

    stack: str
    plan: ClusterPlan
    cost: CostEstimate
    services: object = None  # the blueprint's services section, whatever its shape


_IN_CLUSTER = "in the cluster"
SERVICE_PARTS: tuple[tuple[str, str, Mapping[Cloud, str]], ...] = (
    ("mlflow", "MLflow artifact store", {Cloud.AWS: "S3", Cloud.GCP: "Cloud Storage", Cloud.AZURE: "Blob Storage"}),
    ("mlflow", "MLflow database", {Cloud.AWS: "RDS for PostgreSQL", Cloud.GCP: "Cloud SQL for PostgreSQL",
                                   Cloud.AZURE: "Azure Database for PostgreSQL flexible server"}),
    ("mlflow", "MLflow identity", {Cloud.AWS: "EKS Pod Identity", Cloud.GCP: "GKE Workload Identity",
                                   Cloud.AZURE: "AKS workload identity (federated credential)"}),
    ("kserve", "KServe (raw deployment)", dict.fromkeys(Cloud, _IN_CLUSTER)),
    ("ray", "Ray (KubeRay)", dict.fromkeys(Cloud, _IN_CLUSTER)),
)
"""What runs where for each service the blueprint declares (DESIGN.md, per-cloud data plane)."""


def declared(services: object, name: str) -> bool:
    """True when the services section has ``name`` and does not disable it."""
    found = getattr(services, name, None)
    return found is not None and getattr(found, "enabled", True) is not False


@dataclass(frozen=True)
class PoolSide:
    cloud_name: str
    machine_type: str
    accelerator: str
    accelerators_per_node: int
    accelerator_memory_gib: int  # per node
    vcpus: int
    memory_gib: float
    interconnect: str
    capacity: str
    bounds: str
    usd_per_node_hour: float | None


@dataclass(frozen=True)
class PoolParity:
    pool: str
    sides: tuple[PoolSide | None, ...]  # aligned with ParityReport.stacks


@dataclass(frozen=True)
class ParityReport:
    stacks: tuple[str, ...]
    clouds: tuple[str, ...]
    regions: tuple[str, ...]
    kubernetes_versions: tuple[str, ...]
    pools: tuple[PoolParity, ...]
    services: tuple[tuple[str, tuple[str, ...]], ...]  # (part, what runs it per stack or "-")
    flags: tuple[str, ...]
    idle_usd_per_hour: tuple[float, ...]
    full_usd_per_hour: tuple[float, ...]
    cheapest_idle: str
    cheapest_full: str
    like_for_like: bool  # every stack has the same pools

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _side(pool: PoolPlan, line: CostLine) -> PoolSide:
    shape = pool.shape
    return PoolSide(
        cloud_name=pool.cloud_name,
        machine_type=shape.machine_type + (f" ({pool.tpu.topology})" if pool.tpu else ""),
        accelerator=pool.accelerator.value,
        accelerators_per_node=pool.accelerators_per_node,
        accelerator_memory_gib=shape.accelerator_count * shape.accelerator_memory_gib,
        vcpus=shape.vcpus,
        memory_gib=shape.memory_gib,
        interconnect=shape.interconnect or "none listed",
        capacity=pool.capacity.value,
        bounds=f"{pool.min_nodes}..{pool.max_nodes}",
        usd_per_node_hour=line.usd_per_node_hour,
    )


def compare(sides: Sequence[StackSide]) -> ParityReport:
    """Side by side comparison of ``sides`` (at least two stacks)."""
    if len(sides) < 2:
        raise ValueError("parity needs at least two stacks")
    names = list(dict.fromkeys(p.name for s in sides for p in s.plan.pools))
    pools = []
    for name in names:
        row: list[PoolSide | None] = []
        for s in sides:
            found = [(p, line) for p, line in zip(s.plan.pools, s.cost.lines[1:], strict=True) if p.name == name]
            row.append(_side(*found[0]) if found else None)
        pools.append(PoolParity(name, tuple(row)))
    idle = tuple(s.cost.idle_usd_per_hour for s in sides)
    full = tuple(s.cost.full_usd_per_hour for s in sides)
    stacks = tuple(s.stack for s in sides)
    return ParityReport(
        stacks=stacks,
        clouds=tuple(s.plan.cloud.value for s in sides),
        regions=tuple(s.plan.region for s in sides),
        kubernetes_versions=tuple(s.plan.kubernetes_version for s in sides),
        pools=tuple(pools),
        services=tuple(
            (title, tuple(where[s.plan.cloud] if declared(s.services, name) else "-" for s in sides))
            for name, title, where in SERVICE_PARTS
            if any(declared(s.services, name) for s in sides)
        ),
        flags=flags(sides),
        idle_usd_per_hour=idle,
        full_usd_per_hour=full,
        cheapest_idle=stacks[idle.index(min(idle))],
        cheapest_full=stacks[full.index(min(full))],
        like_for_like=all(all(side is not None for side in p.sides) for p in pools),
    )


def flags(sides: Sequence[StackSide]) -> tuple[str, ...]:
    """Every non-equivalence between the stacks, one sentence each, in a stable order."""
    out: list[str] = []
    versions = {s.stack: s.plan.kubernetes_version for s in sides}
    if len(set(versions.values())) > 1:
        out.append("Kubernetes versions differ: " + _each(versions))
    out += _trait_flags(sides)
    for name in dict.fromkeys(name for name, _, _ in SERVICE_PARTS):
        on = [s.stack for s in sides if declared(s.services, name)]
        if on and len(on) < len(sides):
            off = [s.stack for s in sides if s.stack not in on]
            out.append(f"service {name}: declared on {', '.join(on)}; not on {', '.join(off)}")
    for name in dict.fromkeys(p.name for s in sides for p in s.plan.pools):
        out += _pool_flags(name, sides)
    return tuple(out)


def _each(values: dict[str, Any]) -> str:
    return "; ".join(f"{stack}: {value}" for stack, value in values.items())


_TRAITS: tuple[tuple[str, Callable[[catalog.CloudTraits], str]], ...] = (
    ("GPU driver", lambda t: f"{t.gpu_driver.value} ({t.gpu_driver_note})"),
    ("device plugin", lambda t: f"{t.device_plugin.value} ({t.device_plugin_note})"),
    ("node autoscaler", lambda t: f"{t.node_autoscaler.value} ({t.node_autoscaler_note})"),
)


def _trait_flags(sides: Sequence[StackSide]) -> list[str]:
    out = []
    clouds = list(dict.fromkeys(s.plan.cloud for s in sides))
    gpus = any(p.kind is AcceleratorKind.GPU for s in sides for p in s.plan.pools)
    for what, describe in _TRAITS if gpus else _TRAITS[2:]:
        managed = {c.value: describe(catalog.traits(c)) for c in clouds}
        if len({v.split(" ", 1)[0] for v in managed.values()}) > 1:
            out.append(f"{what} is managed differently: " + _each(managed))
    if any(p.spot for s in sides for p in s.plan.pools):
        notice = {c.value: f"{catalog.traits(c).spot_eviction_notice_seconds} s notice" for c in clouds}
        if len(set(notice.values())) > 1:
            out.append("spot eviction notice differs: " + _each(notice))
    return out


_POOL_FACTS: tuple[tuple[str, Callable[[PoolPlan], object]], ...] = (
    ("accelerator", lambda p: p.accelerator.value),
    ("accelerators per node", lambda p: p.accelerators_per_node),
    ("accelerator memory per node (GiB)", lambda p: p.shape.accelerator_count * p.shape.accelerator_memory_gib),
    ("vCPUs per node", lambda p: p.shape.vcpus),
    ("memory per node (GiB)", lambda p: p.shape.memory_gib),
    ("interconnect", lambda p: p.shape.interconnect or "none listed"),
    ("capacity tier", lambda p: p.capacity.value),
    ("scaling bounds", lambda p: f"{p.min_nodes}..{p.max_nodes}"),
)


def _pool_flags(name: str, sides: Sequence[StackSide]) -> list[str]:
    found = {s.stack: next((p for p in s.plan.pools if p.name == name), None) for s in sides}
    present = {stack: p for stack, p in found.items() if p is not None}
    out = []
    missing = [stack for stack, p in found.items() if p is None]
    if missing:
        tpu = any(p.kind is AcceleratorKind.TPU for p in present.values())
        why = " (TPUs exist only on GCP)" if tpu else ""
        out.append(f"{name}: only on {', '.join(present)}; missing on {', '.join(missing)}{why}")
    for label, value in _POOL_FACTS:
        values = {stack: value(p) for stack, p in present.items()}
        if len(set(values.values())) > 1:
            out.append(f"{name}: {label} differs: {_each(values)}")
    side_of = {s.stack: s for s in sides}
    for stack, p in present.items():
        plan = side_of[stack].plan
        if p.cloud_name != p.name:
            rule = catalog.traits(plan.cloud).node_pool_name.description
            out.append(f"{name}: {stack} names the pool {p.cloud_name!r} ({rule})")
        if plan.region not in catalog.regions_offering(plan.cloud, p.shape.machine_type):
            out.append(f"{name}: {p.shape.machine_type} is not offered in {plan.region} ({stack}) per the catalog")
        line = next(line for line in side_of[stack].cost.lines if line.pool == name)
        if line.usd_per_node_hour is None:
            out.append(f"{name}: no price for {p.shape.machine_type} in {stack}'s price book")
    return out


# --- Output ---------------------------------------------------------------------------------------
ROWS: tuple[tuple[str, Callable[[PoolSide], str]], ...] = (
    ("pool name on the cloud", lambda s: s.cloud_name),
    ("machine", lambda s: s.machine_type),
    ("accelerators per node", lambda s: f"{s.accelerators_per_node} x {s.accelerator}"),
    ("accelerator memory per node", lambda s: f"{s.accelerator_memory_gib} GiB"),
    ("vCPUs / memory", lambda s: f"{s.vcpus} / {s.memory_gib:g} GiB"),
    ("interconnect", lambda s: s.interconnect),
    ("capacity tier", lambda s: s.capacity),
    ("nodes", lambda s: s.bounds),
    ("$/node-hour", lambda s: "n/a" if s.usd_per_node_hour is None else f"${s.usd_per_node_hour:,.4f}"),
)


def rows(report: ParityReport) -> list[tuple[str, ...]]:
    """The side-by-side grid: (what, value per stack...) for the stacks, then each pool's rows."""
    grid: list[tuple[str, ...]] = [
        ("cloud / region", *(f"{c} / {r}" for c, r in zip(report.clouds, report.regions, strict=True))),
        ("Kubernetes", *report.kubernetes_versions),
        ("idle $/h", *(f"${v:,.2f}" for v in report.idle_usd_per_hour)),
        ("full scale $/h", *(f"${v:,.2f}" for v in report.full_usd_per_hour)),
    ]
    grid += [(f"service: {part}", *where) for part, where in report.services]
    if not report.services:
        grid.append(("services", *("none declared" for _ in report.stacks)))
    for pool in report.pools:
        for label, cell in ROWS:
            grid.append((f"{pool.pool}: {label}", *("-" if s is None else cell(s) for s in pool.sides)))
    return grid


def verdict(report: ParityReport) -> str:
    text = f"cheapest at idle: {report.cheapest_idle}; cheapest at full scale: {report.cheapest_full}"
    if not report.like_for_like:
        text += " (not like for like: the stacks' pools differ, see the flags)"
    return text


def markdown(report: ParityReport) -> str:
    lines = ["### Parity: " + " vs ".join(f"`{s}`" for s in report.stacks), "",
             "| | " + " | ".join(report.stacks) + " |", "|---|" + "---|" * len(report.stacks)]
    lines += ["| " + " | ".join(row) + " |" for row in rows(report)]
    lines += ["", f"**{verdict(report)}**", "", f"Non-equivalences ({len(report.flags)}):"]
    lines += [f"- {flag}" for flag in report.flags]
    return "\n".join(lines)
