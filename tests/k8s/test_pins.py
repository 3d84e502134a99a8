"""Every chart and image the platform installs is pinned exactly, from an https or OCI repository, with a source."""

from __future__ import annotations

import re

import pytest

from components import catalog
from components.catalog import services as svc

EXACT = re.compile(r"^v?\d+\.\d+\.\d+$")
IMAGES = [svc.MLFLOW_IMAGE, svc.RAY_IMAGE, svc.RAY_GPU_IMAGE]


@pytest.mark.parametrize("name", sorted(catalog.CHARTS))
def test_chart_is_pinned_exactly_from_an_official_repository(name: str) -> None:
    chart = catalog.chart(name)
    assert chart.name == name
    assert chart.repository.startswith(("https://", "oci://")), chart.repository
    assert EXACT.match(chart.version), chart.version
    assert chart.source.url.startswith("https://") and chart.source.as_of.year >= 2026


@pytest.mark.parametrize("image", IMAGES, ids=lambda i: i.ref)
def test_image_is_pinned_to_an_exact_release_tag(image: svc.Image) -> None:
    assert re.match(r"^v?\d+\.\d+\.\d+(-[a-z0-9]+)*$", image.tag), image.tag
    assert "latest" not in image.tag and "nightly" not in image.tag
    assert image.why and image.source.url.startswith("https://")


def test_ray_head_and_workers_share_one_version_and_gpu_workers_get_the_cuda_image() -> None:
    assert svc.RAY_IMAGE.tag == f"{svc.RAY_VERSION}-{svc.RAY_PYTHON}"
    assert svc.RAY_GPU_IMAGE.tag == f"{svc.RAY_VERSION}-{svc.RAY_PYTHON}-gpu"


def test_mlflow_image_is_the_variant_with_the_postgres_driver_and_storage_clients() -> None:
    assert svc.MLFLOW_IMAGE.ref == f"ghcr.io/mlflow/mlflow:v{svc.MLFLOW_VERSION}-full"


def test_ray_head_fits_the_smallest_system_node() -> None:
    """Every head size fits the smallest system node, leaving at least a quarter of its memory to the operators."""
    smallest = min(catalog.SYSTEM_SHAPES.values(), key=lambda s: (s.vcpus, s.memory_gib))
    for size, resources in svc.RAY_HEAD_SIZES.items():
        assert float(resources.cpu) <= smallest.vcpus, size
        assert float(resources.memory.removesuffix("Gi")) <= smallest.memory_gib * 0.75, size
