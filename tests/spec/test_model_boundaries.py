"""Every numeric bound and default of the blueprint model, at its boundary: the last accepted value passes and the
first value past it is refused at its path (a mutation run moved these bounds and defaults and no test noticed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.spec import BlueprintError, load_blueprint
from tests.spec.test_rejections import Raw, at, mutated, pool

RAY = {"enabled": True,  # ray needs mlflow (its artifact store), so each ray change below enables mlflow too
       "workers": [{"pool": "a100", "maxWorkers": 1}], "cpuWorkers": {"maxWorkers": 2}}


def _ray(**cpu: Any) -> Callable[[Raw], None]:
    return at("services", value={"mlflow": {}, "ray": {**RAY, "cpuWorkers": cpu}})


def _paths(change: Callable[[Raw], None]) -> list[str]:
    try:
        load_blueprint(mutated(change))
    except BlueprintError as error:
        return sorted({p.path for p in error.problems})
    return []


# (path, the last accepted value's change, the first refused value's change)
BOUNDS: list[tuple[str, Callable[[Raw], None], Callable[[Raw], None]]] = [
    ("cluster.systemPool.nodes", at("cluster", "systemPool", "nodes", value=1),
     at("cluster", "systemPool", "nodes", value=0)),
    ("cluster.systemPool.nodes", at("cluster", "systemPool", "nodes", value=100),
     at("cluster", "systemPool", "nodes", value=101)),
    ("nodePools[0].acceleratorsPerNode", pool(0, acceleratorsPerNode=1), pool(0, acceleratorsPerNode=0)),
    ("nodePools[0].minNodes", pool(0, minNodes=0), pool(0, minNodes=-1)),
    ("nodePools[0].rootVolumeGib", pool(0, rootVolumeGib=100), pool(0, rootVolumeGib=99)),
    ("nodePools[0].rootVolumeGib", pool(0, rootVolumeGib=4096), pool(0, rootVolumeGib=4097)),
    ("services.mlflow.replicas", at("services", value={"mlflow": {"replicas": 1}}),
     at("services", value={"mlflow": {"replicas": 0}})),
    ("services.mlflow.replicas", at("services", value={"mlflow": {"replicas": 10, "database": {"size": "large"}}}),
     at("services", value={"mlflow": {"replicas": 11, "database": {"size": "large"}}})),
    ("services.ray.workers[0].maxWorkers", at("services", value={"mlflow": {}, "ray": RAY}),
     at("services", value={"mlflow": {}, "ray": {**RAY, "workers": [{"pool": "a100", "maxWorkers": 0}]}})),
    ("services.ray.cpuWorkers.maxWorkers", _ray(maxWorkers=0), _ray(maxWorkers=-1)),
    ("services.ray.cpuWorkers.maxWorkers", _ray(maxWorkers=16), _ray(maxWorkers=17)),
]


@pytest.mark.parametrize(("path", "last_accepted", "first_refused"), BOUNDS,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BOUNDS)])
def test_a_bound_accepts_its_last_value_and_refuses_the_next(
    path: str, last_accepted: Callable[[Raw], None], first_refused: Callable[[Raw], None]
) -> None:
    assert _paths(last_accepted) == []
    assert _paths(first_refused) == [path]


def test_defaults_of_the_model() -> None:
    raw = mutated(at("services", value={"mlflow": {}, "ray": {"workers": [{"pool": "a100", "maxWorkers": 1}]}}))
    del raw["cluster"]["systemPool"]
    bp = load_blueprint(raw)

    assert bp.cluster.system_pool.nodes == 2
    assert (bp.node_pools[0].min_nodes, bp.node_pools[0].max_nodes) == (0, 2)
    assert bp.node_pools[0].root_volume_gib == 200
    assert bp.services.ray is not None and bp.services.ray.cpu_workers.max_workers == 2
    assert bp.services.mlflow is not None and bp.services.mlflow.replicas is None
