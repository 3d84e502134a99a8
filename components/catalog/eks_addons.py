"""EKS managed add-ons (vpc-cni, kube-proxy, CoreDNS, the community metrics-server, the node monitoring agent and the
EBS CSI driver):
the version pinned per Kubernetes minor.

Managed add-ons replace the self-managed copies EKS would otherwise bootstrap, so bumping the cluster's minor
(and this table with it) upgrades them in the same `pulumi up`. Each row is the Amazon EKS add-on version built for
that minor, as listed on the add-on's EKS user-guide page and seen resolved on clusters of that minor; before a
new row lands, check it with `aws eks describe-addon-versions --addon-name <name> --kubernetes-version <minor>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from components.catalog.errors import CatalogError
from components.catalog.types import Source

_READ = date(2026, 11, 30)

VPC_CNI = "vpc-cni"
KUBE_PROXY = "kube-proxy"
COREDNS = "coredns"
# A community add-on (AWS installs and upgrades it, the project supports it): the Metrics API that the HPA KServe
# creates per InferenceService reads. EKS ships no metrics-server of its own.
METRICS_SERVER = "metrics-server"
# Detects GPU (NVIDIA XID, DCGM), kernel, network and storage faults and sets node conditions; node auto repair acts
# only on conditions this agent reports (https://docs.aws.amazon.com/eks/latest/userguide/node-health.html).
NODE_MONITORING_AGENT = "eks-node-monitoring-agent"
# Provisions and attaches EBS volumes for PersistentVolumeClaims (MLflow's scratch volume): EKS installs no block
# storage driver of its own (https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html).
EBS_CSI_DRIVER = "aws-ebs-csi-driver"

SOURCES: Mapping[str, Source] = MappingProxyType({
    VPC_CNI: Source("Amazon EKS: Amazon VPC CNI versions (Amazon EKS add-on type, per Kubernetes version)",
                    "https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html", _READ),
    KUBE_PROXY: Source("Amazon EKS: kube-proxy versions (Amazon EKS add-on type, per Kubernetes version)",
                       "https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html", _READ),
    COREDNS: Source("Amazon EKS: CoreDNS versions (Amazon EKS add-on type, per Kubernetes version)",
                    "https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html", _READ),
    METRICS_SERVER: Source("Amazon EKS: community add-ons (add-on name metrics-server; versions per Kubernetes version "
                           "from describe-addon-versions)",
                           "https://docs.aws.amazon.com/eks/latest/userguide/community-addons.html", _READ),
    # The add-on's build tag is the image tag its Helm chart pins (nodeAgent.image.tag), one build for every
    # supported minor; release v1.7.0 published 2026-08-04 (pkg.go.dev/github.com/aws/eks-node-monitoring-agent).
    NODE_MONITORING_AGENT: Source(
        "aws/eks-node-monitoring-agent charts/eks-node-monitoring-agent/values.yaml nodeAgent.image.tag "
        "(the EKS add-on build)",
        "https://github.com/aws/eks-node-monitoring-agent/blob/main/charts/eks-node-monitoring-agent/values.yaml",
        _READ),
    # One driver build serves every supported minor. v1.57.1 is the newest release read (kubernetes-sigs/
    # aws-ebs-csi-driver PR #2895, merged 2026-03-20); the `-eksbuild.1` suffix is EKS's first build of it and was
    # not read offline: check it with `aws eks describe-addon-versions --addon-name aws-ebs-csi-driver`.
    EBS_CSI_DRIVER: Source(
        "Amazon EKS: Amazon EBS CSI driver add-on (aws-ebs-csi-driver); driver release v1.57.1 "
        "(kubernetes-sigs/aws-ebs-csi-driver#2895, 2026-03-20)",
        "https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html#add-ons-aws-ebs-csi-driver",
        _READ),
})

# (add-on, Kubernetes MAJOR.MINOR) -> add-on version.
ADDON_VERSIONS: Mapping[tuple[str, str], str] = MappingProxyType({
    (VPC_CNI, "1.34"): "v1.20.4-eksbuild.2",
    (KUBE_PROXY, "1.34"): "v1.34.0-eksbuild.2",
    (COREDNS, "1.34"): "v1.12.3-eksbuild.1",
    (VPC_CNI, "1.35"): "v1.21.1-eksbuild.3",
    (KUBE_PROXY, "1.35"): "v1.35.0-eksbuild.2",
    (COREDNS, "1.35"): "v1.13.2-eksbuild.1",
    (VPC_CNI, "1.36"): "v1.22.3-eksbuild.1",
    (KUBE_PROXY, "1.36"): "v1.36.0-eksbuild.13",
    (COREDNS, "1.36"): "v1.14.3-eksbuild.3",
    (METRICS_SERVER, "1.34"): "v0.8.0-eksbuild.2",
    (METRICS_SERVER, "1.35"): "v0.8.0-eksbuild.2",
    (METRICS_SERVER, "1.36"): "v0.8.0-eksbuild.2",
    (NODE_MONITORING_AGENT, "1.34"): "v1.7.0-eksbuild.1",
    (NODE_MONITORING_AGENT, "1.35"): "v1.7.0-eksbuild.1",
    (NODE_MONITORING_AGENT, "1.36"): "v1.7.0-eksbuild.1",
    (EBS_CSI_DRIVER, "1.34"): "v1.57.1-eksbuild.1",
    (EBS_CSI_DRIVER, "1.35"): "v1.57.1-eksbuild.1",
    (EBS_CSI_DRIVER, "1.36"): "v1.57.1-eksbuild.1",
})


EKS_ADDONS = (VPC_CNI, KUBE_PROXY, COREDNS, METRICS_SERVER, NODE_MONITORING_AGENT, EBS_CSI_DRIVER)


def eks_addon_pinned(kubernetes_version: str) -> bool:
    """True when every core add-on has a version pinned for the minor (a cluster of it can be built)."""
    return all((addon, kubernetes_version) in ADDON_VERSIONS for addon in EKS_ADDONS)


def addon_version(addon: str, kubernetes_version: str) -> str:
    """The pinned version of `addon` for a MAJOR.MINOR cluster; raises CatalogError naming the pinned minors."""
    try:
        return ADDON_VERSIONS[(addon, kubernetes_version)]
    except KeyError:
        pinned = sorted(minor for (name, minor) in ADDON_VERSIONS if name == addon)
        raise CatalogError(f"no EKS add-on {addon!r} pinned for Kubernetes {kubernetes_version}; "
                           f"pinned for: {', '.join(pinned) or 'none'}") from None
