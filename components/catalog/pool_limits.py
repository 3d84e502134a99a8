"""How many node pools (EKS: managed node groups) one cluster may have, per cloud, and whether the cloud raises it.

The stack counts what it creates, not what the blueprint lists: the system pool is a pool too, and every capacity
tier of a preference list is a pool of its own (``spec.rules_limits``). A cloud whose figure is a
default quota (``adjustable``) takes a raised value from the blueprint (``cluster.nodePoolQuota``); a hard limit
does not move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog.types import Source
from components.spec.enums import Cloud

LIMITS_READ = date(2026, 12, 7)
"""The day the three pages below were read (each states the present; none carries a date of its own)."""

EKS_QUOTAS = Source(
    "Amazon EKS service quotas: 'Managed node groups per cluster', default 30 in each supported Region, adjustable",
    "https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html",
    LIMITS_READ,
)
GKE_LARGE_CLUSTERS = Source(
    "GKE: plan for large clusters, limits and best practices: at most 1,000 node pools in a Standard cluster "
    "(past 200, the cluster autoscaler's latency grows: docs/how-to/node-auto-provisioning, Limitations)",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/planning-large-clusters",
    LIMITS_READ,
)
AKS_QUOTAS = Source(
    "AKS: quotas, VM size restrictions and region availability: 'Maximum node pools per cluster' 100",
    "https://learn.microsoft.com/azure/aks/quotas-skus-regions",
    LIMITS_READ,
)


@dataclass(frozen=True)
class PoolLimit:
    """One cloud's ceiling on pools per cluster, in its own words."""

    cloud: Cloud
    limit: int
    noun: str  # what the cloud calls one pool
    adjustable: bool  # a default quota the account can raise (Service Quotas), not a hard limit
    source: Source


POOL_LIMITS: Mapping[Cloud, PoolLimit] = MappingProxyType({
    Cloud.AWS: PoolLimit(Cloud.AWS, 30, "EKS managed node groups", True, EKS_QUOTAS),
    Cloud.GCP: PoolLimit(Cloud.GCP, 1000, "GKE node pools", False, GKE_LARGE_CLUSTERS),
    Cloud.AZURE: PoolLimit(Cloud.AZURE, 100, "AKS node pools", False, AKS_QUOTAS),
})


def pool_limit(cloud: Cloud) -> PoolLimit:
    """The ceiling on pools per cluster on ``cloud`` (every cloud has a row)."""
    return POOL_LIMITS[cloud]
