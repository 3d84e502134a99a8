"""Helm charts the platform installs, pinned to a version from the chart's official repository."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from components.catalog import services as svc
from components.catalog import sources as src
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

CHARTS: Mapping[str, Chart] = MappingProxyType(
    {
        CLUSTER_AUTOSCALER: Chart(
            CLUSTER_AUTOSCALER,
            "https://kubernetes.github.io/autoscaler",
            "9.59.0",
            src.CLUSTER_AUTOSCALER_CHART,
            app_version="1.35.0",
        ),
        NVIDIA_DEVICE_PLUGIN: Chart(
            NVIDIA_DEVICE_PLUGIN,
            "https://nvidia.github.io/k8s-device-plugin",
            "0.18.2",
            src.NVIDIA_DEVICE_PLUGIN_CHART,
            app_version="0.18.2",
        ),
        CERT_MANAGER: Chart(CERT_MANAGER, "https://charts.jetstack.io", "v1.21.1", svc.CERT_MANAGER_CHART, "v1.21.1"),
        KSERVE_CRD: Chart(KSERVE_CRD, "oci://ghcr.io/kserve/charts", "v0.20.0", svc.KSERVE_CHARTS, "v0.20.0"),
        KSERVE: Chart(KSERVE, "oci://ghcr.io/kserve/charts", "v0.20.0", svc.KSERVE_CHARTS, "v0.20.0"),
        KSERVE_RUNTIMES: Chart(KSERVE_RUNTIMES, "oci://ghcr.io/kserve/charts", "v0.20.0", svc.KSERVE_CHARTS, "v0.20.0"),
        KUBERAY_OPERATOR: Chart(
            KUBERAY_OPERATOR, "https://ray-project.github.io/kuberay-helm/", "1.7.0", svc.KUBERAY_CHART, "v1.7.0"
        ),
    }
)


def chart(name: str) -> Chart:
    """The pinned chart called ``name``; raises CatalogError listing the pinned charts."""
    try:
        return CHARTS[name]
    except KeyError:
        raise CatalogError(f"chart {name!r} is not pinned in the catalog; pinned: {', '.join(CHARTS)}") from None


CLUSTER_AUTOSCALER_RELEASES = Source(
    "kubernetes/autoscaler releases (cluster-autoscaler images per Kubernetes minor)",
    "https://github.com/kubernetes/autoscaler/releases",
    src.READ,
)
# The autoscaler's minor must match the cluster's Kubernetes minor (upstream's compatibility rule);
# the chart's default image follows its appVersion, so the tag is set per cluster version.
CLUSTER_AUTOSCALER_IMAGE_TAGS: Mapping[str, str] = MappingProxyType({
    "1.34": "v1.34.5",
    "1.35": "v1.35.1",
    "1.36": "v1.36.1",
})


def cluster_autoscaler_image_tag(kubernetes_version: str) -> str:
    """The Cluster Autoscaler image tag for a MAJOR.MINOR cluster version."""
    try:
        return CLUSTER_AUTOSCALER_IMAGE_TAGS[kubernetes_version]
    except KeyError:
        known = ", ".join(CLUSTER_AUTOSCALER_IMAGE_TAGS)
        raise CatalogError(f"no Cluster Autoscaler image pinned for Kubernetes {kubernetes_version}; "
                           f"pinned for: {known}") from None
