"""AWS machine shapes: EC2 instance types for accelerator and system pools.

Each accelerator row is the primary instance type, then the types a spot node group may also list (spot
diversification). An alternate must look the same to both schedulers: the Cluster Autoscaler builds an empty group's
node template from its first instance type and asks that every type of a group have the same vCPUs and memory
(``CA_MIXED_INSTANCES``); the Kubernetes scheduler also sees the GPU count and the EFA interfaces
(``vpc.amazonaws.com/efa``). Its accelerator is the row's own part or a strict superset of it
(``SPOT_SUPERSETS``: the same chip with more memory), so a pod sized for the row always fits. What was checked:

- A100 40 GB x8: p4de.24xlarge is the same A100 SXM4 part with 80 GB, the same 96 vCPUs, 1152 GiB and 4 EFA
  interfaces (400 Gbps) as p4d.24xlarge: listed.
- A100 80 GB x8: p4d.24xlarge has half the GPU memory: not listed.
- H100 x8: p5e/p5en.48xlarge carry H200 (141 GB) with p5's 192 vCPUs and 2048 GiB, but p5en exposes 16 EFA
  interfaces (16 x 200 Gbps EFAv3) where p5 exposes 32 (a pod asking 32 would never fit), and no feed the catalog
  reads prices or places p5e (AWS launched it through Capacity Blocks): neither is listed.
- L4 and T4: every other size with the same GPU count has more vCPUs and memory (g6.2xlarge, g6.24xlarge,
  g4dn.2xlarge...), which the autoscaler's template would misjudge: none listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.types import Shape, Source, accelerator_shape
from components.spec.enums import Accelerator, Cloud, SystemSize

CA_MIXED_INSTANCES = Source(
    "Cluster Autoscaler on AWS: Using Mixed Instances Policies and Spot Instances (every instance type of a group "
    "should have the same vCPUs and memory; the first type builds the node template)",
    "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md",
    src.READ,
)
SPOT_SUPERSETS: Mapping[Accelerator, frozenset[Accelerator]] = MappingProxyType({
    Accelerator.A100_40GB: frozenset({Accelerator.A100_80GB}),
})
"""Part -> the parts a spot alternate may carry instead: the same chip with more memory (``src.AWS_P4``)."""


def _gpu(
    machine_type: str, vcpus: int, memory_gib: float, accelerator: Accelerator, count: int, source: Source,
    interconnect: str = "",
) -> Shape:
    return accelerator_shape(Cloud.AWS, machine_type, vcpus, memory_gib, accelerator, count, source, interconnect)


def _cpu(machine_type: str, vcpus: int, memory_gib: float) -> Shape:
    return Shape(Cloud.AWS, machine_type, vcpus, memory_gib, src.AWS_GENERAL_PURPOSE_INSTANCES)


_EFA_P5 = "EFA, up to 3200 Gbps (32 x 100 Gbps), GPUDirect RDMA"
_EFA_P4 = "EFA, 400 Gbps (4 x 100 Gbps), GPUDirect RDMA"
_P4DE = _gpu("p4de.24xlarge", 96, 1152, Accelerator.A100_80GB, 8, src.AWS_P4, _EFA_P4)

ACCELERATOR: Mapping[tuple[Accelerator, int], tuple[Shape, ...]] = MappingProxyType(
    {
        (Accelerator.H100_80GB, 8): (
            _gpu("p5.48xlarge", 192, 2048, Accelerator.H100_80GB, 8, src.AWS_P5, _EFA_P5),
        ),
        (Accelerator.H100_80GB, 1): (
            _gpu("p5.4xlarge", 16, 256, Accelerator.H100_80GB, 1, src.AWS_P5, "EFA, 100 Gbps"),
        ),
        (Accelerator.A100_80GB, 8): (_P4DE,),
        (Accelerator.A100_40GB, 8): (
            _gpu("p4d.24xlarge", 96, 1152, Accelerator.A100_40GB, 8, src.AWS_P4, _EFA_P4),
            _P4DE,
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
