"""Helm charts the platform installs, pinned to a version from the chart's official repository, and the
Cluster Autoscaler image per Kubernetes minor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from components.catalog import services as svc
from components.catalog import sources_versions as vsrc
from components.catalog.errors import CatalogError
from components.catalog.types import Source


@dataclass(frozen=True)
class Chart:
    """A pinned Helm chart: name in its repository, repository URL, chart version."""

    name: str
    repository: str
    version: str
    source: Source
    app_version: str = ""


CLUSTER_AUTOSCALER = "cluster-autoscaler"
NVIDIA_DEVICE_PLUGIN = "nvidia-device-plugin"
CERT_MANAGER = "cert-manager"
KSERVE_CRD = "kserve-crd"
KSERVE = "kserve-resources"
KSERVE_RUNTIMES = "kserve-runtime-configs"
KUBERAY_OPERATOR = "kuberay-operator"
KUBERAY_TPU_WEBHOOK = "kuberay-tpu-webhook"
NODE_TERMINATION_HANDLER = "aws-node-termination-handler"

CHARTS: Mapping[str, Chart] = MappingProxyType(
    {
        CLUSTER_AUTOSCALER: Chart(
            CLUSTER_AUTOSCALER,
            "https://kubernetes.github.io/autoscaler",
            "9.59.0",
            vsrc.CLUSTER_AUTOSCALER_TAGS,
            app_version="1.35.0",
        ),
        # 0.18.2 -> 0.20.0: what changed in the chart's values is in the source's title.
        NVIDIA_DEVICE_PLUGIN: Chart(
            NVIDIA_DEVICE_PLUGIN,
            "https://nvidia.github.io/k8s-device-plugin",
            "0.20.0",
            vsrc.NVIDIA_DEVICE_PLUGIN_0_20,
            app_version="0.20.0",
        ),
        CERT_MANAGER: Chart(CERT_MANAGER, "https://charts.jetstack.io", "v1.21.1", svc.CERT_MANAGER_CHART, "v1.21.1"),
        KSERVE_CRD: Chart(KSERVE_CRD, "oci://ghcr.io/kserve/charts", "v0.20.0", svc.KSERVE_CHARTS, "v0.20.0"),
        KSERVE: Chart(KSERVE, "oci://ghcr.io/kserve/charts", "v0.20.0", svc.KSERVE_CHARTS, "v0.20.0"),
        KSERVE_RUNTIMES: Chart(KSERVE_RUNTIMES, "oci://ghcr.io/kserve/charts", "v0.20.0", svc.KSERVE_CHARTS, "v0.20.0"),
        KUBERAY_OPERATOR: Chart(
            KUBERAY_OPERATOR, "https://ray-project.github.io/kuberay-helm/", "1.7.0", svc.KUBERAY_CHART, "v1.7.0"
        ),
        # Webhook 1.3.1 is the one its README pairs with KubeRay >= 1.4 (v4 to v7x TPUs).
        KUBERAY_TPU_WEBHOOK: Chart(
            KUBERAY_TPU_WEBHOOK, "oci://us-docker.pkg.dev/ai-on-gke/kuberay-tpu-webhook-helm", "0.3.1",
            svc.TPU_WEBHOOK, "1.3.1",
        ),
        # AWS only: queue-mode interruption handling for spot node groups (components/aws/interruption.py).
        NODE_TERMINATION_HANDLER: Chart(
            NODE_TERMINATION_HANDLER, "https://aws.github.io/eks-charts", "0.27.6",
            vsrc.NODE_TERMINATION_HANDLER_CHART, "1.25.6",
        ),
    }
)


def chart(name: str) -> Chart:
    """The pinned chart called ``name``; raises CatalogError listing the pinned charts."""
    try:
        return CHARTS[name]
    except KeyError:
        raise CatalogError(f"chart {name!r} is not pinned in the catalog; pinned: {', '.join(CHARTS)}") from None


@dataclass(frozen=True)
class ImagePin:
    """An image tag pinned for one Kubernetes minor; ``verified`` is False when the tag was not seen in a source."""

    tag: str
    source: Source
    verified: bool = True


# The autoscaler's minor must match the cluster's Kubernetes minor (upstream's compatibility rule);
# the chart's default image follows its appVersion, so the tag is set per cluster version.
CLUSTER_AUTOSCALER_IMAGES: Mapping[str, ImagePin] = MappingProxyType({
    "1.34": ImagePin("v1.34.5", vsrc.CLUSTER_AUTOSCALER_TAGS),
    "1.35": ImagePin("v1.35.2", vsrc.CLUSTER_AUTOSCALER_TAGS),
    "1.36": ImagePin("v1.36.1", vsrc.CLUSTER_AUTOSCALER_TAGS),
    "1.37": ImagePin("v1.37.0", vsrc.CLUSTER_AUTOSCALER_1_37, verified=False),
})

CLUSTER_AUTOSCALER_IMAGE_TAGS: Mapping[str, str] = MappingProxyType(
    {minor: pin.tag for minor, pin in CLUSTER_AUTOSCALER_IMAGES.items()}
)
"""Kubernetes MAJOR.MINOR -> Cluster Autoscaler image tag (the latest patch of the matching minor)."""


def cluster_autoscaler_image_tag(kubernetes_version: str) -> str:
    """The Cluster Autoscaler image tag for a MAJOR.MINOR cluster version."""
    try:
        return CLUSTER_AUTOSCALER_IMAGE_TAGS[kubernetes_version]
    except KeyError:
        known = ", ".join(CLUSTER_AUTOSCALER_IMAGE_TAGS)
        raise CatalogError(f"no Cluster Autoscaler image pinned for Kubernetes {kubernetes_version}; "
                           f"pinned for: {known}") from None
