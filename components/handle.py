"""What a cloud's cluster hands to the layer above: identity, access, and where accelerator pods may land."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Protocol

import pulumi
import pulumi_kubernetes as k8s

from components.plan import ClusterPlan, PoolPlan


@dataclass(frozen=True)
class PoolScheduling:
    """Node selector and tolerations (Kubernetes wire form) that place a pod on one pool, on any cloud."""

    node_selector: Mapping[str, str]
    tolerations: tuple[Mapping[str, str], ...]


def pool_scheduling(pool: PoolPlan) -> PoolScheduling:
    """`Exists` tolerations: GKE sets nvidia.com/gpu=present where EKS/AKS pools carry =true; both match."""
    seen: dict[tuple[str, str], Mapping[str, str]] = {}
    for taint in pool.tolerations:
        seen.setdefault(
            (taint.key, taint.effect),
            MappingProxyType({"key": taint.key, "operator": "Exists", "effect": taint.effect}),
        )
    return PoolScheduling(node_selector=pool.node_selector, tolerations=tuple(seen.values()))


def plan_scheduling(plan: ClusterPlan) -> Mapping[str, PoolScheduling]:
    return MappingProxyType({pool.name: pool_scheduling(pool) for pool in plan.pools})


@dataclass(frozen=True, kw_only=True)
class ClusterHandle:
    """A running cluster as seen by in-cluster services: they never import a cloud SDK."""

    name: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    provider: k8s.Provider
    pool_names: Mapping[str, pulumi.Output[str]]
    scheduling: Mapping[str, PoolScheduling]
    system_node_selector: Mapping[str, str]
    # Resources add-ons wait for (node pools), so operators are scheduled once nodes can exist.
    nodes_ready: Sequence[pulumi.Resource] = field(default_factory=tuple)


class NamedPool(Protocol):
    """What every cloud's AcceleratorPool exposes: the pool's name on that cloud."""

    @property
    def pool_name(self) -> pulumi.Output[str]: ...


def cluster_handle(
    plan: ClusterPlan,
    *,
    name: pulumi.Output[str],
    endpoint: pulumi.Output[str],
    kubeconfig: pulumi.Output[str],
    provider: k8s.Provider,
    pools: Mapping[str, NamedPool],
    nodes_ready: Sequence[pulumi.Resource],
) -> ClusterHandle:
    """The handle a cloud's `build` returns; scheduling keys and the system selector come from the plan alone."""
    return ClusterHandle(
        name=name,
        endpoint=endpoint,
        kubeconfig=kubeconfig,
        provider=provider,
        pool_names={pool: built.pool_name for pool, built in pools.items()},
        scheduling=plan_scheduling(plan),
        system_node_selector=plan.system.labels,
        nodes_ready=tuple(nodes_ready),
    )
