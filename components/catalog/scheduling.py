"""Every node label and taint token the platform uses or must match, per cloud.

Neutral labels (``mlplatform.io/...``) are set by the platform on every pool; the cloud's own labels and
taints (spot, GPU, TPU) are listed here so selectors and tolerations match what each cloud really applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from components.spec.enums import Accelerator, AcceleratorKind, Capacity, Cloud

LABEL_ACCELERATOR = "mlplatform.io/accelerator"
LABEL_CAPACITY = "mlplatform.io/capacity"
LABEL_POOL = "mlplatform.io/pool"

NO_SCHEDULE = "NoSchedule"

GPU_RESOURCE = "nvidia.com/gpu"
TPU_RESOURCE = "google.com/tpu"
GKE_ACCELERATOR_LABEL = "cloud.google.com/gke-accelerator"
GKE_TPU_ACCELERATOR_LABEL = "cloud.google.com/gke-tpu-accelerator"
GKE_TPU_TOPOLOGY_LABEL = "cloud.google.com/gke-tpu-topology"
GKE_SPOT_LABEL = "cloud.google.com/gke-spot"
# The node label and taint key that tie a node pool to a GKE ComputeClass; pods select the class by this label.
GKE_COMPUTE_CLASS_LABEL = "cloud.google.com/compute-class"
EKS_CAPACITY_TYPE_LABEL = "eks.amazonaws.com/capacityType"
# The label the Cluster Autoscaler (AWS) reads to know a node will have GPUs before the device plugin runs.
EKS_AUTOSCALER_GPU_LABEL = "k8s.amazonaws.com/accelerator"
AKS_SCALESET_PRIORITY = "kubernetes.azure.com/scalesetpriority"


@dataclass(frozen=True)
class Taint:
    """A Kubernetes taint; ``effect`` in Kubernetes spelling (NoSchedule, PreferNoSchedule, NoExecute)."""

    key: str
    value: str
    effect: str = NO_SCHEDULE

    def __str__(self) -> str:
        return f"{self.key}={self.value}:{self.effect}"


_ACCELERATOR_TAINTS: Mapping[tuple[Cloud, AcceleratorKind], tuple[Taint, ...]] = MappingProxyType(
    {
        (Cloud.AWS, AcceleratorKind.GPU): (Taint(GPU_RESOURCE, "true"),),
        (Cloud.AZURE, AcceleratorKind.GPU): (Taint(GPU_RESOURCE, "true"),),
        # GKE adds this taint itself to GPU node pools; the platform declares the same one.
        (Cloud.GCP, AcceleratorKind.GPU): (Taint(GPU_RESOURCE, "present"),),
        (Cloud.GCP, AcceleratorKind.TPU): (Taint(TPU_RESOURCE, "present"),),
    }
)

_CLOUD_ADDED_TAINTS: Mapping[tuple[Cloud, Capacity], tuple[Taint, ...]] = MappingProxyType(
    {(Cloud.AZURE, Capacity.SPOT): (Taint(AKS_SCALESET_PRIORITY, "spot"),)}
)

_CLOUD_LABELS: Mapping[tuple[Cloud, Capacity], Mapping[str, str]] = MappingProxyType(
    {
        (Cloud.AWS, Capacity.SPOT): MappingProxyType({EKS_CAPACITY_TYPE_LABEL: "SPOT"}),
        (Cloud.AWS, Capacity.ON_DEMAND): MappingProxyType({EKS_CAPACITY_TYPE_LABEL: "ON_DEMAND"}),
        (Cloud.AWS, Capacity.RESERVED): MappingProxyType({EKS_CAPACITY_TYPE_LABEL: "ON_DEMAND"}),
        (Cloud.GCP, Capacity.SPOT): MappingProxyType({GKE_SPOT_LABEL: "true"}),
        (Cloud.AZURE, Capacity.SPOT): MappingProxyType({AKS_SCALESET_PRIORITY: "spot"}),
    }
)


def accelerator_taints(cloud: Cloud, accelerator: Accelerator) -> tuple[Taint, ...]:
    """Taints an accelerator pool carries on ``cloud`` (empty when the cloud cannot host ``accelerator``)."""
    return _ACCELERATOR_TAINTS.get((cloud, accelerator.kind), ())


def cloud_added_taints(cloud: Cloud, capacity: Capacity) -> tuple[Taint, ...]:
    """Taints the cloud itself puts on nodes of ``capacity``; pods must tolerate them."""
    return _CLOUD_ADDED_TAINTS.get((cloud, capacity), ())


def cloud_labels(cloud: Cloud, capacity: Capacity) -> Mapping[str, str]:
    """Labels the cloud itself sets on nodes of ``capacity``, usable in node selectors."""
    return _CLOUD_LABELS.get((cloud, capacity), MappingProxyType({}))
