"""Each shape's vCPUs and memory agree with its machine type's name and with its series' published ratios.

A shape row restates vendor figures; what checks a figure without restating it is the vendor's naming and the
series' constant ratios, each read from the series page the row cites (``Shape.source``):

- vCPUs from the name: EC2 sizes are 4 vCPUs per `xlarge` (`12xlarge` = 48; AWS "Instance type naming
  conventions", https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html); GCP predefined types
  end in their vCPUs (`g2-standard-24`, `n2-standard-8`; https://cloud.google.com/compute/docs/machine-resource);
  Azure sizes carry their vCPUs after the family letters (`Standard_NC24ads_A100_v4`;
  https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions).
- memory per vCPU of a series (4 GiB on the general-purpose `standard`/`D...s v5`/`m7i` types and on G6/G4dn/G2,
  3.75 GB on N1), and vCPUs and memory per accelerator of the accelerator-optimized series (A2: 12 vCPUs and 85 GB
  per A100 40GB, 170 GB per A100 80GB; A3 High: 26 vCPUs, 234 GB per H100; P5: 256 GiB per H100; NC A100 v4: 24
  vCPUs, 220 GiB per A100; TPU v5e: 48 GiB per chip).

Shapes no rule covers have no independent record here (listed in tools/README.md): p4d/p4de (one size), ND-series,
NCasT4_v3 memory, the v5p/v6e TPU hosts, a2-megagpu-16g's vCPUs, g4dn.metal's vCPUs (a metal size has no multiplier).
"""

from __future__ import annotations

import re

import pytest

from components.catalog import ACCELERATOR_SHAPES, SYSTEM_SHAPES, shapes_aws, shapes_azure, shapes_gcp
from components.catalog.types import Shape
from components.spec.enums import Cloud

TABLES = (shapes_aws, shapes_azure, shapes_gcp)  # each cloud's own table, read here directly
SHAPES = sorted({s.machine_type: s for t in TABLES for s in [*(s for v in t.ACCELERATOR.values() for s in v),
                                                            *t.SYSTEM.values()]}.values(), key=lambda s: s.machine_type)
# series prefix -> GiB (GB on GCP) of memory per vCPU
MEMORY_PER_VCPU = {"m7i.": 4, "g6.": 4, "g4dn.": 4, "n2-standard-": 4, "g2-standard-": 4, "n1-standard-": 3.75,
                   "Standard_D": 4}
# series prefix -> (vCPUs, memory) per accelerator; None where the series has no constant
PER_ACCELERATOR = {"a2-highgpu-": (12, 85), "a2-ultragpu-": (12, 170), "a2-megagpu-": (None, 85),
                   "a3-highgpu-": (26, 234), "p5.": (None, 256), "ct5lp-hightpu-": (None, 48)}
NC_A100 = re.compile(r"^Standard_NC\d+ads_A100_v4$")


def _named_vcpus(shape: Shape) -> int | None:
    name = shape.machine_type
    if shape.cloud is Cloud.AWS:
        size = name.split(".", 1)[1]
        return None if size == "metal" else 4 * int(size.removesuffix("xlarge") or 1)
    if shape.cloud is Cloud.AZURE:
        return int(re.fullmatch(r"Standard_[A-Z]+(\d+)[a-z]*_.*", name)[1])  # type: ignore[index]
    standard = re.fullmatch(r"[a-z0-9]+-standard-(\d+)", name)
    return int(standard[1]) if standard else None


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.machine_type)
def test_vcpus_and_memory_agree_with_the_name_and_the_series(shape: Shape) -> None:
    checked = 0
    named = _named_vcpus(shape)
    if named is not None:
        assert shape.vcpus == named
        checked += 1
    for prefix, per_vcpu in MEMORY_PER_VCPU.items():
        if shape.machine_type.startswith(prefix):
            assert shape.memory_gib == pytest.approx(per_vcpu * shape.vcpus)
            checked += 1
    for prefix, (vcpus, memory) in PER_ACCELERATOR.items():
        if shape.machine_type.startswith(prefix):
            if vcpus is not None:
                assert shape.vcpus == vcpus * shape.accelerator_count
            if memory is not None:
                assert shape.memory_gib == memory * shape.accelerator_count
            checked += 1
    if NC_A100.match(shape.machine_type):
        assert (shape.vcpus, shape.memory_gib) == (24 * shape.accelerator_count, 220 * shape.accelerator_count)
        checked += 1
    assert checked or shape.machine_type in UNCHECKED, shape.machine_type


UNCHECKED = frozenset({"p4d.24xlarge", "p4de.24xlarge", "ct5p-hightpu-4t", "ct6e-standard-1t", "ct6e-standard-4t",
                       "ct6e-standard-8t"})


def test_every_accelerator_row_counts_the_accelerators_its_name_states() -> None:
    """GCP's `-<N>g` / `-<N>t` suffixes name the GPUs / TPU chips of a host."""
    for shape in SHAPES:
        suffix = re.search(r"-(\d+)[gt]$", shape.machine_type)
        if shape.cloud is Cloud.GCP and suffix is not None:
            assert shape.accelerator_count == int(suffix[1]), shape.machine_type


def test_a_shape_counts_accelerators_only_when_it_has_one() -> None:
    """A system shape (no accelerator) has no accelerator count or memory; an accelerator shape has both."""
    for shape in SHAPES:
        has = shape.accelerator is not None
        assert (shape.accelerator_count > 0, shape.accelerator_memory_gib > 0) == (has, has), shape.machine_type


def test_the_catalog_serves_exactly_the_per_cloud_tables() -> None:
    served = {s.machine_type for v in ACCELERATOR_SHAPES.values() for s in v} | {
        s.machine_type for s in SYSTEM_SHAPES.values()}
    assert served == {s.machine_type for s in SHAPES}
