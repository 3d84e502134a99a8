"""Accelerator x cloud -> machine shapes, and the CPU system shape per cloud and size.

``ACCELERATOR_SHAPES[(cloud, accelerator, per_node)]`` is the primary shape first, then the equivalents a spot node
group may also list (spot diversification): the same accelerator count, vCPUs, memory and interconnect, and the same
part or the same chip with more memory (``shapes_aws.SPOT_SUPERSETS``), so a pod sized for the row fits any of them.
The cluster autoscaler assumes every node of a group has the same capacity, so larger siblings are not equivalents.
An alternate keeps its own accelerator: the pool's label names the row's part, the floor every node meets.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import shapes_aws, shapes_azure, shapes_gcp
from components.catalog.errors import UnsupportedShape
from components.catalog.types import Shape
from components.spec.enums import Accelerator, AcceleratorKind, Cloud, SystemSize

_BY_CLOUD = ((Cloud.AWS, shapes_aws), (Cloud.GCP, shapes_gcp), (Cloud.AZURE, shapes_azure))

ACCELERATOR_SHAPES: Mapping[tuple[Cloud, Accelerator, int], tuple[Shape, ...]] = MappingProxyType(
    {
        (cloud, accelerator, per_node): shapes
        for cloud, module in _BY_CLOUD
        for (accelerator, per_node), shapes in module.ACCELERATOR.items()
    }
)

SYSTEM_SHAPES: Mapping[tuple[Cloud, SystemSize], Shape] = MappingProxyType(
    {(cloud, size): shape for cloud, module in _BY_CLOUD for size, shape in module.SYSTEM.items()}
)


def offered(cloud: Cloud) -> Mapping[Accelerator, tuple[int, ...]]:
    """Accelerators offered on ``cloud`` with their per-node counts, both sorted."""
    counts: dict[Accelerator, list[int]] = {}
    for c, accelerator, per_node in ACCELERATOR_SHAPES:
        if c is cloud:
            counts.setdefault(accelerator, []).append(per_node)
    return MappingProxyType({a: tuple(sorted(counts[a])) for a in sorted(counts)})


def _describe(cloud: Cloud) -> str:
    return ", ".join(f"{a} x{'/'.join(map(str, n))}" for a, n in offered(cloud).items()) or "none"


def accelerator_shapes(cloud: Cloud, accelerator: Accelerator, per_node: int) -> tuple[Shape, ...]:
    """The primary shape then its spot-diversification equivalents; raises UnsupportedShape."""
    try:
        return ACCELERATOR_SHAPES[(cloud, accelerator, per_node)]
    except KeyError:
        counts = offered(cloud).get(accelerator)
        there = (
            f"{accelerator} comes {' / '.join(f'x{n}' for n in counts)} per node there"
            if counts
            else f"{cloud} does not offer {accelerator} at all"
        )
        raise UnsupportedShape(
            f"{accelerator} x{per_node} is not offered on {cloud}: {there}; {cloud} offers {_describe(cloud)}"
        ) from None


def system_shape(cloud: Cloud, size: SystemSize) -> Shape:
    """The CPU shape of the system pool for ``size``; raises UnsupportedShape."""
    try:
        return SYSTEM_SHAPES[(cloud, size)]
    except KeyError:
        sizes = sorted(str(s) for c, s in SYSTEM_SHAPES if c is cloud)
        raise UnsupportedShape(
            f"system size {size!s} has no shape on {cloud}; sizes: {', '.join(sizes) or 'none'}"
        ) from None


def gpu_alternatives(accelerator: Accelerator, per_node: int, cloud: Cloud) -> tuple[str, ...]:
    """GPU offerings on ``cloud`` as "nvidia-h100-80gb x8" strings, e.g. to replace a TPU pool off GCP.

    Offerings whose accelerator memory per node is at least that of ``per_node`` x ``accelerator`` come
    first, smallest first (the closest fit); the smaller ones follow, largest first.
    """
    wanted = per_node * _memory_per_accelerator(accelerator)
    primaries = [s[0] for (c, a, _), s in ACCELERATOR_SHAPES.items() if c is cloud and a.kind is AcceleratorKind.GPU]

    def rank(shape: Shape) -> tuple[bool, int, str]:
        total = shape.accelerator_count * shape.accelerator_memory_gib
        return (total < wanted, total if total >= wanted else -total, f"{shape.accelerator} x{shape.accelerator_count}")

    return tuple(f"{s.accelerator} x{s.accelerator_count}" for s in sorted(primaries, key=rank))


def _memory_per_accelerator(accelerator: Accelerator) -> int:
    return max(
        (s[0].accelerator_memory_gib for (_, a, _), s in ACCELERATOR_SHAPES.items() if a is accelerator), default=0
    )
