"""Every machine type the catalog can build has its availability row and (Azure) its family quota row, and no row
names a machine type the catalog does not know: a mutation run renamed generated rows (`g2-standard-{n}` for n in
4/24/48/96, `Standard_NC{n}ads_A100_v4`, `Standard_D{n}s_v5`) and no test noticed (tools/README.md). A missing row
would make preflight report a catalog gap, or a zone list fall back to every zone, for a shape the blueprint accepts."""

from __future__ import annotations

import pytest

from components import catalog
from components.catalog.availability import OFFERED, RESERVATION_ONLY
from components.catalog.quotas import AZURE_FAMILY_QUOTAS
from components.catalog.shapes import SYSTEM_SHAPES
from components.spec import Cloud


def buildable(cloud: Cloud) -> set[str]:
    accelerators = {s.machine_type for (c, _, _), shapes in catalog.ACCELERATOR_SHAPES.items() if c is cloud
                    for s in shapes}
    return accelerators | {s.machine_type for (c, _), s in SYSTEM_SHAPES.items() if c is cloud}


@pytest.mark.parametrize("cloud", list(Cloud))
def test_every_buildable_machine_type_has_exactly_one_availability_row(cloud: Cloud) -> None:
    assert {m for c, m in OFFERED if c is cloud} == buildable(cloud)


def test_reservation_only_rows_name_the_gcp_tpu_machine_types() -> None:
    assert {(c, m) for c, m in RESERVATION_ONLY} == {(Cloud.GCP, m) for m in (
        "ct5lp-hightpu-1t", "ct5lp-hightpu-4t", "ct5lp-hightpu-8t", "ct5p-hightpu-4t",
        "ct6e-standard-1t", "ct6e-standard-4t", "ct6e-standard-8t")}


def test_every_azure_machine_type_has_its_family_quota_and_no_other_row() -> None:
    assert set(AZURE_FAMILY_QUOTAS) == buildable(Cloud.AZURE)
