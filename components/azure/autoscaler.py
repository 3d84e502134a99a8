"""AKS's managed cluster autoscaler ordering a pool's capacity tiers: the `priority` expander and its ConfigMap.

AKS runs the Cluster Autoscaler itself; the cluster's autoscaler profile picks its expander. The API takes one
expander (least-waste, most-pods, priority or random; a list such as AWS's `priority,least-waste` is refused,
Azure/AKS#2610), so `priority` alone: each tier of a listed pool has its own priority, and a pending pod fits one pool
only (its node selector), so ties between other pools (all at 0, `.*`) pick among groups that cannot both fit it.
With `priority` the managed autoscaler reads the ConfigMap `cluster-autoscaler-priority-expander` in kube-system that
the cluster's owner writes (Azure/AKS#1931, "resolution/shipped"; learn.microsoft.com/azure/aks/cluster-autoscaler,
"expander"). Its regexes match node group names, which on AKS are the pools' scale sets, `aks-<pool>-<hash>-vmss`
(kubernetes/autoscaler#1896). The profile is set only on clusters with a listed pool: other stacks keep AKS's default.
What mocks cannot prove: that the managed autoscaler picks up the ConfigMap (it watches it, so the order changes
without a restart, readme of the priority expander); a user report says VMSS scaling dynamics still scale a regular
pool sometimes (Azure/AKS#4761), which the autoscaler's own fallback order cannot rule out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s
import yaml
from pulumi_azure_native import containerservice

from components.catalog.capacity import AKS_EXPANDER, AKS_SCALE_SET
from components.plan import ClusterPlan, PoolPlan

NAMESPACE = "kube-system"
CONFIG_MAP = "cluster-autoscaler-priority-expander"
PRIORITIES_KEY = "priorities"
PRIORITY_STEP = 10
ANY_GROUP = ".*"


def listed(pools: Sequence[PoolPlan]) -> tuple[PoolPlan, ...]:
    """Pools with more than one capacity tier: the ones the expander orders."""
    return tuple(p for p in pools if p.alternates)


def expander_priorities(pools: Sequence[PoolPlan]) -> dict[int, list[str]]:
    """Priority -> scale-set regexes: each listed pool's tiers, preferred highest; every other group at 0."""
    ordered = listed(pools)
    if not ordered:
        return {}
    depth = max(len(p.node_groups) for p in ordered)
    table: dict[int, list[str]] = {0: [ANY_GROUP]}
    for pool in ordered:
        for rank, group in enumerate(pool.node_groups):
            regex = AKS_SCALE_SET.format(pool=re.escape(group.cloud_name))
            table.setdefault((depth - rank) * PRIORITY_STEP, []).append(regex)
    return dict(sorted(table.items()))


def priorities_document(priorities: Mapping[int, Sequence[str]]) -> str:
    """The ConfigMap's `priorities` value: YAML of integer keys to regex lists, as the expander parses it."""
    return yaml.safe_dump({k: list(v) for k, v in priorities.items()}, sort_keys=True)


def autoscaler_profile(plan: ClusterPlan) -> containerservice.ManagedClusterPropertiesAutoScalerProfileArgs | None:
    """The cluster's autoscaler profile: the priority expander where a pool lists tiers, else AKS's defaults."""
    if not listed(plan.pools):
        return None
    return containerservice.ManagedClusterPropertiesAutoScalerProfileArgs(expander=AKS_EXPANDER)


@dataclass(frozen=True, kw_only=True)
class PriorityExpanderArgs:
    pools: Sequence[PoolPlan]
    provider: k8s.Provider
    after: Sequence[pulumi.Resource] = ()  # the API path and the pools the regexes name


class PriorityExpander(pulumi.ComponentResource):
    """The ConfigMap the managed autoscaler's priority expander reads."""

    config_map: k8s.core.v1.ConfigMap

    def __init__(self, name: str, args: PriorityExpanderArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:PriorityExpander", name, None, opts)
        self.config_map = k8s.core.v1.ConfigMap(
            name,
            metadata=k8s.meta.v1.ObjectMetaArgs(name=CONFIG_MAP, namespace=NAMESPACE),
            data={PRIORITIES_KEY: priorities_document(expander_priorities(args.pools))},
            opts=pulumi.ResourceOptions(parent=self, provider=args.provider, depends_on=list(args.after)),
        )
        self.register_outputs({"config_map": self.config_map.metadata.name})
