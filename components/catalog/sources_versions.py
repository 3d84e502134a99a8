"""Sources of the Kubernetes support calendar and the pinned images and charts, each with its data date."""

from __future__ import annotations

from datetime import date

from components.catalog.sources import READ
from components.catalog.types import Source

EKS_CALENDAR = Source(
    "Amazon EKS Kubernetes release calendar: 1.34 end of standard support 2026-12-02 (14 months after its EKS "
    "release; standard support then extended support)",
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar",
    READ,
)
EKS_EOL_DATES = Source(
    "endoflife.date amazon-eks (from the EKS calendar): 1.35 released on EKS 2026-01-28, end of standard support "
    "2027-03-27",
    "https://endoflife.date/amazon-eks",
    date(2026, 2, 14),
)
GKE_EOL_DATES = Source(
    "endoflife.date google-kubernetes-engine API (from the GKE release schedule, generated 2026-04-10): 1.34 end of "
    "standard support 2026-08-30, 1.35 end of standard support 2027-02-28",
    "https://endoflife.date/api/v1/products/google-kubernetes-engine",
    date(2026, 4, 10),
)
AKS_1_34_PREVIEW = Source(
    "AKS release notes 2025-09-21 (Azure/AKS PR #5294): Kubernetes 1.34 available in preview",
    "https://github.com/Azure/AKS/pull/5294",
    date(2025, 9, 25),
)
AKS_1_35_GA = Source(
    "AKS changelog (Azure/AKS PR #5703, 2026-04-07): 1.35 generally available, 1.32 deprecated; AKS supports "
    "three GA minors, each for 12 months",
    "https://github.com/Azure/AKS/pull/5703",
    date(2026, 4, 7),
)
AKS_2026_09_04 = Source(
    "AKS release notes 2026-09-04: patch versions 1.36.3, 1.35.7 and 1.34.10 available; 1.37 in preview (1.34 leaves "
    "support when 1.37 goes GA)",
    "https://github.com/Azure/AKS/releases/tag/2026-09-04",
    date(2026, 9, 4),
)
K8S_1_36 = Source("Kubernetes 1.36 release series (released 2026-04-22)", "https://kubernetes.io/releases/1.36/", READ)
K8S_1_37 = Source(
    "Kubernetes 1.37 release series (1.37.0 released 2026-08-26; end of life 2027-10-28)",
    "https://kubernetes.io/releases/1.37/",
    READ,
)
CLUSTER_AUTOSCALER_TAGS = Source(
    "kubernetes/autoscaler tags (repository snapshot of 2026-08-22): cluster-autoscaler-1.34.5, -1.35.2 and "
    "-1.36.1 released 2026-07-22; chart 9.59.0 (appVersion 1.35.0) on 2026-07-21",
    "https://github.com/kubernetes/autoscaler/releases",
    date(2026, 8, 22),
)
CLUSTER_AUTOSCALER_1_37 = Source(
    "Cluster Autoscaler 1.37.0: NOT VERIFIED. Upstream releases one autoscaler minor per Kubernetes minor, x.y.0 "
    "7 to 10 weeks after Kubernetes x.y (1.35: 7 weeks, 1.36: 10 weeks); Kubernetes 1.37.0 shipped 2026-08-26. The "
    "tag was not yet in the snapshot read (2026-08-22): check registry.k8s.io/autoscaling/cluster-autoscaler:v1.37.0",
    "https://github.com/kubernetes/autoscaler/releases",
    date(2026, 8, 22),
)
NVIDIA_DEVICE_PLUGIN_0_20 = Source(
    "nvidia-device-plugin chart 0.20.0 (tag v0.20.0 2026-08-19; in the https://nvidia.github.io/k8s-device-plugin "
    "index.yaml since 2026-08-20). Values changed since 0.18.2: added devicePlugin/gfd/mps.enableHostNetwork "
    "(commented, default false); removed nfd.enableNodeFeatureApi (GFD uses the NodeFeature API by default "
    "since 0.19.0); NFD subchart 0.17.3 -> 0.19.0 from oci://registry.k8s.io/nfd/charts; 0.19.2 always uses a "
    "dedicated service account. affinity, tolerations and priorityClassName (the keys the platform sets) are unchanged",
    "https://github.com/NVIDIA/k8s-device-plugin/blob/v0.20.0/CHANGELOG.md",
    date(2026, 8, 20),
)
