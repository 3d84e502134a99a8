"""Pools per cluster: what the stack creates, against the cloud's documented ceiling (``catalog.pool_limits``).

The count is the stack's own: the system pool, plus one pool per capacity tier of each accelerator pool (a
preference list is a pool per tier on every cloud that realises it: ``catalog.PREFERENCE_DEGRADATION`` names the
others). A cloud that refuses pool number N+1 does so halfway
through `pulumi up`, after the cluster and the first N pools exist; here it is a validation error instead.
"""

from __future__ import annotations

from components import catalog
from components.spec.errors import Problem
from components.spec.models import Blueprint
from components.spec.rules_capacity import effective_tiers

SYSTEM_POOLS = 1
QUOTA_PATH = "cluster.nodePoolQuota"


def pools_created(bp: Blueprint) -> int:
    """The pools (EKS: managed node groups) the stack creates in the cluster, the system pool included."""
    realises_tiers = bp.cloud not in catalog.PREFERENCE_DEGRADATION
    per_pool = (len(effective_tiers(bp.environment, p)) if realises_tiers else 1 for p in bp.node_pools)
    return SYSTEM_POOLS + sum(per_pool)


def check_pool_limit(bp: Blueprint) -> list[Problem]:
    """One problem when the stack creates more pools than the cloud (or the declared quota) allows."""
    limit = catalog.pool_limit(bp.cloud)
    quota = bp.cluster.node_pool_quota
    if quota is not None and not limit.adjustable:
        return [Problem(QUOTA_PATH, f"{quota}: {bp.cloud} has a hard limit of {limit.limit} {limit.noun} per "
                        f"cluster that no quota raises ({limit.source.url}); remove nodePoolQuota")]
    ceiling = quota if quota is not None else limit.limit
    created = pools_created(bp)
    if created <= ceiling:
        return []
    realises_tiers = bp.cloud not in catalog.PREFERENCE_DEGRADATION
    tiers = " (one per capacity tier of a preference list)" if realises_tiers else ""
    raise_it = (f"; or raise the account's quota (Service Quotas) and declare it as {QUOTA_PATH}"
                if limit.adjustable else "")
    whose = f"the declared quota of {quota}" if quota is not None else f"{bp.cloud}'s limit of {limit.limit}"
    return [Problem("nodePools", f"{len(bp.node_pools)} pools make {created} {limit.noun} with the system "
                    f"pool{tiers}, above {whose} per cluster ({limit.source.url}); merge pools or split the "
                    f"platform into two stacks{raise_it}")]
