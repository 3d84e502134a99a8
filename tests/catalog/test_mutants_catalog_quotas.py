"""Which quotas one node draws on per capacity tier (`catalog.quota_draws`): a reservation tier draws none, every
other tier draws its family's and the regional quota. A mutation run swapped the two and no catalog test noticed
(tools/README.md). Figures: an ND96isr H100 v5 node is 96 vCPUs of the NDSH100v5 family and of the regional total
on-demand, and of lowPriorityCores on spot (https://learn.microsoft.com/azure/virtual-machines/quotas, read
2026-11-27, the source the quota rows cite)."""

from __future__ import annotations

import pytest

from components import catalog
from components.catalog.quotas import quota_draws
from components.spec import Accelerator, Capacity, Cloud


def nd96_h100() -> catalog.Shape:
    [shape] = [s for s in catalog.ACCELERATOR_SHAPES[(Cloud.AZURE, Accelerator.H100_80GB, 8)]
               if s.machine_type == "Standard_ND96isr_H100_v5"]
    return shape


@pytest.mark.parametrize(("capacity", "draws"), [
    (Capacity.ON_DEMAND, [("standardNDSH100v5Family", 96), ("cores", 96)]),
    (Capacity.SPOT, [("lowPriorityCores", 96)]),
    (Capacity.RESERVED, []),
    (Capacity.CAPACITY_BLOCK, []),
])
def test_a_node_draws_its_tiers_quotas_and_a_reservation_none(capacity: Capacity, draws: list[tuple[str, int]]) -> (
        None):
    assert [(d.quota.code, d.per_node) for d in quota_draws(nd96_h100(), capacity)] == draws
