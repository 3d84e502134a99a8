"""AWS machine shapes: EC2 instance types for accelerator and system pools."""

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
    return accelerator_shape(Cloud.AWS, machine_type, vcpus, memory_gib, accelerator, count, source, interconnect)


def _cpu(machine_type: str, vcpus: int, memory_gib: float) -> Shape:
    return Shape(Cloud.AWS, machine_type, vcpus, memory_gib, src.AWS_GENERAL_PURPOSE_INSTANCES)


_EFA_P5 = "EFA, up to 3200 Gbps (32 x 100 Gbps), GPUDirect RDMA"
_EFA_P4 = "EFA, 400 Gbps (4 x 100 Gbps), GPUDirect RDMA"

ACCELERATOR: Mapping[tuple[Accelerator, int], tuple[Shape, ...]] = MappingProxyType(
    {
        (Accelerator.H100_80GB, 8): (
            _gpu("p5.48xlarge", 192, 2048, Accelerator.H100_80GB, 8, src.AWS_P5, _EFA_P5),
        ),
        (Accelerator.H100_80GB, 1): (
            _gpu("p5.4xlarge", 16, 256, Accelerator.H100_80GB, 1, src.AWS_P5, "EFA, 100 Gbps"),
        ),
        (Accelerator.A100_80GB, 8): (
            _gpu("p4de.24xlarge", 96, 1152, Accelerator.A100_80GB, 8, src.AWS_P4, _EFA_P4),
        ),
        (Accelerator.A100_40GB, 8): (
            _gpu("p4d.24xlarge", 96, 1152, Accelerator.A100_40GB, 8, src.AWS_P4, _EFA_P4),
        ),
        (Accelerator.L4, 1): (_gpu("g6.xlarge", 4, 16, Accelerator.L4, 1, src.AWS_G6),),
        (Accelerator.L4, 4): (_gpu("g6.12xlarge", 48, 192, Accelerator.L4, 4, src.AWS_G6),),
        (Accelerator.L4, 8): (_gpu("g6.48xlarge", 192, 768, Accelerator.L4, 8, src.AWS_G6),),
        (Accelerator.T4, 1): (_gpu("g4dn.xlarge", 4, 16, Accelerator.T4, 1, src.AWS_G4),),
        (Accelerator.T4, 4): (_gpu("g4dn.12xlarge", 48, 192, Accelerator.T4, 4, src.AWS_G4),),
        (Accelerator.T4, 8): (_gpu("g4dn.metal", 96, 384, Accelerator.T4, 8, src.AWS_G4, "EFA, 100 Gbps"),),
    }
)

SYSTEM: Mapping[SystemSize, Shape] = MappingProxyType(
    {
        SystemSize.SMALL: _cpu("m7i.xlarge", 4, 16),
        SystemSize.MEDIUM: _cpu("m7i.2xlarge", 8, 32),
        SystemSize.LARGE: _cpu("m7i.4xlarge", 16, 64),
    }
)
