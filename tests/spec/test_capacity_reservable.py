"""A reserved tier only where the cloud reserves the pool's shape: Azure's on-demand capacity reservations do not
cover the ND-series (H100 x8, A100 x8) nor NCads H100 v5, so `reserved` on those sizes is rejected with its path
before anything registers; the NC A100 v4 and NCasT4_v3 sizes, and every AWS and GCP shape, stay reservable.

What no test can prove offline is Azure's list itself: it is read from the limitations of
https://learn.microsoft.com/azure/virtual-machines/capacity-reservation-overview (page dated 2026-02-17: ND-series
and NCads H100 v5-series under "support for other VM series isn't currently available"), and the catalog carries it
with that date (`components/catalog/capacity.py`, RESERVATION_COVERAGE).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from components import catalog
from components.catalog.capacity import RESERVATION_COVERAGE, unreservable_series
from components.spec import BlueprintError, Cloud, load_blueprint
from mlplatform.engine.render import RenderError, render
from mlplatform.engine.stackfile import BLUEPRINT_KEY, read_stack_file
from tests.azure.conftest import RESERVATION, blueprint
from tests.engine.stacks import ROOT

URL = "https://learn.microsoft.com/azure/virtual-machines/capacity-reservation-overview"


def reserved_pool(accelerator: str, per_node: int, capacity: Any = "reserved") -> dict[str, Any]:
    return {"name": "gpu", "accelerator": accelerator, "acceleratorsPerNode": per_node, "maxNodes": 2,
            "capacity": capacity, "reservation": RESERVATION, "reservationZone": "1"}


def problems_of(pool: dict[str, Any]) -> list[str]:
    try:
        load_blueprint(blueprint("prod", pools=[pool]))
    except BlueprintError as e:
        return str(e).splitlines()[1:]
    return []


@pytest.mark.parametrize(
    ("accelerator", "per_node", "capacity", "line"),
    [
        ("nvidia-h100-80gb", 8, "reserved",
         "  nodePools[0].capacity: azure offers no capacity reservation for Standard_ND96isr_H100_v5 (ND-series; "
         f"{URL}); no nvidia-h100-80gb size on azure is reservable: drop reserved and use on-demand or spot, or "
         "change acceleratorsPerNode"),
        ("nvidia-a100-80gb", 8, ["on-demand", "reserved"],
         "  nodePools[0].capacity: azure offers no capacity reservation for Standard_ND96amsr_A100_v4 (ND-series; "
         f"{URL}); nvidia-a100-80gb x1/x2/x4 is reservable: drop reserved and use on-demand or spot, or change "
         "acceleratorsPerNode"),
        ("nvidia-a100-40gb", 8, "reserved",
         "  nodePools[0].capacity: azure offers no capacity reservation for Standard_ND96asr_v4 (ND-series; "
         f"{URL}); no nvidia-a100-40gb size on azure is reservable: drop reserved and use on-demand or spot, or "
         "change acceleratorsPerNode"),
    ],
)
def test_reserved_on_an_nd_size_is_rejected_with_what_azure_reserves_instead(
    accelerator: str, per_node: int, capacity: Any, line: str
) -> None:
    assert problems_of(reserved_pool(accelerator, per_node, capacity)) == [line]


@pytest.mark.parametrize(("accelerator", "per_node"), [("nvidia-a100-80gb", 1), ("nvidia-a100-80gb", 4),
                                                       ("nvidia-t4", 1), ("nvidia-t4", 4)])
def test_nc_sizes_azure_reserves_pass(accelerator: str, per_node: int) -> None:
    assert problems_of(reserved_pool(accelerator, per_node)) == []


def test_the_same_nd_size_without_a_reserved_tier_passes() -> None:
    pool = {k: v for k, v in reserved_pool("nvidia-h100-80gb", 8, "on-demand").items()
            if not k.startswith("reservation")}
    assert problems_of(pool) == []


def test_every_aws_and_gcp_shape_is_reservable_and_azure_gaps_are_exactly_the_nd_sizes() -> None:
    gaps = {(cloud, shape.machine_type): unreservable_series(cloud, shape.machine_type)
            for (cloud, _, _), shapes in catalog.ACCELERATOR_SHAPES.items() for shape in shapes
            if unreservable_series(cloud, shape.machine_type) is not None}
    assert gaps == {
        (Cloud.AZURE, "Standard_ND96isr_H100_v5"): "ND-series",
        (Cloud.AZURE, "Standard_ND96amsr_A100_v4"): "ND-series",
        (Cloud.AZURE, "Standard_ND96asr_v4"): "ND-series",
    }
    assert unreservable_series(Cloud.AZURE, "Standard_NC40ads_H100_v5") == "NCads H100 v5-series"
    assert unreservable_series(Cloud.AZURE, "Standard_NC24ads_A100_v4") is None
    assert {c: s.as_of.year for c, s in RESERVATION_COVERAGE.items()} == {Cloud.AWS: 2026, Cloud.GCP: 2026,
                                                                          Cloud.AZURE: 2026}
    assert RESERVATION_COVERAGE[Cloud.AZURE].url == URL


def test_the_program_stops_before_registering_anything() -> None:
    stack = read_stack_file(ROOT / "stacks" / "Pulumi.aws-dev.yaml")
    bp = blueprint("prod", pools=[reserved_pool("nvidia-h100-80gb", 8)])
    bad = dataclasses.replace(stack, config={BLUEPRINT_KEY: bp, "azure-native:location": bp["region"]})
    with pytest.raises(RenderError) as caught:
        render(bad)
    assert "\n  nodePools[0].capacity: azure offers no capacity reservation for Standard_ND96isr_H100_v5" in str(
        caught.value)
    assert len(caught.value.inventory) == 0
