"""The accelerator memory per node that `parity` compares is the part's published memory, on every cloud.

The figures are the vendors' datasheets, read 2026-12-07, independent of the catalog's table (which holds one
figure per part, ``types.ACCELERATOR_MEMORY_GIB``):
- NVIDIA L4: 24 GB GDDR6 (https://www.nvidia.com/en-us/data-center/l4/, "GPU memory");
- NVIDIA T4: 16 GB GDDR6 (https://www.nvidia.com/en-us/data-center/tesla-t4/, "GPU memory");
- Azure ND A100 v4: Standard_ND96asr_v4 has 900 GiB of memory and 8 A100 40GB
  (https://learn.microsoft.com/azure/virtual-machines/nda100-v4-series, "Memory (GiB)").
A pool planned for each cloud must show the same memory per node (the point of `parity`), and that memory must be
the datasheet's: a table edit moving a part's memory would make `parity` and `decide` compare the wrong sizes.
"""

from __future__ import annotations

import pytest

from components.catalog.types import ACCELERATOR_MEMORY_GIB
from components.plan import plan_platform
from components.spec import Cloud, load_blueprint
from tests.plan.test_parity import blueprint

DATASHEET_GB = {"nvidia-l4": 24, "nvidia-t4": 16}


def _memory_per_node(cloud: Cloud, accelerator: str, per_node: int) -> dict[str, int]:
    raw = blueprint(cloud)
    raw["nodePools"] = [{"name": "gpu", "accelerator": accelerator, "acceleratorsPerNode": per_node, "maxNodes": 2}]
    [pool] = plan_platform(load_blueprint(raw)).pools
    return {s.machine_type: s.accelerator_count * s.accelerator_memory_gib for s in pool.shapes}


# (accelerator, per node) -> the clouds the catalog offers it on (Azure has no L4; GCP attaches one T4 per N1 here)
OFFERED = {
    ("nvidia-l4", 1): (Cloud.AWS, Cloud.GCP),
    ("nvidia-l4", 4): (Cloud.AWS, Cloud.GCP),
    ("nvidia-t4", 1): (Cloud.AWS, Cloud.GCP, Cloud.AZURE),
    ("nvidia-t4", 4): (Cloud.AWS, Cloud.AZURE),
}


def test_the_datasheet_parts_are_parts_of_the_table() -> None:
    assert set(DATASHEET_GB) <= {part.value for part in ACCELERATOR_MEMORY_GIB}
    assert {a for a, _ in OFFERED} == set(DATASHEET_GB)


@pytest.mark.parametrize(("accelerator", "per_node"), list(OFFERED))
def test_a_gpu_pool_shows_the_datasheet_memory_per_node_on_every_cloud(accelerator: str, per_node: int) -> None:
    shown: dict[str, int] = {}
    for cloud in OFFERED[(accelerator, per_node)]:
        shown |= _memory_per_node(cloud, accelerator, per_node)
    assert len(shown) >= len(OFFERED[(accelerator, per_node)])
    assert set(shown.values()) == {DATASHEET_GB[accelerator] * per_node}, shown


def test_nd96asr_v4_is_the_published_900_gib_host() -> None:
    """The Azure A100 40GB x8 size: its node memory (what `parity` shows beside the other clouds' A2/P4 hosts)."""
    raw = blueprint(Cloud.AZURE)
    raw["nodePools"] = [{"name": "gpu", "accelerator": "nvidia-a100-40gb", "acceleratorsPerNode": 8, "maxNodes": 2}]
    [pool] = plan_platform(load_blueprint(raw)).pools
    primary = pool.shapes[0]
    assert (primary.machine_type, primary.vcpus, primary.memory_gib, primary.accelerator_count) == (
        "Standard_ND96asr_v4", 96, 900, 8)
