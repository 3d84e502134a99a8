"""The desired size sent for an accelerator node group: the live one, kept within the blueprint's bounds.

Why not `ignore_changes` on `scalingConfig.desiredSize`: the autoscaler owns that value once the group exists, but
Pulumi's ignore keeps the *previous input* (the size at creation), not the live one. Any later edit of
`minNodes`/`maxNodes` then sends that stale size with the new bounds: EKS rejects `minSize` above it
("Minimum capacity 2 can't be greater than desired size 0", terraform-aws-modules/terraform-aws-eks#748, #944),
or, below the bounds' limits, resets a busy group to its creation size. So the program reads the group's live
scaling (three read-only EKS calls, none of which needs the group to exist) and sends the live desired size
clamped to the new bounds: an unchanged group sees no difference, a raised `minNodes` raises the desired size with
it, a lowered `maxNodes` lowers it, and the Cluster Autoscaler keeps whatever it scaled to otherwise.
Sources: https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html,
https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html

Every group is looked up at once, before any group registers (`live_scalings`): one list of clusters, one list of
the cluster's groups, then one read per group that exists. A synchronous invoke pumps the program's event loop, and
one lookup per pool between the pools' registrations made a render's cost grow faster than its pools (a 100-pool
stack: 111 ms a pool against 47 ms without the per-pool lookups, benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pulumi_aws as aws


@dataclass(frozen=True)
class LiveScaling:
    """A node group's scaling as EKS reports it now."""

    desired: int
    min: int
    max: int


def desired_size(min_nodes: int, max_nodes: int, live: LiveScaling | None) -> int:
    """`min_nodes` for a new group; otherwise the live desired size clamped to [min_nodes, max_nodes]."""
    if live is None:
        return min_nodes
    return max(min_nodes, min(live.desired, max_nodes))


def live_scalings(cluster_name: str, node_group_names: Sequence[str]) -> Mapping[str, LiveScaling | None]:
    """Each group's live scaling by name, None for a group that does not exist yet (every group on a first deploy)."""
    existing: set[str] = set()
    if cluster_name in aws.eks.get_clusters().names:
        existing = set(aws.eks.get_node_groups(cluster_name=cluster_name).names)
    return MappingProxyType({
        group: _live(cluster_name, group) if group in existing else None for group in dict.fromkeys(node_group_names)
    })


def _live(cluster_name: str, node_group_name: str) -> LiveScaling:
    [scaling] = aws.eks.get_node_group(cluster_name=cluster_name, node_group_name=node_group_name).scaling_configs
    return LiveScaling(desired=scaling.desired_size, min=scaling.min_size, max=scaling.max_size)
