"""A GPU Ray worker group never requests 0 GPUs: its count comes from the pool's `acceleratorsPerNode` (or the group's
own `acceleratorsPerWorker`); a GPU pool without one is refused at its path by `load_blueprint`, and `plan_services`
given an unchecked blueprint raises instead of planning 0 (a pod asking for 0 GPUs would schedule on a GPU node
and see none). Both sides: the smallest count (1) plans exactly 1, the absent count is refused."""

from __future__ import annotations

import pytest

from components.plan_services import plan_services
from components.spec import load_blueprint
from components.spec.models import Blueprint
from tests.spec.test_rejections import Raw, assert_reported, at, mutated

RAY = {"enabled": True, "workers": [{"pool": "t4-dev", "maxWorkers": 2}]}


def _with_ray(raw: Raw) -> None:
    raw["services"] = {"mlflow": {}, "ray": RAY}


def _no_count(raw: Raw) -> None:
    _with_ray(raw)
    del raw["nodePools"][0]["acceleratorsPerNode"]


@pytest.mark.parametrize("per_node", [1, 4])
def test_gpu_group_requests_the_pools_count(per_node: int) -> None:
    raw = mutated(_with_ray)
    raw["nodePools"][0]["acceleratorsPerNode"] = per_node
    ray = plan_services(load_blueprint(raw)).ray
    assert ray is not None
    [worker] = ray.workers
    assert (worker.resource, worker.accelerators_per_worker, worker.max_workers, worker.hosts) == (
        "nvidia.com/gpu", per_node, 2, 1)


def test_gpu_group_takes_its_own_count_over_the_pools() -> None:
    raw = mutated(_with_ray)
    raw["nodePools"][1]["acceleratorsPerNode"] = 8
    raw["services"]["ray"] = {"workers": [{"pool": "a100", "maxWorkers": 2, "acceleratorsPerWorker": 2}]}
    ray = plan_services(load_blueprint(raw)).ray
    assert ray is not None
    assert [(w.pool, w.accelerators_per_worker) for w in ray.workers] == [("a100", 2)]


def test_gpu_pool_without_a_count_is_refused_at_its_path() -> None:
    assert_reported(_no_count, "nodePools[0].acceleratorsPerNode", ("is required for GPU pools", "1"))


def test_unchecked_blueprint_without_a_count_raises_instead_of_planning_zero() -> None:
    unchecked = Blueprint.model_validate(mutated(_no_count))  # pydantic only: the rules never ran
    with pytest.raises(ValueError, match="'t4-dev'.*acceleratorsPerNode"):
        plan_services(unchecked)


def test_unchecked_tpu_pool_without_a_topology_raises_instead_of_planning_a_gpu() -> None:
    raw = mutated(at("cloud", value="gcp"))
    raw["region"] = "us-central1"
    raw["nodePools"][0] = {"name": "t4-dev", "accelerator": "tpu-v5e", "maxNodes": 2}
    _with_ray(raw)
    with pytest.raises(ValueError, match="'t4-dev'.*topology"):
        plan_services(Blueprint.model_validate(raw))
