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
"""

from __future__ import annotations

from dataclasses import dataclass

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


def live_scaling(cluster_name: str, node_group_name: str) -> LiveScaling | None:
    """The group's live scaling, or None while the cluster or the group does not exist (the first deploy)."""
    if cluster_name not in aws.eks.get_clusters().names:
        return None
    if node_group_name not in aws.eks.get_node_groups(cluster_name=cluster_name).names:
        return None
    [scaling] = aws.eks.get_node_group(cluster_name=cluster_name, node_group_name=node_group_name).scaling_configs
    return LiveScaling(desired=scaling.desired_size, min=scaling.min_size, max=scaling.max_size)
