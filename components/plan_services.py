"""Pure planning of the in-cluster ML services: which run, with which database class, replicas and Ray groups.

Called from `plan_platform` on a blueprint `load_blueprint` accepted, so every worker group fits its pool.
"""

from __future__ import annotations

from dataclasses import dataclass

from components import catalog
from components.catalog.databases import DatabaseClass
from components.catalog.scheduling import GPU_RESOURCE, TPU_RESOURCE
from components.spec.enums import Accelerator, AcceleratorKind, Environment, ServiceSize
from components.spec.models import Blueprint, NodePoolSpec, RayWorkerSpec


@dataclass(frozen=True)
class MlflowPlan:
    database: DatabaseClass
    high_availability: bool  # multi-AZ / regional / zone-redundant Postgres, and a final snapshot
    replicas: int


@dataclass(frozen=True)
class RayWorkerPlan:
    """One worker group: `max_replicas` groups of `hosts` pods (hosts > 1 only for multi-host TPU slices)."""

    pool: str
    accelerator: Accelerator
    resource: str  # nvidia.com/gpu or google.com/tpu
    accelerators_per_worker: int
    max_workers: int
    hosts: int

    @property
    def max_replicas(self) -> int:
        return self.max_workers // self.hosts


@dataclass(frozen=True)
class RayCpuPlan:
    """The capped CPU group on the system pool; max_workers 0 means none."""

    max_workers: int
    size: ServiceSize


@dataclass(frozen=True)
class RayPlan:
    head_size: ServiceSize
    workers: tuple[RayWorkerPlan, ...]
    cpu: RayCpuPlan = RayCpuPlan(max_workers=0, size=ServiceSize.SMALL)


@dataclass(frozen=True)
class ServicesPlan:
    mlflow: MlflowPlan | None = None
    kserve: bool = False
    ray: RayPlan | None = None


def plan_services(bp: Blueprint) -> ServicesPlan:
    services = bp.services
    mlflow = services.mlflow if services.mlflow is not None and services.mlflow.enabled else None
    ray = services.ray if services.ray is not None and services.ray.enabled else None
    pools = {p.name: p for p in bp.node_pools}
    return ServicesPlan(
        mlflow=None if mlflow is None else MlflowPlan(
            database=catalog.database_class(bp.cloud, mlflow.database.size),
            high_availability=bp.environment is Environment.PROD,
            replicas=mlflow.replicas or catalog.services.MLFLOW_DEFAULT_REPLICAS[bp.environment.value],
        ),
        kserve=services.kserve is not None and services.kserve.enabled,
        ray=None if ray is None else RayPlan(
            head_size=ray.head.size, workers=tuple(_worker(w, pools[w.pool]) for w in ray.workers),
            cpu=RayCpuPlan(max_workers=ray.cpu_workers.max_workers, size=ray.cpu_workers.size),
        ),
    )


def _worker(worker: RayWorkerSpec, pool: NodePoolSpec) -> RayWorkerPlan:
    """The group's plan; a pool with no per-node count (GPU) or no topology (TPU) is refused, never planned as 0."""
    accel = Accelerator(pool.accelerator)
    if accel.kind is AcceleratorKind.TPU:
        if pool.topology is None:  # load_blueprint rejects this at nodePools[i].topology
            raise ValueError(f"Ray worker group on pool {pool.name!r}: {accel} needs a topology; "
                             "plan_services needs a blueprint accepted by load_blueprint")
        topo = catalog.tpu_topology(accel, pool.topology)
        per_node, hosts, resource = topo.chips_per_host, topo.hosts, TPU_RESOURCE
    else:
        if pool.accelerators_per_node is None:  # load_blueprint rejects this at nodePools[i].acceleratorsPerNode
            raise ValueError(f"Ray worker group on pool {pool.name!r}: {accel} needs acceleratorsPerNode; "
                             "plan_services needs a blueprint accepted by load_blueprint")
        per_node, hosts, resource = pool.accelerators_per_node, 1, GPU_RESOURCE
    return RayWorkerPlan(
        pool=pool.name,
        accelerator=accel,
        resource=resource,
        accelerators_per_worker=worker.accelerators_per_worker or per_node,
        max_workers=worker.max_workers,
        hosts=hosts,
    )
