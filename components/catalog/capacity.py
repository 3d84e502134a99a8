"""How each cloud realises a pool's capacity preference list, and what it cannot express (stated in `plan`).

Every cloud builds one node group per tier of the pool (same pool label and taints, its own capacity and name; later
tiers start at zero) and orders them with its node autoscaler:
- AWS: EKS managed node groups behind the Cluster Autoscaler's priority expander (its chart writes the ConfigMap).
- GCP: GKE node pools tied to one custom ComputeClass per listed pool (node label and NoSchedule taint
  `cloud.google.com/compute-class=<class>`), whose `spec.priorities` name the pools in order; the pool's pods select
  the class. A reserved tier is a node pool with specific reservation affinity to the named reservation.
- Azure: AKS user pools behind the managed autoscaler's `priority` expander (autoscaler profile), reading the
  `cluster-autoscaler-priority-expander` ConfigMap the platform writes in kube-system, one regex per pool's scale set.
A flex-start tier (GKE only) is a node pool with `flexStart` and a 7-day `maxRunDuration`, no reservation, in the
same ComputeClass order. No tier is left unrealised today, so `PREFERENCE_DEGRADATION` has no rows; a cloud that
cannot order tiers gets one.

AWS, per tier:

| tier | node group `capacityType` | launch template | node group `instanceTypes` |
|---|---|---|---|
| spot | `SPOT` | no type | the equivalents the region offers |
| on-demand | `ON_DEMAND` | no type | the primary |
| reserved | `ON_DEMAND` (reservation's AZ) | `capacityReservationTarget` (ODCR) | the primary |
| capacity-block | `CAPACITY_BLOCK` (block's AZ) | `marketType: capacity-block`, target, type | none (in the template) |

A Capacity Block (``CAPACITY_BLOCKS``) runs only inside its window: before it starts, the autoscaler's scale-up fails
and it falls back to the next tier; EKS scales the group to zero 40 minutes before the end (EC2 terminates what is
left 30 minutes before). `plan` says so for every pool with the tier.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from components.catalog.sources import READ
from components.catalog.types import Source
from components.spec.enums import RESERVATION_TIERS as RESERVATION_TIERS  # re-exported with the tiers' facts
from components.spec.enums import Capacity, Cloud

READ_TIERS = date(2026, 12, 7)
"""When the ComputeClass CRD fields and the AKS expander facts below were read."""

PRIORITY_EXPANDER = Source(
    "Cluster Autoscaler: priority based expander (ConfigMap cluster-autoscaler-priority-expander)",
    "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/expander/priority/readme.md",
    READ,
)
GKE_COMPUTE_CLASS = Source(
    "GKE custom ComputeClasses: priority list of node configurations; manually created node pools join a class by "
    "the node label and NoSchedule taint cloud.google.com/compute-class=<class>",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/about-custom-compute-classes",
    READ_TIERS,
)
GKE_COMPUTE_CLASS_CRD = Source(
    "GKE ComputeClass CRD (cloud.google.com/v1): spec.priorities[].nodepools (alone in its rule), "
    "reservations.affinity Specific|AnyBestEffort|None, spot, flexStart, whenUnsatisfiable, nodePoolAutoCreation",
    "https://cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass",
    READ_TIERS,
)
AKS_PRIORITY_EXPANDER = Source(
    "AKS cluster autoscaler profile: one expander of least-waste, most-pods, priority, random (no list, "
    "Azure/AKS#2610); 'priority' reads the user's cluster-autoscaler-priority-expander ConfigMap in kube-system "
    "(Azure/AKS#1931, shipped)",
    "https://learn.microsoft.com/azure/aks/cluster-autoscaler",
    READ_TIERS,
)
AKS_SCALE_SET_NAMES = Source(
    "Cluster Autoscaler on AKS: a node group is the pool's scale set, named aks-<pool>-<hash>-vmss",
    "https://github.com/kubernetes/autoscaler/pull/1896",
    READ_TIERS,
)

GKE_MIN_COMPUTE_CLASS_VERSION = "1.30.3-gke.1451000"
"""Custom ComputeClasses exist in GKE Standard from this version (about-custom-compute-classes); every supported
minor in the catalog is newer."""
COMPUTE_CLASS_PREFIX = "mlplatform-"
"""ComputeClass names may not start with `gke` or `autopilot`, and `default` is the cluster-wide default class: the
prefix keeps any pool name clear of both; with GKE's 40-character pool names it stays within a label value's 63."""
AKS_EXPANDER = "priority"
AKS_SCALE_SET = "(?i)^aks-{pool}-[0-9a-z]+-vmss$"
"""The priority expander's regex for one AKS pool's scale set (pool names are alphanumerics, so `aks-gpu-` never
matches `aks-gpuod-`)."""
def compute_class_name(pool: str) -> str:
    """The GKE ComputeClass that orders a listed pool's node pools."""
    return f"{COMPUTE_CLASS_PREFIX}{pool}"


PREFERENCE_DEGRADATION: Mapping[Cloud, str] = MappingProxyType({})
"""Clouds where a preference list is not realised: what is lost, said in `plan` (none today: all three order it)."""

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

RESERVATION_COVERAGE: Mapping[Cloud, Source] = MappingProxyType({
    Cloud.AWS: Source(
        "Amazon EC2 On-Demand Capacity Reservations: a reservation is for one instance type in one AZ; the catalog's "
        "GPU types (p4d, p4de, p5, g5, g6) are reservable (Capacity Blocks, a narrower list, are CAPACITY_BLOCKS)",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-capacity-reservations.html",
        READ_TIERS,
    ),
    Cloud.GCP: Source(
        "Compute Engine reservations of GPU VMs (A2, A3, G2, N1 with T4) and TPU reservations, consumed by a GKE node "
        "pool with specific reservation affinity",
        "https://cloud.google.com/kubernetes-engine/docs/how-to/consuming-reservations",
        READ_TIERS,
    ),
    Cloud.AZURE: Source(
        "Azure on-demand capacity reservation, limitations: GPU series supported are NC v3, NCasT4_v3, NCADSA10_v4, "
        "NC_A100_v4, NV v3 and newer, NVadsA10_v5, NVads V710 v5, NGads V620_v1; not supported: ND-series, "
        "NCads H100 v5, Hb, Hc (page dated 2026-02-17)",
        "https://learn.microsoft.com/azure/virtual-machines/capacity-reservation-overview",
        date(2026, 2, 17),
    ),
})
"""Where each cloud's reservations cover the catalog's shapes; a reserved tier on a shape outside is rejected."""

UNRESERVABLE: Mapping[Cloud, Mapping[str, re.Pattern[str]]] = MappingProxyType({
    Cloud.AZURE: MappingProxyType({
        "ND-series": re.compile(r"^Standard_ND"),
        "NCads H100 v5-series": re.compile(r"^Standard_NC\d+ads_H100_v5$"),
    }),
})
"""Cloud -> VM series its reservations do not cover (``RESERVATION_COVERAGE``), matched on the machine type. AWS
and GCP reserve every shape of the catalog."""


def unreservable_series(cloud: Cloud, machine_type: str) -> str | None:
    """The series of ``machine_type`` the cloud offers no reservation for, or None where it can be reserved."""
    return next((series for series, pattern in UNRESERVABLE.get(cloud, {}).items()
                 if pattern.match(machine_type)), None)

FLEX_START_SOURCE = Source(
    "GKE flex-start provisioning mode (Dynamic Workload Scheduler): a Standard node pool created with flex-start "
    "gets GPU nodes when capacity frees up, each running at most seven days (maxRunDuration, default 7 days); GPUs "
    "need GKE 1.32.2-gke.1652000 or later, TPUs 1.33.0-gke.1712000 in a few zones only (v3 and v4 not supported); "
    "nodes do not consume reservations",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/dws",
    READ_TIERS,
)
FLEX_START_VMS_SOURCE = Source(
    "Compute Engine flex-start VMs: every accelerator-optimized machine type except A4X and G4 (not N1 with T4), "
    "at a discount for A4, A3 and A2; run up to seven days; consume preemptible quota",
    "https://cloud.google.com/compute/docs/instances/about-flex-start-vms",
    READ_TIERS,
)
FLEX_START_SDK = "pulumi-gcp 10.2.0: NodePoolNodeConfig.flexStart and maxRunDuration (gcp:container/nodePool)"
"""The SDK fields the flex-start tier is built with (the pinned provider has both)."""
FLEX_START_SERIES: frozenset[str] = frozenset({"a2", "a3", "a4", "g2"})
"""GKE machine series (prefix before the first `-`) flex-start is offered on among GPU machines
(``FLEX_START_VMS_SOURCE``: accelerator-optimized, not A4X or G4). TPUs are left out: GKE offers TPU flex-start only
for v5e/v6e in named zones (``FLEX_START_SOURCE``), which the blueprint does not model."""
FLEX_START_MAX_RUN = "604800s"
"""A flex-start node's run limit, seven days (the documented maximum and default), sent explicitly so GKE's read-back
matches."""
FLEX_START_WINDOW = (
    "waits until GKE finds GPU capacity (the autoscaler falls back to the next tier meanwhile) and each node runs "
    "at most 7 days before GKE removes it, so checkpoint and expect the pods to move; billed at Dynamic Workload "
    "Scheduler prices, draws on the preemptible GPU quota"
)
"""What `plan` says of every pool with a flex-start tier (``FLEX_START_SOURCE``)."""
FLEX_START_ALTERNATIVES: Mapping[Cloud, str] = MappingProxyType({
    Cloud.AWS: "AWS offers spot, on-demand, reserved (an On-Demand Capacity Reservation) and capacity-block (a "
    "Capacity Block for ML, AWS's time-boxed GPU capacity)",
    Cloud.AZURE: "Azure offers spot, on-demand and reserved (a capacity reservation group)",
})
"""What a cloud without flex-start offers instead, said in its rejection."""


def flex_start_offered(machine_type: str) -> bool:
    """True when GKE offers flex-start on the machine type's series (``FLEX_START_SERIES``)."""
    return machine_type.split("-", 1)[0] in FLEX_START_SERIES

TIER_WINDOWS: Mapping[Capacity, str] = MappingProxyType({
    Capacity.CAPACITY_BLOCK: CAPACITY_BLOCK_WINDOW,
    Capacity.FLEX_START: FLEX_START_WINDOW,
})
"""Tiers that run only in a window of time, and what `plan` says of each such node group."""
