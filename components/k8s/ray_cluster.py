"""The RayCluster body (ray.io/v1) from the plan: pure, so it is validated against the pinned CRD without Pulumi.

Head on the system pool with `num-cpus: "0"` (no task or actor lands on it) and no accelerators; KubeRay's in-tree
autoscaler on; one worker group per planned group, on its pool (node selector + tolerations from the handle),
scaling 0..max, multi-host TPU groups as `numOfHosts` pods per replica. Head and workers run the same Ray version.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from components.catalog import services as svc
from components.catalog.scheduling import GPU_RESOURCE
from components.handle import PoolScheduling
from components.plan import PoolPlan
from components.plan_services import RayPlan, RayWorkerPlan

API_VERSION = "ray.io/v1"
KIND = "RayCluster"
HEAD_CONTAINER = "ray-head"
WORKER_CONTAINER = "ray-worker"
LOGS = ("ray-logs", "/tmp/ray")  # Ray's session and log directory: an emptyDir, not the image's filesystem
SHM = ("shm", "/dev/shm")  # the object store lives in shared memory; the runtime's default 64Mi is too small


def ray_cluster_spec(
    plan: RayPlan,
    pools: Mapping[str, PoolPlan],
    scheduling: Mapping[str, PoolScheduling],
    system_selector: Mapping[str, str],
) -> dict[str, Any]:
    head = svc.RAY_HEAD_SIZES[plan.head_size]
    return {
        "rayVersion": svc.RAY_VERSION,
        "enableInTreeAutoscaling": True,
        "autoscalerOptions": {
            "upscalingMode": "Default",
            "idleTimeoutSeconds": svc.RAY_IDLE_TIMEOUT_SECONDS,
            "securityContext": container_security(),
        },
        "headGroupSpec": {
            "serviceType": "ClusterIP",
            "rayStartParams": {"num-cpus": "0", "dashboard-host": "0.0.0.0"},
            "template": {
                "spec": {
                    "nodeSelector": dict(system_selector),
                    "securityContext": pod_security(),
                    "containers": [{
                        "name": HEAD_CONTAINER,
                        "image": svc.RAY_IMAGE.ref,
                        "ports": [
                            {"name": "gcs", "containerPort": svc.RAY_GCS_PORT},
                            {"name": "dashboard", "containerPort": svc.RAY_DASHBOARD_PORT},
                            {"name": "client", "containerPort": svc.RAY_CLIENT_PORT},
                        ],
                        "resources": head.as_k8s(),
                        "securityContext": container_security(),
                        "volumeMounts": [{"name": LOGS[0], "mountPath": LOGS[1]}],
                    }],
                    "volumes": [{"name": LOGS[0], "emptyDir": {}}],
                }
            },
        },
        "workerGroupSpecs": [
            worker_group(w, pools[w.pool], scheduling[w.pool]) for w in plan.workers
        ],
    }


def worker_group(worker: RayWorkerPlan, pool: PoolPlan, scheduling: PoolScheduling) -> dict[str, Any]:
    resources = worker_resources(worker, pool)
    image = svc.RAY_GPU_IMAGE if worker.resource == GPU_RESOURCE else svc.RAY_IMAGE
    return {
        "groupName": worker.pool,
        "replicas": 0,
        "minReplicas": 0,
        "maxReplicas": worker.max_replicas,
        "numOfHosts": worker.hosts,
        "rayStartParams": {},
        "template": {
            "spec": {
                "nodeSelector": dict(scheduling.node_selector),
                "tolerations": [dict(t) for t in scheduling.tolerations],
                "securityContext": pod_security(),
                "containers": [{
                    "name": WORKER_CONTAINER,
                    "image": image.ref,
                    "resources": {"requests": resources, "limits": dict(resources)},
                    "securityContext": container_security(),
                    "volumeMounts": [
                        {"name": LOGS[0], "mountPath": LOGS[1]},
                        {"name": SHM[0], "mountPath": SHM[1]},
                    ],
                }],
                "volumes": [{"name": LOGS[0], "emptyDir": {}}, {"name": SHM[0], "emptyDir": {"medium": "Memory"}}],
            }
        },
    }


def worker_resources(worker: RayWorkerPlan, pool: PoolPlan) -> dict[str, str]:
    """The worker's accelerators, and its share of the node's vCPUs and memory (see RAY_WORKER_NODE_SHARE)."""
    shape = pool.shape
    share = worker.accelerators_per_worker / pool.accelerators_per_node * svc.RAY_WORKER_NODE_SHARE
    return {
        "cpu": str(max(1, math.floor(shape.vcpus * share))),
        "memory": f"{max(1, math.floor(shape.memory_gib * share))}Gi",
        worker.resource: str(worker.accelerators_per_worker),
    }


def pod_security() -> dict[str, Any]:
    return {
        "runAsNonRoot": True,
        "runAsUser": svc.RAY_USER_ID,
        "runAsGroup": svc.RAY_GROUP_ID,
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def container_security() -> dict[str, Any]:
    return {
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "runAsNonRoot": True,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
