"""GCP machine shapes: Compute Engine machine types (GPU VMs, TPU hosts) for GKE node pools.

GKE node pools take the GPU as a guest accelerator even when the machine type implies it (A2, A3, G2),
so every GPU row carries ``gcp_accelerator_type``. TPU rows are keyed by chips per host.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.types import Shape, Source, accelerator_shape
from components.spec.enums import Accelerator, Cloud, SystemSize

_GPU_TYPE: Mapping[Accelerator, str] = MappingProxyType(
    {
        Accelerator.H100_80GB: "nvidia-h100-80gb",
        Accelerator.A100_80GB: "nvidia-a100-80gb",
        Accelerator.A100_40GB: "nvidia-tesla-a100",
        Accelerator.L4: "nvidia-l4",
        Accelerator.T4: "nvidia-tesla-t4",
    }
)
def _gpu(
    machine_type: str, vcpus: int, memory_gib: float, accelerator: Accelerator, count: int, source: Source,
    interconnect: str = "",
) -> Shape:
    return accelerator_shape(
        Cloud.GCP, machine_type, vcpus, memory_gib, accelerator, count, source, interconnect,
        gcp_accelerator_type=_GPU_TYPE[accelerator],
    )


def _tpu(
    machine_type: str, vcpus: int, memory_gib: float, accelerator: Accelerator, chips: int, source: Source
) -> Shape:
    return accelerator_shape(
        Cloud.GCP, machine_type, vcpus, memory_gib, accelerator, chips, source, "TPU inter-chip interconnect (ICI)",
        tpu_chips_per_host=chips,
    )


def _cpu(machine_type: str, vcpus: int, memory_gib: float) -> Shape:
    return Shape(Cloud.GCP, machine_type, vcpus, memory_gib, src.GCP_GENERAL_PURPOSE_MACHINES)


_A3 = src.GCP_ACCELERATOR_MACHINES
_TCPX = "GPUDirect-TCPX, 4 x 200 Gbps GPU NICs (800 Gbps) + 100 Gbps host NIC"

ACCELERATOR: Mapping[tuple[Accelerator, int], tuple[Shape, ...]] = MappingProxyType(
    {
        (Accelerator.H100_80GB, 8): (_gpu("a3-highgpu-8g", 208, 1872, Accelerator.H100_80GB, 8, _A3, _TCPX),),
        (Accelerator.A100_80GB, 1): (_gpu("a2-ultragpu-1g", 12, 170, Accelerator.A100_80GB, 1, _A3),),
        (Accelerator.A100_80GB, 2): (_gpu("a2-ultragpu-2g", 24, 340, Accelerator.A100_80GB, 2, _A3),),
        (Accelerator.A100_80GB, 4): (_gpu("a2-ultragpu-4g", 48, 680, Accelerator.A100_80GB, 4, _A3),),
        (Accelerator.A100_80GB, 8): (_gpu("a2-ultragpu-8g", 96, 1360, Accelerator.A100_80GB, 8, _A3),),
        (Accelerator.A100_40GB, 1): (_gpu("a2-highgpu-1g", 12, 85, Accelerator.A100_40GB, 1, _A3),),
        (Accelerator.A100_40GB, 2): (_gpu("a2-highgpu-2g", 24, 170, Accelerator.A100_40GB, 2, _A3),),
        (Accelerator.A100_40GB, 4): (_gpu("a2-highgpu-4g", 48, 340, Accelerator.A100_40GB, 4, _A3),),
        (Accelerator.A100_40GB, 8): (_gpu("a2-highgpu-8g", 96, 680, Accelerator.A100_40GB, 8, _A3),),
        (Accelerator.A100_40GB, 16): (_gpu("a2-megagpu-16g", 96, 1360, Accelerator.A100_40GB, 16, _A3),),
        (Accelerator.L4, 1): (_gpu("g2-standard-4", 4, 16, Accelerator.L4, 1, _A3),),
        (Accelerator.L4, 2): (_gpu("g2-standard-24", 24, 96, Accelerator.L4, 2, _A3),),
        (Accelerator.L4, 4): (_gpu("g2-standard-48", 48, 192, Accelerator.L4, 4, _A3),),
        (Accelerator.L4, 8): (_gpu("g2-standard-96", 96, 384, Accelerator.L4, 8, _A3),),
        (Accelerator.T4, 1): (_gpu("n1-standard-4", 4, 15, Accelerator.T4, 1, src.GCP_GPU_MACHINES),),
        (Accelerator.TPU_V5E, 1): (_tpu("ct5lp-hightpu-1t", 24, 48, Accelerator.TPU_V5E, 1, src.GCP_TPU_V5E),),
        (Accelerator.TPU_V5E, 4): (_tpu("ct5lp-hightpu-4t", 112, 192, Accelerator.TPU_V5E, 4, src.GCP_TPU_V5E),),
        (Accelerator.TPU_V5E, 8): (_tpu("ct5lp-hightpu-8t", 224, 384, Accelerator.TPU_V5E, 8, src.GCP_TPU_V5E),),
        (Accelerator.TPU_V5P, 4): (_tpu("ct5p-hightpu-4t", 208, 448, Accelerator.TPU_V5P, 4, src.GCP_TPU_V5P),),
        (Accelerator.TPU_V6E, 1): (_tpu("ct6e-standard-1t", 44, 176, Accelerator.TPU_V6E, 1, src.GCP_TPU_V6E),),
        (Accelerator.TPU_V6E, 4): (_tpu("ct6e-standard-4t", 180, 720, Accelerator.TPU_V6E, 4, src.GCP_TPU_V6E),),
        (Accelerator.TPU_V6E, 8): (_tpu("ct6e-standard-8t", 180, 1440, Accelerator.TPU_V6E, 8, src.GCP_TPU_V6E),),
    }
)

SYSTEM: Mapping[SystemSize, Shape] = MappingProxyType(
    {
        SystemSize.SMALL: _cpu("n2-standard-4", 4, 16),
        SystemSize.MEDIUM: _cpu("n2-standard-8", 8, 32),
        SystemSize.LARGE: _cpu("n2-standard-16", 16, 64),
    }
)
