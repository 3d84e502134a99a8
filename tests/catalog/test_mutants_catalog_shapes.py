"""The GPU offerings proposed for a TPU pool moved off GCP (`gpu_alternatives`) at the closest-fit boundary, and the
shape error's list of what a cloud offers: a mutation run changed both and no test noticed (tools/README.md).
Memory per accelerator is the catalog's (T4 16 GiB, L4 24 GiB, H100 80 GiB; TPU v5e 16 GiB HBM per chip)."""

from __future__ import annotations

import pytest

from components.catalog.errors import UnsupportedShape
from components.catalog.shapes import accelerator_shapes, gpu_alternatives
from components.spec import Accelerator, Cloud

AWS_OFFERS = ("aws offers nvidia-a100-40gb x8, nvidia-a100-80gb x8, nvidia-h100-80gb x1/8, nvidia-l4 x1/4/8, "
              "nvidia-t4 x1/4/8")


def test_an_exact_fit_comes_first_and_smaller_offerings_last_largest_first() -> None:
    # A v5e x4 slice holds 4 x 16 = 64 GiB: T4 x4 (64 GiB) fits exactly, so it leads; H100 x1 (80) is next; the
    # offerings below 64 GiB (L4 x1 24, T4 x1 16) close the list, largest first.
    found = gpu_alternatives(Accelerator.TPU_V5E, 4, Cloud.AWS)
    assert found[:2] == ("nvidia-t4 x4", "nvidia-h100-80gb x1")
    assert found[-2:] == ("nvidia-l4 x1", "nvidia-t4 x1")


def test_one_gib_more_than_an_exact_fit_passes_it_over() -> None:
    # v5e x5 = 80 GiB: H100 x1 (80) fits exactly now and T4 x4 (64) falls among the smaller ones, their largest.
    found = gpu_alternatives(Accelerator.TPU_V5E, 5, Cloud.AWS)
    assert found[0] == "nvidia-h100-80gb x1"
    assert found[-3:] == ("nvidia-t4 x4", "nvidia-l4 x1", "nvidia-t4 x1")


@pytest.mark.parametrize(("accelerator", "per_node", "there"), [
    (Accelerator.TPU_V5E, 4, "aws does not offer tpu-v5e at all"),
    (Accelerator.H100_80GB, 3, "nvidia-h100-80gb comes x1 / x8 per node there"),
])
def test_an_unsupported_shape_names_every_offering_of_the_cloud(accelerator: Accelerator, per_node: int,
                                                                 there: str) -> None:
    with pytest.raises(UnsupportedShape) as refused:
        accelerator_shapes(Cloud.AWS, accelerator, per_node)
    assert str(refused.value) == f"{accelerator} x{per_node} is not offered on aws: {there}; {AWS_OFFERS}"
