"""How each cloud realises a pool's capacity preference list, and what it cannot express (stated in `plan`).

Every cloud builds one node group per tier of the pool (same pool label and taints, its own capacity and name; later
tiers start at zero) and orders them with its node autoscaler:
- AWS: EKS managed node groups behind the Cluster Autoscaler's priority expander (its chart writes the ConfigMap).
- GCP: GKE node pools tied to one custom ComputeClass per listed pool (node label and NoSchedule taint
  `cloud.google.com/compute-class=<class>`), whose `spec.priorities` name the pools in order; the pool's pods select
  the class. A reserved tier is a node pool with specific reservation affinity to the named reservation.
- Azure: AKS user pools behind the managed autoscaler's `priority` expander (autoscaler profile), reading the
  `cluster-autoscaler-priority-expander` ConfigMap the platform writes in kube-system, one regex per pool's scale set.
No tier is left unrealised today, so `PREFERENCE_DEGRADATION` has no rows; a cloud that cannot order tiers gets one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from components.catalog.sources import READ
from components.catalog.types import Source
from components.spec.enums import Cloud

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
