"""How the policies read a GKE pool's guest accelerators and match its catalog shape (`policies/resources.py`):
behaviours a mutation run changed with no test noticing (tools/README.md). Pure: the rules' own readers on recorded
inputs, in wire names (`nodeConfig.guestAccelerators[].type/count`, the GKE NodePool schema:
https://www.pulumi.com/registry/packages/gcp/api-docs/container/nodepool/#nodepoolnodeconfigguestaccelerator)."""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.spec import Accelerator, Cloud
from policies.resources import GKE_NODE_POOL, Pool, get, pools

T4_X2 = [{"type": "nvidia-tesla-t4", "count": 2}]


def gke(machine_type: str, guest: list[dict[str, Any]] | None = None) -> Pool:
    config: dict[str, Any] = {"machineType": machine_type}
    if guest is not None:
        config["guestAccelerators"] = guest
    [pool] = pools(GKE_NODE_POOL, {"name": "p", "nodeConfig": config})
    return pool


@pytest.mark.parametrize(("path", "expected"), [
    (("a", 0, "t"), "first"),
    (("a", 1, "t"), "second"),
    (("a", 2, "t"), None),  # one past the end
    (("s", 0), None),  # a string is not a list of steps
    (("m", 0), None),  # nor is a mapping
    (("a", "t"), None),  # a list has no keys
])
def test_get_follows_list_indexes_and_stops_at_the_end(path: tuple[str | int, ...], expected: str | None) -> None:
    props = {"a": [{"t": "first"}, {"t": "second"}], "s": "text", "m": {"0": "zero"}}
    assert get(props, *path) == expected


def test_guest_accelerators_on_a_general_purpose_machine_make_an_accelerator_pool() -> None:
    # An N1 VM with attached T4s: no catalog shape, so only the guest accelerators say it is one; GKE taints such
    # nodes itself (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create).
    pool = gke("n1-standard-8", T4_X2)
    assert (pool.gpu_type, pool.gpu_count, pool.accelerators_per_node) == ("nvidia-tesla-t4", 2, 2)
    assert (pool.shape, pool.is_accelerator, pool.automatic_accelerator_taint) == (None, True, True)


def test_the_same_machine_without_guest_accelerators_is_not_one() -> None:
    pool = gke("n1-standard-8")
    assert (pool.gpu_type, pool.gpu_count, pool.accelerators_per_node) == (None, 0, 0)
    assert (pool.is_accelerator, pool.automatic_accelerator_taint, pool.tainted_for_accelerators) == (
        False, False, False)


@pytest.mark.parametrize("guest", [None, [{"type": "nvidia-h100-80gb", "count": 8}]], ids=["implied", "declared"])
def test_an_a3_pool_matches_its_catalog_shape_with_or_without_declared_gpus(guest: list[dict[str, Any]] | None) -> None:
    # A3 VMs come with their GPUs attached: GKE accepts the pool with or without guestAccelerators.
    [a3] = [s for s in catalog.ACCELERATOR_SHAPES[(Cloud.GCP, Accelerator.H100_80GB, 8)]
            if s.machine_type == "a3-highgpu-8g"]
    pool = gke("a3-highgpu-8g", guest)
    assert pool.shape == a3
    assert (pool.accelerator, pool.accelerators_per_node) == (Accelerator.H100_80GB, 8)


def test_a3_declaring_another_gpu_type_matches_no_shape() -> None:
    pool = gke("a3-highgpu-8g", [{"type": "nvidia-l4", "count": 8}])
    assert pool.shape is None
    assert (pool.accelerator, pool.gpu_count, pool.is_accelerator) == (None, 8, True)
