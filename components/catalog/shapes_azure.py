"""Azure machine shapes: VM sizes for AKS node pools."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.types import Shape, Source, accelerator_shape
from components.spec.enums import Accelerator, Cloud, SystemSize


def _gpu(
    machine_type: str, vcpus: int, memory_gib: float, accelerator: Accelerator, count: int, source: Source,
    interconnect: str = "",
) -> Shape:
    return accelerator_shape(Cloud.AZURE, machine_type, vcpus, memory_gib, accelerator, count, source, interconnect)


def _cpu(machine_type: str, vcpus: int, memory_gib: float) -> Shape:
    return Shape(Cloud.AZURE, machine_type, vcpus, memory_gib, src.AZURE_DSV5)


_NDR = "InfiniBand NDR, 400 Gb/s per GPU (3.2 Tb/s per VM), GPUDirect RDMA"
_HDR = "InfiniBand HDR, 200 Gb/s per GPU (1.6 Tb/s per VM), GPUDirect RDMA"

ACCELERATOR: Mapping[tuple[Accelerator, int], tuple[Shape, ...]] = MappingProxyType(
    {
        (Accelerator.H100_80GB, 8): (
            _gpu("Standard_ND96isr_H100_v5", 96, 1900, Accelerator.H100_80GB, 8, src.AZURE_ND_H100_V5, _NDR),
        ),
        (Accelerator.A100_80GB, 8): (
            _gpu("Standard_ND96amsr_A100_v4", 96, 1900, Accelerator.A100_80GB, 8, src.AZURE_NDM_A100_V4, _HDR),
        ),
        (Accelerator.A100_80GB, 1): (
            _gpu("Standard_NC24ads_A100_v4", 24, 220, Accelerator.A100_80GB, 1, src.AZURE_NC_A100_V4),
        ),
        (Accelerator.A100_80GB, 2): (
            _gpu("Standard_NC48ads_A100_v4", 48, 440, Accelerator.A100_80GB, 2, src.AZURE_NC_A100_V4),
        ),
        (Accelerator.A100_80GB, 4): (
            _gpu("Standard_NC96ads_A100_v4", 96, 880, Accelerator.A100_80GB, 4, src.AZURE_NC_A100_V4),
        ),
        (Accelerator.A100_40GB, 8): (
            _gpu("Standard_ND96asr_v4", 96, 900, Accelerator.A100_40GB, 8, src.AZURE_ND_A100_V4, _HDR),
        ),
        (Accelerator.T4, 1): (_gpu("Standard_NC4as_T4_v3", 4, 28, Accelerator.T4, 1, src.AZURE_NCAST4_V3),),
        (Accelerator.T4, 4): (_gpu("Standard_NC64as_T4_v3", 64, 440, Accelerator.T4, 4, src.AZURE_NCAST4_V3),),
    }
)

SYSTEM: Mapping[SystemSize, Shape] = MappingProxyType(
    {
        SystemSize.SMALL: _cpu("Standard_D4s_v5", 4, 16),
        SystemSize.MEDIUM: _cpu("Standard_D8s_v5", 8, 32),
        SystemSize.LARGE: _cpu("Standard_D16s_v5", 16, 64),
    }
)
