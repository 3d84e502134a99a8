"""The differences between the clouds that the blueprint cannot hide, listed rather than discovered.

Each trait is a fact the cloud folders and the parity report rely on: who installs the GPU driver and the
device plugin, who autoscales nodes, whether TPUs exist, how spot eviction is announced, and name limits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.errors import CatalogError
from components.catalog.types import Source
from components.spec.enums import Cloud


class Manager(StrEnum):
    """Who provides a piece of node software."""

    CLOUD = "cloud"  # the managed service installs and upgrades it
    PLATFORM = "platform"  # this platform installs it (a pinned Helm chart)
    NODE_IMAGE = "node-image"  # baked into the node image the platform selects


@dataclass(frozen=True)
class NameRule:
    """A name constraint: length bounds and a full-match pattern, with the rule in the user's words."""

    min_length: int
    max_length: int
    pattern: str
    description: str
    source: Source

    def problems(self, name: str) -> tuple[str, ...]:
        """Why ``name`` breaks the rule (empty when it is valid)."""
        found: list[str] = []
        if not self.min_length <= len(name) <= self.max_length:
            found.append(f"{name!r} has {len(name)} characters; {self.min_length}-{self.max_length} allowed")
        if re.fullmatch(self.pattern, name) is None:
            found.append(f"{name!r} does not match the rule: {self.description}")
        return tuple(found)


@dataclass(frozen=True)
class CloudTraits:
    """Unavoidable per-cloud differences, each with the page that states it."""

    cloud: Cloud
    kubernetes_service: str
    gpu_driver: Manager
    gpu_driver_note: str
    device_plugin: Manager
    device_plugin_note: str
    node_autoscaler: Manager
    node_autoscaler_note: str
    tpus: bool
    # True when a node pool may name no zone and let the cloud place nodes anywhere in the region; the plan
    # then leaves a pool zoneless unless the catalog read the zones its shape is offered in.
    zoneless_pools: bool
    spot_eviction_notice_seconds: int
    spot_eviction_note: str
    interconnect_note: str
    node_pool_name: NameRule
    cluster_name: NameRule
    sources: tuple[Source, ...]
    # True when a regional pool's node count is per zone (GKE's nodeCount): the nodes that run, and are billed,
    # are the blueprint's count rounded up to a multiple of the zones.
    node_count_per_zone: bool = False


_EKS_NODEGROUP = NameRule(
    1,
    63,
    r"[0-9A-Za-z][A-Za-z0-9\-_]*",
    "starts with a letter or digit; then letters, digits, hyphens and underscores; at most 63 characters",
    src.EKS_NODEGROUP_API,
)
_EKS_CLUSTER = NameRule(
    1,
    100,
    r"[0-9A-Za-z][A-Za-z0-9\-_]*",
    "starts with a letter or digit; then letters, digits, hyphens and underscores; at most 100 characters",
    src.EKS_CLUSTER_API,
)
_GKE_NODE_POOL = NameRule(
    1,
    40,
    r"[a-z]([-a-z0-9]*[a-z0-9])?",
    "lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit; at most 40",
    src.GKE_NODE_POOL_API,
)
_GKE_CLUSTER = NameRule(
    1,
    40,
    r"[a-z]([-a-z0-9]*[a-z0-9])?",
    "lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit; at most 40",
    src.GKE_NAMING,
)
_AKS_LINUX_POOL = NameRule(
    1,
    12,
    r"[a-z][a-z0-9]*",
    "lowercase letters and digits only, starting with a letter; 1-12 characters (Linux pools)",
    src.AKS_NODE_POOLS,
)
_AKS_CLUSTER = NameRule(
    1,
    63,
    r"[A-Za-z0-9]([A-Za-z0-9_\-]*[A-Za-z0-9])?",
    "letters, digits, underscores and hyphens; starts and ends with a letter or digit; 1-63 characters",
    src.AZURE_NAMING_RULES,
)

TRAITS: Mapping[Cloud, CloudTraits] = MappingProxyType(
    {
        Cloud.AWS: CloudTraits(
            cloud=Cloud.AWS,
            kubernetes_service="EKS",
            gpu_driver=Manager.NODE_IMAGE,
            gpu_driver_note="the EKS-optimized accelerated AL2023 (NVIDIA) AMI ships the NVIDIA driver and "
            "container toolkit",
            device_plugin=Manager.PLATFORM,
            device_plugin_note="the NVIDIA device plugin is not part of the AMI: the platform installs the "
            "nvidia-device-plugin chart",
            node_autoscaler=Manager.PLATFORM,
            node_autoscaler_note="managed node groups do not scale by themselves: the platform installs "
            "Cluster Autoscaler",
            tpus=False,
            zoneless_pools=False,  # node groups take subnets, and every subnet is in one zone
            spot_eviction_notice_seconds=120,
            spot_eviction_note="two-minute interruption notice in instance metadata and EventBridge; "
            "managed node groups drain on rebalance recommendation",
            interconnect_note="EFA (P5: up to 3200 Gbps, P4d/P4de: 400 Gbps) needs EFA interfaces in the launch "
            "template and the EFA device plugin; nodes of one group in one AZ for best bandwidth",
            node_pool_name=_EKS_NODEGROUP,
            cluster_name=_EKS_CLUSTER,
            sources=(
                src.EKS_GPU_AMI,
                src.EKS_AUTOSCALING,
                src.AWS_SPOT_INTERRUPTIONS,
                src.AWS_EFA,
                src.EKS_NODEGROUP_API,
                src.EKS_CLUSTER_API,
            ),
        ),
        Cloud.GCP: CloudTraits(
            cloud=Cloud.GCP,
            kubernetes_service="GKE",
            gpu_driver=Manager.CLOUD,
            gpu_driver_note="GKE installs the NVIDIA driver when the node pool's guest accelerator sets "
            "gpuDriverInstallationConfig (DEFAULT or LATEST)",
            device_plugin=Manager.CLOUD,
            device_plugin_note="GKE runs its own NVIDIA device plugin on GPU nodes; installing another conflicts",
            node_autoscaler=Manager.CLOUD,
            node_autoscaler_note="node pool autoscaling (min/max per pool) is GKE's cluster autoscaler",
            tpus=True,
            zoneless_pools=False,  # a pool without nodeLocations inherits the cluster's, shape or not
            node_count_per_zone=True,
            spot_eviction_notice_seconds=30,
            spot_eviction_note="Spot VMs get a 30-second preemption notice (ACPI G2 soft off); GKE drains the node "
            "with graceful node shutdown",
            interconnect_note="A3 High: GPUDirect-TCPX with 4 extra NICs (multi-networking); TPUs use ICI within "
            "a slice, multi-host slices are one atomic node pool",
            node_pool_name=_GKE_NODE_POOL,
            cluster_name=_GKE_CLUSTER,
            sources=(
                src.GKE_GPUS,
                src.GKE_CLUSTER_AUTOSCALER,
                src.GKE_SPOT_VMS,
                src.GKE_TPUS,
                src.GCP_A3_NETWORKING,
                src.GKE_NODE_POOL_API,
            ),
        ),
        Cloud.AZURE: CloudTraits(
            cloud=Cloud.AZURE,
            kubernetes_service="AKS",
            gpu_driver=Manager.CLOUD,
            gpu_driver_note="AKS installs the NVIDIA driver on GPU node pools unless gpu driver install is skipped",
            device_plugin=Manager.PLATFORM,
            device_plugin_note="AKS does not run the NVIDIA device plugin: the platform installs the "
            "nvidia-device-plugin chart (or the GPU Operator with driver install skipped)",
            node_autoscaler=Manager.CLOUD,
            node_autoscaler_note="node pool autoscaling (enableAutoScaling, min/max count) is AKS's managed "
            "cluster autoscaler",
            tpus=False,
            zoneless_pools=True,  # a pool without availabilityZones is a regional scale set
            spot_eviction_notice_seconds=30,
            spot_eviction_note="Spot VMs get at least 30 seconds of notice through Scheduled Events (Preempt), on "
            "which AKS node auto-drain cordons and drains the node; spot pools are tainted "
            "kubernetes.azure.com/scalesetpriority=spot:NoSchedule",
            interconnect_note="ND H100 v5: InfiniBand NDR 400 Gb/s per GPU; ND A100 v4 / NDm A100 v4: HDR 200 Gb/s "
            "per GPU; RDMA needs the InfiniBand drivers (Network Operator) on the nodes",
            node_pool_name=_AKS_LINUX_POOL,
            cluster_name=_AKS_CLUSTER,
            sources=(
                src.AKS_GPUS,
                src.AKS_CLUSTER_AUTOSCALER,
                src.AKS_SPOT,
                src.AZURE_SPOT_EVICTION,
                src.AKS_NODE_POOLS,
                src.AZURE_NAMING_RULES,
            ),
        ),
    }
)


def traits(cloud: Cloud) -> CloudTraits:
    """The listed differences of ``cloud``."""
    try:
        return TRAITS[cloud]
    except KeyError:
        raise CatalogError(f"no traits for cloud {cloud!r}; known: {', '.join(TRAITS)}") from None
