"""Capacity tiers of a pool: the preference list (a single value is a list of one) and its offline checks."""

from __future__ import annotations

from components import catalog
from components.spec.enums import Accelerator, Capacity, Environment
from components.spec.errors import Problem, show
from components.spec.models import Blueprint, NodePoolSpec
from components.spec.naming import tier_pool_name


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
    if rule.problems(tier_pool_name(bp.cloud, pool.name)):
        return []
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
