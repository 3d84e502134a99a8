"""Shapes: vendor GPU counts, sources, botocore's EC2 model, lookups and their error messages."""

from __future__ import annotations

from datetime import date

import botocore.session  # type: ignore[import-untyped]
import pytest

from components.catalog import (
    ACCELERATOR_SHAPES,
    SYSTEM_SHAPES,
    UnsupportedShape,
    accelerator_shapes,
    gpu_alternatives,
    offered,
    shapes_aws,
    system_shape,
)
from components.catalog.types import Shape
from components.spec.enums import Accelerator, AcceleratorKind, Cloud, SystemSize

TODAY = date(2026, 11, 27)

# Machine type -> accelerators per node, as the vendors document them.
VENDOR_ACCELERATOR_COUNT = {
    "p5.48xlarge": 8,
    "p5.4xlarge": 1,
    "p4de.24xlarge": 8,
    "p4d.24xlarge": 8,
    "g4dn.xlarge": 1,
    "g4dn.12xlarge": 4,
    "g4dn.metal": 8,
    "g6.xlarge": 1,
    "g6.12xlarge": 4,
    "g6.48xlarge": 8,
    "a3-highgpu-8g": 8,
    "a2-ultragpu-1g": 1,
    "a2-ultragpu-2g": 2,
    "a2-ultragpu-4g": 4,
    "a2-ultragpu-8g": 8,
    "a2-highgpu-1g": 1,
    "a2-highgpu-2g": 2,
    "a2-highgpu-4g": 4,
    "a2-highgpu-8g": 8,
    "a2-megagpu-16g": 16,
    "g2-standard-4": 1,
    "g2-standard-24": 2,
    "g2-standard-48": 4,
    "g2-standard-96": 8,
    "n1-standard-4": 1,
    "ct5lp-hightpu-1t": 1,
    "ct5lp-hightpu-4t": 4,
    "ct5lp-hightpu-8t": 8,
    "ct5p-hightpu-4t": 4,
    "ct6e-standard-1t": 1,
    "ct6e-standard-4t": 4,
    "ct6e-standard-8t": 8,
    "Standard_ND96isr_H100_v5": 8,
    "Standard_ND96amsr_A100_v4": 8,
    "Standard_ND96asr_v4": 8,
    "Standard_NC24ads_A100_v4": 1,
    "Standard_NC48ads_A100_v4": 2,
    "Standard_NC96ads_A100_v4": 4,
    "Standard_NC4as_T4_v3": 1,
    "Standard_NC64as_T4_v3": 4,
}

REQUIRED_ROWS = {
    (Cloud.AWS, Accelerator.H100_80GB, 8): "p5.48xlarge",
    (Cloud.GCP, Accelerator.H100_80GB, 8): "a3-highgpu-8g",
    (Cloud.AZURE, Accelerator.H100_80GB, 8): "Standard_ND96isr_H100_v5",
    (Cloud.AWS, Accelerator.A100_80GB, 8): "p4de.24xlarge",
    (Cloud.GCP, Accelerator.A100_80GB, 8): "a2-ultragpu-8g",
    (Cloud.AZURE, Accelerator.A100_80GB, 8): "Standard_ND96amsr_A100_v4",
    (Cloud.AWS, Accelerator.A100_40GB, 8): "p4d.24xlarge",
    (Cloud.GCP, Accelerator.A100_40GB, 8): "a2-highgpu-8g",
    (Cloud.AZURE, Accelerator.A100_40GB, 8): "Standard_ND96asr_v4",
    (Cloud.AWS, Accelerator.T4, 1): "g4dn.xlarge",
    (Cloud.GCP, Accelerator.T4, 1): "n1-standard-4",
    (Cloud.AZURE, Accelerator.T4, 1): "Standard_NC4as_T4_v3",
    (Cloud.AWS, Accelerator.L4, 1): "g6.xlarge",
    (Cloud.GCP, Accelerator.L4, 1): "g2-standard-4",
}


def all_shapes() -> list[Shape]:
    return [s for shapes in ACCELERATOR_SHAPES.values() for s in shapes] + list(SYSTEM_SHAPES.values())


@pytest.mark.parametrize(("key", "machine_type"), REQUIRED_ROWS.items(), ids=str)
def test_required_rows_are_primary_shapes(key: tuple[Cloud, Accelerator, int], machine_type: str) -> None:
    assert ACCELERATOR_SHAPES[key][0].machine_type == machine_type


@pytest.mark.parametrize("shape", [s for v in ACCELERATOR_SHAPES.values() for s in v], ids=lambda s: s.machine_type)
def test_accelerator_count_matches_the_vendor(shape: Shape) -> None:
    assert shape.accelerator_count == VENDOR_ACCELERATOR_COUNT[shape.machine_type]


def test_rows_are_keyed_by_their_own_accelerator_and_count() -> None:
    for (cloud, accelerator, per_node), shapes in ACCELERATOR_SHAPES.items():
        primary = shapes[0]
        assert shapes, (cloud, accelerator, per_node)
        assert (primary.cloud, primary.accelerator, primary.accelerator_count) == (cloud, accelerator, per_node)
        for shape in shapes[1:]:
            # Alternates are equivalents for both schedulers: the autoscaler assumes identical capacity within a
            # node group, the scheduler also sees the interconnect; the part is the row's or the same chip with more
            # memory, so a pod sized for the row fits.
            assert (shape.cloud, shape.accelerator_count) == (cloud, per_node)
            assert (shape.vcpus, shape.memory_gib, shape.interconnect) == (
                primary.vcpus, primary.memory_gib, primary.interconnect)
            assert shape.accelerator in shapes_aws.SPOT_SUPERSETS.get(accelerator, frozenset())
            assert shape.accelerator_memory_gib > primary.accelerator_memory_gib


def test_aws_spot_alternates_are_exactly_the_checked_ones() -> None:
    """Only the A100 40 GB row has an AWS equivalent (p4de: same chip with 80 GB, same 96 vCPUs, 1152 GiB, EFA);
    p5en (16 EFA interfaces, not p5's 32) and larger siblings of the L4/T4 sizes are not equivalents."""
    diversified = {key: [s.machine_type for s in shapes] for key, shapes in ACCELERATOR_SHAPES.items()
                   if key[0] is Cloud.AWS and len(shapes) > 1}
    assert diversified == {(Cloud.AWS, Accelerator.A100_40GB, 8): ["p4d.24xlarge", "p4de.24xlarge"]}


def test_every_shape_has_a_dated_public_source() -> None:
    for shape in all_shapes():
        assert shape.source.url.startswith("https://"), shape.machine_type
        assert shape.source.title
        assert shape.source.as_of <= TODAY, shape.machine_type
        assert shape.vcpus > 0 and shape.memory_gib > 0


def test_gcp_gpu_shapes_name_their_guest_accelerator_and_tpu_hosts_their_chips() -> None:
    for (cloud, accelerator, per_node), shapes in ACCELERATOR_SHAPES.items():
        for shape in shapes:
            if cloud is Cloud.GCP and accelerator.kind is AcceleratorKind.GPU:
                assert shape.gcp_accelerator_type, shape.machine_type
            if accelerator.kind is AcceleratorKind.TPU:
                assert cloud is Cloud.GCP
                assert shape.tpu_chips_per_host == per_node == shape.accelerator_count
            else:
                assert shape.tpu_chips_per_host == 0


def test_every_aws_instance_type_exists_in_botocore() -> None:
    model = botocore.session.get_session().get_service_model("ec2")
    known = set(model.shape_for("InstanceType").enum)
    aws = {s.machine_type for s in all_shapes() if s.cloud is Cloud.AWS}
    assert aws, "no AWS shapes"
    assert aws <= known, sorted(aws - known)
    # botocore's EC2 model carries instance type names only, not GPU counts: counts are checked against
    # VENDOR_ACCELERATOR_COUNT above.


def test_interconnect_of_the_big_training_shapes() -> None:
    by_type = {s.machine_type: s for s in all_shapes()}
    assert "3200 Gbps" in by_type["p5.48xlarge"].interconnect
    assert "400 Gbps" in by_type["p4d.24xlarge"].interconnect
    assert "400 Gbps" in by_type["p4de.24xlarge"].interconnect
    assert "GPUDirect-TCPX" in by_type["a3-highgpu-8g"].interconnect
    assert "NDR" in by_type["Standard_ND96isr_H100_v5"].interconnect
    assert "HDR" in by_type["Standard_ND96amsr_A100_v4"].interconnect


def test_offered_is_sorted_and_complete() -> None:
    for cloud in Cloud:
        got = offered(cloud)
        assert list(got) == sorted(got)
        for accelerator, counts in got.items():
            assert list(counts) == sorted(counts)
            for n in counts:
                assert accelerator_shapes(cloud, accelerator, n)
    assert Accelerator.L4 not in offered(Cloud.AZURE)
    assert not any(a.kind is AcceleratorKind.TPU for a in offered(Cloud.AWS))


def test_unsupported_shape_lists_what_is_offered() -> None:
    with pytest.raises(UnsupportedShape) as err:
        accelerator_shapes(Cloud.AWS, Accelerator.H100_80GB, 4)
    message = str(err.value)
    assert "nvidia-h100-80gb x4 is not offered on aws" in message
    assert "x1 / x8" in message
    with pytest.raises(UnsupportedShape, match="azure does not offer nvidia-l4"):
        accelerator_shapes(Cloud.AZURE, Accelerator.L4, 1)
    with pytest.raises(LookupError, match="tpu-v5e"):
        accelerator_shapes(Cloud.AWS, Accelerator.TPU_V5E, 4)


@pytest.mark.parametrize("cloud", list(Cloud))
def test_system_shapes_grow_with_size(cloud: Cloud) -> None:
    sizes = [system_shape(cloud, size) for size in (SystemSize.SMALL, SystemSize.MEDIUM, SystemSize.LARGE)]
    assert [s.vcpus for s in sizes] == [4, 8, 16]
    assert all(s.accelerator is None for s in sizes)


def test_gpu_alternatives_for_a_tpu_pool_off_gcp() -> None:
    got = gpu_alternatives(Accelerator.TPU_V5E, 4, Cloud.AWS)
    assert got and all(" x" in g and g.startswith("nvidia-") for g in got)
    assert len(set(got)) == len(got)
    # 4 v5e chips have 64 GiB of HBM: the first answer has at least that much GPU memory per node.
    accelerator, count = got[0].rsplit(" x", 1)
    shape = accelerator_shapes(Cloud.AWS, Accelerator(accelerator), int(count))[0]
    assert shape.accelerator_memory_gib * shape.accelerator_count >= 64
    assert gpu_alternatives(Accelerator.TPU_V6E, 8, Cloud.AZURE)
