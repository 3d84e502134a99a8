"""Rules on the `services` section: Ray worker groups must fit the pools they name, and prod databases must be
able to run highly available on every cloud. Each adds path-qualified `Problem`s; nothing raises."""

from __future__ import annotations

from components import catalog
from components.spec.enums import Accelerator, AcceleratorKind, Environment, ServiceSize
from components.spec.errors import Problem, show
from components.spec.models import Blueprint, NodePoolSpec, RayWorkerSpec
from components.spec.naming import SYSTEM_POOL_NAME

# Azure's Burstable Postgres has no zone-redundant HA; a prod blueprint must stay valid on every cloud.
PROD_MIN_DATABASE_SIZES = (ServiceSize.MEDIUM, ServiceSize.LARGE)


def check_services(bp: Blueprint) -> list[Problem]:
    problems: list[Problem] = []
    mlflow = bp.services.mlflow
    problems += _check_workflow_store(bp)
    problems += _check_mlflow_connections(bp)
    problems += _check_tpu_webhook(bp)
    if (mlflow is not None and mlflow.enabled and bp.environment is Environment.PROD
            and mlflow.database.size not in PROD_MIN_DATABASE_SIZES):
        problems.append(Problem("services.mlflow.database.size", f"{show(mlflow.database.size.value)} cannot run "
                                "highly available on every cloud (Azure's Burstable class has no HA); use medium "
                                "or large in prod"))
    ray = bp.services.ray
    if ray is not None and ray.enabled:
        pools = {p.name: p for p in bp.node_pools}
        seen: set[str] = set()
        for j, worker in enumerate(ray.workers):
            at = f"services.ray.workers[{j}]"
            if worker.pool in seen:
                problems.append(Problem(f"{at}.pool", f"{show(worker.pool)} already has a worker group; "
                                        "use one group per pool"))
            seen.add(worker.pool)
            problems += _check_worker(at, worker, pools)
    return problems


def _check_workflow_store(bp: Blueprint) -> list[Problem]:
    """Ray and KServe work on MLflow's artifact store (Ray reads data/ and writes checkpoints/ in it; serving reads
    registered models under mlflow/), which exists only with MLflow: refuse either without it rather than build a
    service whose identity has nothing to read."""
    mlflow = bp.services.mlflow
    if mlflow is not None and mlflow.enabled:
        return []
    enabled = {"ray": bp.services.ray, "kserve": bp.services.kserve}
    return [
        Problem(f"services.{key}", f"{key} needs services.mlflow: it reads and writes the artifact store that MLflow "
                "creates (data/, checkpoints/, registered models under mlflow/); enable mlflow or disable "
                f"{key}")
        for key, service in enabled.items()
        if service is not None and service.enabled
    ]


def _check_mlflow_connections(bp: Blueprint) -> list[Problem]:
    """The database class holds at least one MLflow worker per pod (catalog.mlflow_sizing), checked here so that a
    class too small for the replicas is refused before anything registers."""
    mlflow = bp.services.mlflow
    if mlflow is None or not mlflow.enabled:
        return []
    # The rules load while the catalog package is still initialising (service_names.py): import the sizing late.
    from components.catalog import mlflow_sizing, services

    try:
        db = catalog.database_class(bp.cloud, mlflow.database.size)
    except catalog.CatalogError:
        return []  # no class on this cloud: reported by the database rule
    replicas = mlflow.replicas or services.MLFLOW_DEFAULT_REPLICAS[bp.environment.value]
    try:
        mlflow_sizing.server_sizing(db, replicas)
    except mlflow_sizing.DatabaseTooSmallError as exc:
        return [Problem("services.mlflow.replicas", str(exc).removeprefix("services.mlflow: "))]
    return []


def _check_tpu_webhook(bp: Blueprint) -> list[Problem]:
    """A multi-host TPU worker group starts as one slice only with the KubeRay TPU webhook, whose certificate comes
    from cert-manager, which services.kserve installs."""
    ray, kserve = bp.services.ray, bp.services.kserve
    if ray is None or not ray.enabled or (kserve is not None and kserve.enabled):
        return []
    pools = {p.name: p for p in bp.node_pools}
    return [
        Problem(f"services.ray.workers[{j}].pool", f"{show(w.pool)} is a TPU pool: its worker group needs the "
                "KubeRay TPU webhook, whose certificate comes from cert-manager, which services.kserve installs; "
                "enable services.kserve or remove the TPU group")
        for j, w in enumerate(ray.workers)
        if w.pool in pools and _is_tpu(pools[w.pool])
    ]


def _is_tpu(pool: NodePoolSpec) -> bool:
    try:
        return Accelerator(pool.accelerator).kind is AcceleratorKind.TPU
    except ValueError:
        return False


def _check_worker(at: str, worker: RayWorkerSpec, pools: dict[str, NodePoolSpec]) -> list[Problem]:
    if worker.pool == SYSTEM_POOL_NAME:
        return [Problem(f"{at}.pool", "the system pool runs the Ray head and the operators, not workers; name an "
                        f"accelerator pool: {_names(pools)}")]
    pool = pools.get(worker.pool)
    if pool is None:
        return [Problem(f"{at}.pool", f"{show(worker.pool)} is not a pool of this blueprint; use one of: "
                        f"{_names(pools)}")]
    shape = _pool_shape(pool)
    if shape is None:  # the pool itself is invalid; its own problems are reported under nodePools
        return []
    per_node, hosts, max_nodes = shape
    per_worker = worker.accelerators_per_worker or per_node
    problems: list[Problem] = []
    if hosts > 1:
        if per_worker != per_node:
            problems.append(Problem(f"{at}.acceleratorsPerWorker", f"{per_worker} does not fit a multi-host TPU "
                                    f"slice: each worker is one host with {per_node} chips; set {per_node} or "
                                    "remove the key"))
        if worker.max_workers % hosts:
            problems.append(Problem(f"{at}.maxWorkers", f"{worker.max_workers} is not whole slices: a "
                                    f"{pool.topology} slice has {hosts} hosts (one worker each); use a multiple "
                                    f"of {hosts}"))
    elif per_worker > per_node or per_node % per_worker:
        problems.append(Problem(f"{at}.acceleratorsPerWorker", f"{per_worker} does not divide the pool's "
                                f"{per_node} accelerators per node; use a divisor of {per_node}"))
        return problems
    capacity = max_nodes * (per_node // per_worker)
    if worker.max_workers > capacity:
        problems.append(Problem(f"{at}.maxWorkers", f"{worker.max_workers} workers do not fit: pool "
                                f"{show(pool.name)} holds at most {capacity} ({max_nodes} nodes x "
                                f"{per_node // per_worker} per node); lower maxWorkers or raise the pool's maxNodes"))
    return problems


def _pool_shape(pool: NodePoolSpec) -> tuple[int, int, int] | None:
    """(accelerators per node, hosts per slice, max nodes) of a pool that validates, else None."""
    try:
        accel = Accelerator(pool.accelerator)
    except ValueError:
        return None
    if accel.kind is AcceleratorKind.TPU:
        if pool.topology is None:
            return None
        try:
            topo = catalog.tpu_topology(accel, pool.topology)
        except catalog.CatalogError:
            return None
        max_nodes = topo.hosts if topo.multi_host else pool.max_nodes
        return (topo.chips_per_host, topo.hosts, max_nodes) if max_nodes else None
    if pool.accelerators_per_node is None or not pool.max_nodes:
        return None
    return pool.accelerators_per_node, 1, pool.max_nodes


def _names(pools: dict[str, NodePoolSpec]) -> str:
    return ", ".join(sorted(pools)) or "(no accelerator pools: add one under nodePools)"
