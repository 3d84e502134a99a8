"""How each cloud realises a pool's capacity preference list, and what it cannot express (stated in `plan`).

AWS builds one EKS managed node group per tier (same pool label and taints, its own capacity type) and orders them
with the Cluster Autoscaler's priority expander. GKE and AKS run their own node autoscalers; the ordering they
offer (a GKE custom ComputeClass priority list; the AKS autoscaler profile's priority expander with its
ConfigMap) is not built by the platform yet, so there the pool runs in its preferred tier only and `plan` says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog.sources import READ
from components.catalog.types import Source
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
