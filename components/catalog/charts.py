"""Helm charts the platform installs, pinned to a version from the chart's official repository."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

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
    }
)


def chart(name: str) -> Chart:
    """The pinned chart called ``name``; raises CatalogError listing the pinned charts."""
    try:
        return CHARTS[name]
    except KeyError:
        raise CatalogError(f"chart {name!r} is not pinned in the catalog; pinned: {', '.join(CHARTS)}") from None
