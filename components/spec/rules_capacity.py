"""Capacity tiers of a pool: the preference list (a single value is a list of one) and its offline checks.

A Capacity Block (AWS) is checked here against ``catalog.capacity``: AWS only, an instance type and region AWS sells
blocks of, one reservation per pool (not with reserved), scaling from zero (nothing launches outside the window)
and at most the largest block. The reservation ID and its zone are checked with the reserved tier's rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components import catalog
from components.spec.enums import RESERVATION_TIERS, Accelerator, AcceleratorKind, Capacity, Cloud, Environment
from components.spec.errors import Problem, show
from components.spec.models import Blueprint, NodePoolSpec
from components.spec.naming import tier_pool_name

__all__ = ["RESERVATION_TIERS", "SYSTEM_POOL_REFUSED", "check_capacity_block", "check_flex_start", "check_reservable",
           "check_tiers", "effective_capacity", "effective_tiers", "reservation_tier"]


SYSTEM_POOL_REFUSED: Mapping[Capacity, str] = MappingProxyType({
    Capacity.SPOT: "the system pool runs the cluster's add-ons and must survive evictions",
    Capacity.CAPACITY_BLOCK: "a Capacity Block ends at a fixed time and the system pool must outlive it",
    Capacity.FLEX_START: "a flex-start node waits for capacity and is removed after at most 7 days, and the system "
    "pool must always run",
})
"""Tiers the system pool may not take, and why."""


def effective_capacity(environment: Environment, pool: NodePoolSpec) -> Capacity:
    """The pool's preferred capacity tier; unset means spot outside prod and on-demand in prod."""
    tiers = effective_tiers(environment, pool)
    return tiers[0] if tiers else Capacity.ON_DEMAND


def effective_tiers(environment: Environment, pool: NodePoolSpec) -> tuple[Capacity, ...]:
    """The pool's capacity tiers in order of preference (a single value is a list of one)."""
    if isinstance(pool.capacity, Capacity):
        return (pool.capacity,)
    if pool.capacity is not None:
        return pool.capacity
    return (Capacity.ON_DEMAND if environment is Environment.PROD else Capacity.SPOT,)


def check_tiers(bp: Blueprint, at: str, pool: NodePoolSpec) -> list[Problem]:
    """A preference list names each tier once, at least one; a multi-host TPU slice takes one tier only."""
    tiers = effective_tiers(bp.environment, pool)
    problems: list[Problem] = []
    if not tiers:
        problems.append(Problem(f"{at}.capacity", "is an empty list; name one tier (on-demand, spot, reserved) or "
                                "several in order of preference, e.g. [spot, on-demand]"))
    repeated = sorted({t.value for t in tiers if tiers.count(t) > 1})
    if repeated:
        problems.append(Problem(f"{at}.capacity", f"names {', '.join(repeated)} more than once; list each tier "
                                "once, in order of preference"))
    if len(tiers) > 1 and _multi_host(pool):
        problems.append(Problem(f"{at}.capacity", f"a multi-host {pool.topology} TPU slice is one atomic unit that "
                                "cannot fall back between tiers; choose one tier"))
    problems.extend(_tier_names(bp, at, pool, tiers))
    return problems


def _tier_names(bp: Blueprint, at: str, pool: NodePoolSpec, tiers: tuple[Capacity, ...]) -> list[Problem]:
    """Each later tier is a node pool of its own, named from the pool (`tier_pool_name`): the name must fit the
    cloud's rule and clash with no other pool's (a pool whose own name is unusable is reported under `name`)."""
    rule = catalog.traits(bp.cloud).node_pool_name
    if len(tiers) < 2 or rule.problems(tier_pool_name(bp.cloud, pool.name)):
        return []  # one tier is the pool itself, whose name `_check_pool` checks: no other name to clash with
    taken = {tier_pool_name(bp.cloud, other.name, tier)
             for other in bp.node_pools if other is not pool
             for tier in (None, *effective_tiers(bp.environment, other)[1:])}
    problems = []
    for tier in dict.fromkeys(tiers[1:]):
        name = tier_pool_name(bp.cloud, pool.name, tier)
        if broken := rule.problems(name):
            problems.append(Problem(f"{at}.capacity", f"the {tier} tier is the {bp.cloud} pool {show(name)}, which "
                                    f"breaks {bp.cloud}'s rule ({'; '.join(broken)}); shorten the pool's name"))
        elif name in taken:
            problems.append(Problem(f"{at}.capacity", f"the {tier} tier is the {bp.cloud} pool {show(name)}, which "
                                    "another pool already names; rename one of the pools"))
    return problems


def _multi_host(pool: NodePoolSpec) -> bool:
    """True for a known multi-host TPU topology (an unknown one is reported by the TPU checks)."""
    if pool.topology is None:
        return False
    try:
        return catalog.tpu_topology(Accelerator(pool.accelerator), pool.topology).multi_host
    except (ValueError, catalog.CatalogError):
        return False


def reservation_tier(tiers: tuple[Capacity, ...]) -> Capacity | None:
    """The tier of a preference list that consumes the pool's reservation (reserved or capacity-block), if any."""
    return next((t for t in tiers if t in RESERVATION_TIERS), None)


def check_capacity_block(bp: Blueprint, at: str, pool: NodePoolSpec) -> list[Problem]:
    """A capacity-block tier: on AWS, for a type and region AWS sells blocks of, alone with its reservation, from
    zero nodes, within the largest block."""
    # Imported here: the catalog package imports the spec's vocabulary, so the spec reads catalog modules lazily.
    from components.catalog.capacity import CAPACITY_BLOCK_MAX_INSTANCES, CAPACITY_BLOCKS

    tiers = effective_tiers(bp.environment, pool)
    if Capacity.CAPACITY_BLOCK not in tiers:
        return []
    if bp.cloud is not Cloud.AWS:
        return [Problem(f"{at}.capacity", f"capacity-block is AWS's Capacity Blocks for ML; {bp.cloud} has no such "
                        "tier: use reserved with the reservation's name, or on-demand")]
    problems = []
    if Capacity.RESERVED in tiers:
        problems.append(Problem(f"{at}.capacity", "lists both reserved and capacity-block, but a pool consumes one "
                                "reservation; keep one of them (a second reservation is a second pool)"))
    machine = _primary_type(bp, pool)
    if machine is not None and bp.region not in CAPACITY_BLOCKS.get(machine, frozenset()):
        sold = sorted(f"{m} ({', '.join(sorted(r))})" for m, r in CAPACITY_BLOCKS.items())
        problems.append(Problem(f"{at}.capacity", f"AWS sells no Capacity Block of {machine} in {bp.region}; blocks "
                                f"are sold for {'; '.join(sold)}: change the region or accelerator, or the tier"))
    if pool.min_nodes != 0:
        problems.append(Problem(f"{at}.minNodes", f"{pool.min_nodes} cannot be kept with capacity-block: nothing "
                                "launches outside the block's window and EKS upgrades need the group at 0; use 0"))
    if pool.max_nodes is not None and pool.max_nodes > CAPACITY_BLOCK_MAX_INSTANCES:
        problems.append(Problem(f"{at}.maxNodes", f"{pool.max_nodes} is more than the largest Capacity Block "
                                f"({CAPACITY_BLOCK_MAX_INSTANCES} instances); use at most the block's instance "
                                "count"))
    return problems


def check_reservable(bp: Blueprint, at: str, pool: NodePoolSpec) -> list[Problem]:
    """A reserved tier only on a shape the cloud's reservations cover (``catalog.capacity.RESERVATION_COVERAGE``)."""
    from components.catalog.capacity import RESERVATION_COVERAGE, unreservable_series

    if Capacity.RESERVED not in effective_tiers(bp.environment, pool):
        return []
    machine = _primary_type(bp, pool)
    series = None if machine is None else unreservable_series(bp.cloud, machine)
    if machine is None or series is None:
        return []
    accel = Accelerator(pool.accelerator)
    covered = [f"x{n}" for n in catalog.offered(bp.cloud).get(accel, ())
                     if unreservable_series(bp.cloud, catalog.accelerator_shapes(bp.cloud, accel, n)[0].machine_type)
                     is None]
    instead = (f"{accel} {'/'.join(covered)} is reservable" if covered
               else f"no {accel} size on {bp.cloud} is reservable")
    return [Problem(f"{at}.capacity", f"{bp.cloud} offers no capacity reservation for {machine} ({series}; "
                    f"{RESERVATION_COVERAGE[bp.cloud].url}); {instead}: drop reserved and use on-demand or spot, "
                    "or change acceleratorsPerNode")]


def check_flex_start(bp: Blueprint, at: str, pool: NodePoolSpec) -> list[Problem]:
    """A flex-start tier: on GCP, on a GPU machine series GKE offers it for, scaling from zero."""
    from components.catalog.capacity import FLEX_START_ALTERNATIVES, FLEX_START_SERIES, flex_start_offered

    tiers = effective_tiers(bp.environment, pool)
    if Capacity.FLEX_START not in tiers:
        return []
    if bp.cloud is not Cloud.GCP:
        return [Problem(f"{at}.capacity", f"flex-start is GKE's Dynamic Workload Scheduler provisioning; "
                        f"{FLEX_START_ALTERNATIVES[bp.cloud]}: remove flex-start from the list")]
    problems = []
    if _is_tpu(pool):
        problems.append(Problem(f"{at}.capacity", "flex-start is offered here for GPU pools only (GKE offers TPU "
                                "flex-start for v5e/v6e in a few zones, which the blueprint does not model); use "
                                "spot, on-demand or reserved"))
    machine = _primary_type(bp, pool)
    if machine is not None and not flex_start_offered(machine):
        problems.append(Problem(f"{at}.capacity", f"GKE offers no flex-start for {machine}; it is offered on the "
                                f"accelerator-optimized series {', '.join(sorted(FLEX_START_SERIES))} (A100, H100, "
                                "L4): change the accelerator, or the tier"))
    if tiers[0] is Capacity.FLEX_START and pool.min_nodes != 0:
        problems.append(Problem(f"{at}.minNodes", f"{pool.min_nodes} cannot be kept with flex-start: GKE creates "
                                "flex-start nodes only for pending pods and removes each after at most 7 days; use 0"))
    return problems


def _is_tpu(pool: NodePoolSpec) -> bool:
    try:
        return Accelerator(pool.accelerator).kind is AcceleratorKind.TPU
    except ValueError:
        return False


def _primary_type(bp: Blueprint, pool: NodePoolSpec) -> str | None:
    """The pool's primary instance type, or None where the accelerator checks already report a problem."""
    try:
        accel = Accelerator(pool.accelerator)
    except ValueError:
        return None
    if accel.kind is not AcceleratorKind.GPU or pool.accelerators_per_node is None:
        return None
    try:
        return catalog.accelerator_shapes(bp.cloud, accel, pool.accelerators_per_node)[0].machine_type
    except catalog.CatalogError:
        return None
