"""TPU topologies: chip arithmetic, host machine types, labels, and the unknown-topology message."""

from __future__ import annotations

from math import prod

import pytest

from components.catalog import (
    ACCELERATOR_SHAPES,
    GKE_TPU_ACCELERATOR,
    TPU_TOPOLOGIES,
    UnknownTopology,
    topologies,
    tpu_topology,
)
from components.catalog.types import TpuTopology
from components.spec.enums import Accelerator, Cloud

HOST_CHIPS = {
    s.machine_type: s.tpu_chips_per_host
    for (cloud, _, _), shapes in ACCELERATOR_SHAPES.items()
    if cloud is Cloud.GCP
    for s in shapes
    if s.tpu_chips_per_host
}


@pytest.mark.parametrize("row", TPU_TOPOLOGIES.values(), ids=lambda t: f"{t.accelerator}-{t.topology}")
def test_chips_are_the_grid_and_hosts_carry_them(row: TpuTopology) -> None:
    assert row.chips == prod(int(d) for d in row.topology.split("x"))
    assert row.hosts * HOST_CHIPS[row.machine_type] == row.chips
    assert row.multi_host == (row.hosts > 1)
    host = next(
        s
        for (c, a, _), v in ACCELERATOR_SHAPES.items()
        if c is Cloud.GCP
        for s in v
        if s.machine_type == row.machine_type
    )
    assert host.accelerator is row.accelerator


def test_known_slices() -> None:
    assert (tpu_topology(Accelerator.TPU_V5E, "2x4").machine_type, tpu_topology(Accelerator.TPU_V5E, "2x4").hosts) == (
        "ct5lp-hightpu-8t",
        1,
    )
    assert tpu_topology(Accelerator.TPU_V5E, "16x16").hosts == 64
    assert tpu_topology(Accelerator.TPU_V5P, "2x2x1").hosts == 1
    assert tpu_topology(Accelerator.TPU_V5P, "4x4x4").hosts == 16
    assert tpu_topology(Accelerator.TPU_V6E, "8x16").chips == 128
    assert topologies(Accelerator.TPU_V6E)[0] == "1x1"
    assert topologies(Accelerator.H100_80GB) == ()


def test_gke_tpu_accelerator_labels() -> None:
    assert dict(GKE_TPU_ACCELERATOR) == {
        Accelerator.TPU_V5E: "tpu-v5-lite-podslice",
        Accelerator.TPU_V5P: "tpu-v5p-slice",
        Accelerator.TPU_V6E: "tpu-v6e-slice",
    }


def test_unknown_topology_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownTopology) as err:
        tpu_topology(Accelerator.TPU_V5E, "3x3")
    assert "'3x3'" in str(err.value) and "2x2, 2x4, 4x4" in str(err.value)
    with pytest.raises(UnknownTopology, match="is a GPU"):
        tpu_topology(Accelerator.L4, "2x2")
