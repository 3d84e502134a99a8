"""TPU slice topologies GKE offers per generation, and the GKE node label value of each generation.

A topology is the chip grid of one slice ("2x4", "4x4x4"). Single-host slices fit one VM; multi-host
slices span ``hosts`` VMs of the listed machine type, created atomically in one node pool.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import prod
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.errors import UnknownTopology
from components.catalog.types import Source, TpuTopology
from components.spec.enums import Accelerator, AcceleratorKind

GKE_TPU_ACCELERATOR: Mapping[Accelerator, str] = MappingProxyType(
    {
        Accelerator.TPU_V5E: "tpu-v5-lite-podslice",
        Accelerator.TPU_V5P: "tpu-v5p-slice",
        Accelerator.TPU_V6E: "tpu-v6e-slice",
    }
)
"""Value of the node label ``cloud.google.com/gke-tpu-accelerator`` per generation."""

# (topology, machine type, chips per host of that machine type); the slice's chips are the grid's product.
_V5E = (
    ("1x1", "ct5lp-hightpu-1t", 1),
    ("2x2", "ct5lp-hightpu-4t", 4),
    ("2x4", "ct5lp-hightpu-8t", 8),
    ("4x4", "ct5lp-hightpu-4t", 4),
    ("4x8", "ct5lp-hightpu-4t", 4),
    ("8x8", "ct5lp-hightpu-4t", 4),
    ("8x16", "ct5lp-hightpu-4t", 4),
    ("16x16", "ct5lp-hightpu-4t", 4),
)
_V5P = tuple(
    (topology, "ct5p-hightpu-4t", 4)
    for topology in (
        "2x2x1",
        "2x2x2",
        "2x2x4",
        "2x4x4",
        "4x4x4",
        "4x4x8",
        "4x8x8",
        "8x8x8",
        "8x8x16",
        "8x16x16",
        "16x16x16",
        "16x16x24",
    )
)
_V6E = (
    ("1x1", "ct6e-standard-1t", 1),
    ("2x2", "ct6e-standard-4t", 4),
    ("2x4", "ct6e-standard-8t", 8),
    ("4x4", "ct6e-standard-4t", 4),
    ("4x8", "ct6e-standard-4t", 4),
    ("8x8", "ct6e-standard-4t", 4),
    ("8x16", "ct6e-standard-4t", 4),
    ("16x16", "ct6e-standard-4t", 4),
)


def _rows(
    accelerator: Accelerator, rows: tuple[tuple[str, str, int], ...], source: Source
) -> dict[tuple[Accelerator, str], TpuTopology]:
    table: dict[tuple[Accelerator, str], TpuTopology] = {}
    for topology, machine_type, chips_per_host in rows:
        chips = prod(int(d) for d in topology.split("x"))
        hosts = max(1, chips // chips_per_host)
        table[(accelerator, topology)] = TpuTopology(accelerator, topology, chips, hosts, machine_type, source)
    return table


TPU_TOPOLOGIES: Mapping[tuple[Accelerator, str], TpuTopology] = MappingProxyType(
    {
        **_rows(Accelerator.TPU_V5E, _V5E, src.GKE_TPUS),
        **_rows(Accelerator.TPU_V5P, _V5P, src.GKE_TPUS),
        **_rows(Accelerator.TPU_V6E, _V6E, src.GKE_TPUS),
    }
)


def topologies(accelerator: Accelerator) -> tuple[str, ...]:
    """Topologies GKE offers for ``accelerator``, smallest slice first (empty for GPUs)."""
    rows = sorted((t for (a, _), t in TPU_TOPOLOGIES.items() if a is accelerator), key=lambda t: t.chips)
    return tuple(t.topology for t in rows)


def tpu_topology(accelerator: Accelerator, topology: str) -> TpuTopology:
    """The slice for ``topology`` on ``accelerator``; raises UnknownTopology listing the valid ones."""
    try:
        return TPU_TOPOLOGIES[(accelerator, topology)]
    except KeyError:
        if accelerator.kind is not AcceleratorKind.TPU:
            raise UnknownTopology(
                f"{accelerator} is a GPU and takes no TPU topology (asked for {topology!r}); "
                f"TPU generations: {', '.join(GKE_TPU_ACCELERATOR)}"
            ) from None
        valid = topologies(accelerator)
        raise UnknownTopology(
            f"topology {topology!r} is not offered for {accelerator}; valid: {', '.join(valid) or 'none'}"
        ) from None
