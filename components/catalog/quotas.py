"""Which of the cloud's own quotas a node of a shape draws on, per capacity tier, and how much of each.

A quota is named by the code the cloud's quota API returns, so a file exported from the account (see
``docs/preflight.md``) compares key for key: AWS Service Quotas codes (vCPUs per instance family), GCP regional
Compute Engine metrics (GPUs, TPU chips) or Cloud Quotas IDs with their dimension, Azure ``Microsoft.Compute``
usage names (vCPUs per VM family, and the regional totals). Reserved capacity needs no quota at deploy time: the
reservation drew the quota when it was created (EC2 On-Demand Capacity Reservations count against the On-Demand
quota, GCP reservations and Azure capacity reservation groups consume quota on creation).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from components.catalog.capacity import RESERVATION_TIERS
from components.catalog.sources import READ
from components.catalog.types import Shape, Source
from components.spec.enums import Accelerator, Capacity, Cloud

AWS_QUOTAS = Source(
    "Amazon EC2 service quotas: vCPU-based On-Demand and Spot instance quotas (Service Quotas codes)",
    "https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html",
    READ,
)
AWS_ODCR_QUOTA = Source(
    "Amazon EC2 On-Demand Capacity Reservations: reservations count against On-Demand instance quotas",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-reservations-limits.html",
    READ,
)
GCP_GPU_QUOTAS = Source(
    "Compute Engine: GPU quota (regional NVIDIA_*_GPUS and PREEMPTIBLE_NVIDIA_*_GPUS metrics)",
    "https://cloud.google.com/compute/resource-usage#gpu_quota",
    READ,
)
GCP_TPU_QUOTAS = Source(
    "GKE: plan TPUs, ensure quota (TPU_LITE_PODSLICE_V5 metrics; v6e Cloud Quotas IDs by TPU family)",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/plan-tpus",
    READ,
)
GCP_TPU_V5P_QUOTAS = Source(
    "Compute Engine Cloud Quotas IDs for TPU v5p: TPU-V5P-per-project-region and "
    "PREEMPTIBLE-TPU-V5P-per-project-region (v5p has its own pair and is not a tpu_family of "
    "TPUS-PER-TPU-FAMILY-per-project-region). UNVERIFIED against a Google page: re-checked 2026-12-07, neither "
    "Cloud TPU quotas (tpu/docs/quota) nor GKE's plan-tpus page as readable here names a v5p ID; the IDs are those "
    "public projects read from `gcloud beta quotas info list --service=compute.googleapis.com` in 2026-08, which "
    "also list zonal twins (TPU-V5P-per-project-zone, PREEMPTIBLE-TPU-V5P-per-project-zone); confirm with that "
    "command before filing an increase",
    "https://cloud.google.com/docs/quotas/view-manage",
    date(2026, 12, 7),
)
AZURE_VCPU_QUOTAS = Source(
    "Azure: vCPU quotas per VM family and region; spot VMs draw on the regional lowPriorityCores quota",
    "https://learn.microsoft.com/azure/virtual-machines/quotas",
    READ,
)


class Unit(StrEnum):
    VCPUS = "vCPUs"
    GPUS = "GPUs"
    TPU_CHIPS = "TPU chips"


@dataclass(frozen=True)
class Quota:
    """One quota as the cloud names it: the key an exported quota file uses, its display name and unit."""

    cloud: Cloud
    code: str
    name: str
    unit: Unit
    source: Source
    dimension: str = ""  # a Cloud Quotas dimension, e.g. tpu_family=CT6E (the same ID covers several families)

    @property
    def key(self) -> str:
        """The key of this quota in a quota file: the code, with its dimension in brackets when it has one."""
        return f"{self.code}[{self.dimension}]" if self.dimension else self.code


def _aws(code: str, name: str) -> Quota:
    return Quota(Cloud.AWS, code, name, Unit.VCPUS, AWS_QUOTAS)


_AWS_P_ON_DEMAND = _aws("L-417A185B", "Running On-Demand P instances")
_AWS_P_SPOT = _aws("L-7212CCBC", "All P Spot Instance Requests")
_AWS_G_ON_DEMAND = _aws("L-DB2E81BA", "Running On-Demand G and VT instances")
_AWS_G_SPOT = _aws("L-3819A6DF", "All G and VT Spot Instance Requests")
_AWS_STANDARD_ON_DEMAND = _aws("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances")
_AWS_STANDARD_SPOT = _aws("L-34B43A08", "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests")

AWS_FAMILY_QUOTAS: Mapping[tuple[str, Capacity], Quota] = MappingProxyType(
    {
        ("p", Capacity.ON_DEMAND): _AWS_P_ON_DEMAND,
        ("p", Capacity.SPOT): _AWS_P_SPOT,
        ("g", Capacity.ON_DEMAND): _AWS_G_ON_DEMAND,
        ("g", Capacity.SPOT): _AWS_G_SPOT,
        ("m", Capacity.ON_DEMAND): _AWS_STANDARD_ON_DEMAND,
        ("m", Capacity.SPOT): _AWS_STANDARD_SPOT,
    }
)
"""(instance family letter, tier) -> the vCPU quota an EC2 instance of that family draws on."""


def _gcp(code: str, name: str, unit: Unit = Unit.GPUS, source: Source = GCP_GPU_QUOTAS, dimension: str = "") -> Quota:
    return Quota(Cloud.GCP, code, name, unit, source, dimension)


def _gcp_gpu(metric: str, what: str) -> Mapping[Capacity, Quota]:
    return {
        Capacity.ON_DEMAND: _gcp(metric, f"{what} GPUs"),
        Capacity.SPOT: _gcp(f"PREEMPTIBLE_{metric}", f"Preemptible {what} GPUs"),
    }


def _gcp_tpu(on_demand: Quota, spot: Quota) -> Mapping[Capacity, Quota]:
    return {Capacity.ON_DEMAND: on_demand, Capacity.SPOT: spot}


_TPU = Unit.TPU_CHIPS
_FAMILY_ID = "TPUS-PER-TPU-FAMILY-per-project-region"

GCP_ACCELERATOR_QUOTAS: Mapping[Accelerator, Mapping[Capacity, Quota]] = MappingProxyType(
    {
        Accelerator.H100_80GB: _gcp_gpu("NVIDIA_H100_GPUS", "NVIDIA H100 80GB"),
        Accelerator.A100_80GB: _gcp_gpu("NVIDIA_A100_80GB_GPUS", "NVIDIA A100 80GB"),
        Accelerator.A100_40GB: _gcp_gpu("NVIDIA_A100_GPUS", "NVIDIA A100"),
        Accelerator.L4: _gcp_gpu("NVIDIA_L4_GPUS", "NVIDIA L4"),
        Accelerator.T4: _gcp_gpu("NVIDIA_T4_GPUS", "NVIDIA T4"),
        Accelerator.TPU_V5E: _gcp_tpu(
            _gcp("TPU_LITE_PODSLICE_V5", "TPU v5 Lite PodSlice chips", _TPU, GCP_TPU_QUOTAS),
            _gcp("PREEMPTIBLE_TPU_LITE_PODSLICE_V5", "Preemptible TPU v5 Lite PodSlice chips", _TPU, GCP_TPU_QUOTAS),
        ),
        Accelerator.TPU_V5P: _gcp_tpu(
            _gcp("TPU-V5P-per-project-region", "TPU v5p chips", _TPU, GCP_TPU_V5P_QUOTAS),
            _gcp("PREEMPTIBLE-TPU-V5P-per-project-region", "Preemptible TPU v5p chips", _TPU, GCP_TPU_V5P_QUOTAS),
        ),
        Accelerator.TPU_V6E: _gcp_tpu(
            _gcp(_FAMILY_ID, "TPU v6e chips", _TPU, GCP_TPU_QUOTAS, "tpu_family=CT6E"),
            _gcp("PREEMPTIBLE-TPU-V6E-per-project-region", "Preemptible TPU v6e chips", _TPU, GCP_TPU_QUOTAS),
        ),
    }
)
"""Accelerator -> tier -> the regional GCP quota counting its GPUs or TPU chips."""

GCP_QUOTA_TIER: Mapping[Capacity, Capacity] = MappingProxyType({Capacity.FLEX_START: Capacity.SPOT})
"""Tiers that draw on another tier's GCP quota: flex-start VMs consume preemptible quota
(https://cloud.google.com/compute/docs/instances/about-flex-start-vms, read 2026-12-07)."""

GCP_SYSTEM_QUOTAS: Mapping[Capacity, Quota] = MappingProxyType(
    {Capacity.ON_DEMAND: _gcp("N2_CPUS", "N2 CPUs", Unit.VCPUS)}
)
"""The system pool's N2 vCPUs (the GPU and TPU shapes are bounded by their accelerator quota above)."""


def _azure(code: str, name: str) -> Quota:
    return Quota(Cloud.AZURE, code, name, Unit.VCPUS, AZURE_VCPU_QUOTAS)


AZURE_REGIONAL = _azure("cores", "Total Regional vCPUs")
AZURE_SPOT = _azure("lowPriorityCores", "Total Regional Low-priority vCPUs")

AZURE_FAMILY_QUOTAS: Mapping[str, Quota] = MappingProxyType(
    {
        "Standard_ND96isr_H100_v5": _azure("standardNDSH100v5Family", "Standard NDSH100v5 Family vCPUs"),
        "Standard_ND96amsr_A100_v4": _azure("standardNDAMSv4_A100Family", "Standard NDAMSv4_A100 Family vCPUs"),
        "Standard_ND96asr_v4": _azure("standardNDASv4_A100Family", "Standard NDASv4_A100 Family vCPUs"),
        **{
            f"Standard_NC{n}ads_A100_v4": _azure("StandardNCADSA100v4Family", "Standard NCADS_A100_v4 Family vCPUs")
            for n in (24, 48, 96)
        },
        **{
            f"Standard_NC{n}as_T4_v3": _azure("standardNCASv3_T4Family", "Standard NCASv3_T4 Family vCPUs")
            for n in (4, 64)
        },
        **{f"Standard_D{n}s_v5": _azure("standardDSv5Family", "Standard DSv5 Family vCPUs") for n in (4, 8, 16)},
    }
)
"""VM size -> the per-family vCPU quota (``az vm list-usage`` ``name.value``; compared case-insensitively)."""


@dataclass(frozen=True)
class Draw:
    """A node of a shape in a tier draws ``per_node`` of ``quota``."""

    quota: Quota
    per_node: int


class UnknownQuotaError(LookupError):
    """The catalog knows no quota for a shape in a tier (a catalog gap, reported by preflight, never guessed)."""


def quota_draws(shape: Shape, capacity: Capacity) -> tuple[Draw, ...]:
    """The quotas one node of ``shape`` draws on in ``capacity``; none for a reservation tier (reserved, an AWS
    Capacity Block): the reservation holds the capacity, created or bought outside the stack (AWS's Capacity Blocks
    pages name no quota for launches into a block)."""
    if capacity in RESERVATION_TIERS:
        return ()
    try:
        return _DRAWS[shape.cloud](shape, capacity)
    except KeyError:
        raise UnknownQuotaError(
            f"the catalog names no {shape.cloud} quota for {shape.machine_type} ({capacity})"
        ) from None


def _aws_draws(shape: Shape, capacity: Capacity) -> tuple[Draw, ...]:
    return (Draw(AWS_FAMILY_QUOTAS[(shape.machine_type[0], capacity)], shape.vcpus),)


def _gcp_draws(shape: Shape, capacity: Capacity) -> tuple[Draw, ...]:
    if shape.accelerator is None:
        return (Draw(GCP_SYSTEM_QUOTAS[capacity], shape.vcpus),)
    tier = GCP_QUOTA_TIER.get(capacity, capacity)
    return (Draw(GCP_ACCELERATOR_QUOTAS[shape.accelerator][tier], shape.accelerator_count),)


def _azure_draws(shape: Shape, capacity: Capacity) -> tuple[Draw, ...]:
    if capacity is Capacity.SPOT:  # spot draws on the regional low-priority quota only, not the family's
        return (Draw(AZURE_SPOT, shape.vcpus),)
    return (Draw(AZURE_FAMILY_QUOTAS[shape.machine_type], shape.vcpus), Draw(AZURE_REGIONAL, shape.vcpus))


_DRAWS = MappingProxyType({Cloud.AWS: _aws_draws, Cloud.GCP: _gcp_draws, Cloud.AZURE: _azure_draws})

LONG_LEAD_ACCELERATORS: frozenset[Accelerator] = frozenset({Accelerator.H100_80GB})
"""H100-class accelerators whose reserved capacity is granted weeks ahead (Capacity Blocks, GCP future
reservations, Azure capacity reservations are subject to regional stock): preflight warns on them."""

LEAD_TIME_SOURCES: Mapping[Cloud, Source] = MappingProxyType(
    {
        Cloud.AWS: Source(
            "Amazon EC2 Capacity Blocks for ML: reserve up to 8 weeks in advance, 1 to 182 days",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-capacity-blocks.html",
            READ,
        ),
        Cloud.GCP: Source(
            "Compute Engine: future reservations for GPUs and TPUs (requested in advance, reviewed by Google)",
            "https://cloud.google.com/compute/docs/instances/future-reservations-overview",
            READ,
        ),
        Cloud.AZURE: Source(
            "Azure on-demand capacity reservation: subject to regional capacity and quota at creation",
            "https://learn.microsoft.com/azure/virtual-machines/capacity-reservation-overview",
            READ,
        ),
    }
)
