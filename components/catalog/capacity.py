"""How each cloud realises a pool's capacity preference list, and what it cannot express (stated in `plan`).

AWS builds one EKS managed node group per tier (same pool label and taints, its own capacity type) and orders them
with the Cluster Autoscaler's priority expander. Per tier on AWS:

| tier | node group `capacityType` | launch template | node group `instanceTypes` |
|---|---|---|---|
| spot | `SPOT` | no type | the equivalents the region offers |
| on-demand | `ON_DEMAND` | no type | the primary |
| reserved | `ON_DEMAND` (reservation's AZ) | `capacityReservationTarget` (ODCR) | the primary |
| capacity-block | `CAPACITY_BLOCK` (block's AZ) | `marketType: capacity-block`, target, type | none (in the template) |

A Capacity Block (``CAPACITY_BLOCKS``) runs only inside its window: before it starts, the autoscaler's scale-up fails
and it falls back to the next tier; EKS scales the group to zero 40 minutes before the end (EC2 terminates what is
left 30 minutes before). `plan` says so for every pool with the tier.

GKE and AKS run their own node autoscalers; the ordering they offer (a GKE custom ComputeClass priority list;
the AKS autoscaler profile's priority expander with its ConfigMap) is not built by the platform
yet, so there the pool runs in its preferred tier only and `plan` says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog.sources import READ
from components.catalog.types import Source
from components.spec.enums import RESERVATION_TIERS as RESERVATION_TIERS  # re-exported with the tiers' facts
from components.spec.enums import Cloud

PRIORITY_EXPANDER = Source(
    "Cluster Autoscaler: priority based expander (ConfigMap cluster-autoscaler-priority-expander)",
    "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/expander/priority/readme.md",
    READ,
)
GKE_COMPUTE_CLASS = Source(
    "GKE custom ComputeClasses: priority list of node configurations (spot, on-demand, reservations)",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/about-custom-compute-classes",
    READ,
)
AKS_PRIORITY_EXPANDER = Source(
    "AKS cluster autoscaler profile: expander 'priority' with the cluster-autoscaler-priority-expander ConfigMap",
    "https://learn.microsoft.com/azure/aks/cluster-autoscaler",
    READ,
)

PREFERENCE_DEGRADATION: Mapping[Cloud, str] = MappingProxyType(
    {
        Cloud.GCP: "GKE would order tiers with a custom ComputeClass priority list (not built yet); the pool runs "
        "in its preferred tier only",
        Cloud.AZURE: "AKS would order tiers with its autoscaler profile's priority expander (not built yet); the "
        "pool runs in its preferred tier only",
    }
)
"""Clouds where a preference list is not yet realised: what is lost, said in `plan` (AWS is absent: realised)."""

CAPACITY_BLOCKS_SOURCE = Source(
    "Amazon EC2 Capacity Blocks for ML: supported instance types and Regions (p5.48xlarge in us-east-1, us-east-2, "
    "us-west-2, ap-northeast-1; p5e/p5en.48xlarge in us-east-2; p4d.24xlarge in us-east-2, us-west-2); instance "
    "counts 1, 2, 4, 8, 16, 32 or 64; 1 to 14 days in 1-day steps, then 7-day steps up to 182 days; ends 11:30 UTC",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-capacity-blocks.html",
    READ,
)
EKS_CAPACITY_BLOCKS_SOURCE = Source(
    "Amazon EKS: Create a managed node group with Capacity Blocks for ML (capacityType CAPACITY_BLOCK, a custom "
    "launch template with marketType capacity-block, the reservation ID and the instance type, subnets in the "
    "block's AZ only; EKS scales the group to 0 40 minutes before the end; desired size 0 to upgrade)",
    "https://docs.aws.amazon.com/eks/latest/userguide/capacity-blocks-mng.html",
    READ,
)
CAPACITY_BLOCK_PRICING = Source(
    "Amazon EC2 Capacity Blocks for ML pricing: an up-front reservation fee at the rate prevailing at purchase "
    "(updated regularly with supply and demand) plus the operating-system fee while instances run",
    "https://aws.amazon.com/ec2/capacityblocks/pricing/",
    READ,
)

CAPACITY_BLOCKS: Mapping[str, frozenset[str]] = MappingProxyType({
    "p5.48xlarge": frozenset({"us-east-1", "us-east-2", "us-west-2", "ap-northeast-1"}),
    "p5e.48xlarge": frozenset({"us-east-2"}),
    "p5en.48xlarge": frozenset({"us-east-2"}),
    "p4d.24xlarge": frozenset({"us-east-2", "us-west-2"}),
})
"""Instance type -> regions where Capacity Blocks sell it (``CAPACITY_BLOCKS_SOURCE``); GPU types only."""
CAPACITY_BLOCK_MAX_INSTANCES = 64
"""The largest Capacity Block (``CAPACITY_BLOCKS_SOURCE``): a group that may grow past it can never fill."""
CAPACITY_BLOCK_WINDOW = (
    "runs only inside the Capacity Block's window: before the start the autoscaler's scale-up fails and it falls back "
    "to the next tier; EKS scales the group to 0 forty minutes before the end (EC2 terminates what is left thirty "
    "minutes before), so checkpoint and expect the pods to move"
)
"""What `plan` says of every pool with a capacity-block tier (``EKS_CAPACITY_BLOCKS_SOURCE``)."""
