"""Sources of the Kubernetes support calendar and the pinned images and charts, each with its data date."""

from __future__ import annotations

from datetime import date

from components.catalog.sources import READ
from components.catalog.types import Source

CALENDARS_READ = date(2026, 12, 6)
"""The day the support calendars were last re-read; the date of a copy that carries no date of its own."""

EKS_CALENDAR = Source(
    "Amazon EKS Kubernetes release calendar: 1.33 released on EKS 2025-05-29, end of standard support 2026-07-29; "
    "1.34 released on EKS 2025-10-02, end of standard support 2026-12-02",
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar",
    READ,
)
EKS_EOL_DATES = Source(
    "endoflife.date amazon-eks (from the EKS calendar): 1.35 released on EKS 2026-01-28, end of standard support "
    "2027-03-27",
    "https://endoflife.date/amazon-eks",
    date(2026, 2, 14),
)
EKS_1_36 = Source(
    "endoflife.date amazon-eks (release table read from the EKS calendar; copy read 2026-12-06, latest platform "
    "1.36-eks-6): 1.36 released on EKS 2026-06-02, end of standard support 2027-08-02",
    "https://endoflife.date/amazon-eks",
    CALENDARS_READ,
)
GKE_EOL_DATES = Source(
    "endoflife.date google-kubernetes-engine (from the GKE release schedule; 'eol' is the end of standard support, "
    "'eoas' a derived end of active support two months earlier and not used here): Regular channel availability "
    "and end of standard support 1.33 2025-06-03 / 2026-08-03, 1.34 2025-09-30 / 2026-10-01, 1.35 2026-02-11 / "
    "2027-04-11 (Regular availability + 14 months)",
    "https://cloud.google.com/kubernetes-engine/docs/release-schedule",
    date(2026, 2, 19),
)
AKS_CALENDAR = Source(
    "AKS Kubernetes release calendar (supported-kubernetes-versions, ms.date 2026-08-05): AKS GA / end of life "
    "1.33 Jun 2025 / Jul 2026, 1.34 Nov 2025 / Nov 2026, 1.35 Mar 2026 / Mar 2027, 1.36 Jun 2026 / Jun 2027, 1.37 "
    "Oct 2026 / Oct 2027; a month without a day means its last day",
    "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions#aks-kubernetes-release-calendar",
    date(2026, 8, 5),
)
AKS_1_35_GA = Source(
    "AKS changelog (Azure/AKS PR #5703, 2026-04-07): 1.35 generally available, 1.32 deprecated; AKS supports "
    "three GA minors, each for 12 months",
    "https://github.com/Azure/AKS/pull/5703",
    date(2026, 4, 7),
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

NODE_TERMINATION_HANDLER_CHART = Source(
    "aws/aws-node-termination-handler config/helm/aws-node-termination-handler (repository snapshot of "
    "2026-07-21): chart 0.27.6, appVersion 1.25.6, published to the eks-charts repository",
    "https://github.com/aws/aws-node-termination-handler/tree/main/config/helm/aws-node-termination-handler",
    date(2026, 7, 21),
)
