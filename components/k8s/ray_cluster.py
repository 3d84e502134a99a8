"""The RayCluster body (ray.io/v1) from the plan: pure, so it is validated against the pinned CRD without Pulumi.

Head on the system pool with `num-cpus: "0"` (no task or actor lands on it) and no accelerators; KubeRay's in-tree
autoscaler on; one worker group per planned group, on its pool (node selector + tolerations from the handle),
scaling 0..max, multi-host TPU groups as `numOfHosts` pods per replica; a capped CPU group on the system pool so
CPU-only tasks never start an accelerator node (the autoscaler also keeps them off GPU node types). Head and
workers run the same Ray version, as the `ray` service account bound to the cloud identity, with its pod labels.

No `replicas` on any worker group: the autoscaler owns it (services.KUBERAY_REPLICAS), Pulumi owns the groups'
definitions. `workerGroupSpecs` is an atomic list in the CRD, so when a blueprint change makes Pulumi apply it after
the autoscaler wrote it, the apply must force (kuberay.PATCH_FORCE) and the stored groups carry the CRD default
replicas 0 until the autoscaler's next loop writes its count again; with in-tree autoscaling on, KubeRay deletes
only the pods the autoscaler names (scaleStrategy.workersToDelete), so running workers are not reset.
Token authentication (authOptions) uses the generated Secret RAY_AUTH_SECRET.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi

from components.catalog import services as svc
from components.catalog.scheduling import GPU_RESOURCE, TPU_RESOURCE
from components.handle import PoolScheduling
from components.plan import PoolPlan
from components.plan_services import RayCpuPlan, RayPlan, RayWorkerPlan

API_VERSION = "ray.io/v1"
KIND = "RayCluster"
HEAD_CONTAINER = "ray-head"
WORKER_CONTAINER = "ray-worker"
LOGS = ("ray-logs", "/tmp/ray")  # Ray's session and log directory: an emptyDir, not the image's filesystem
SHM = ("shm", "/dev/shm")  # the object store lives in shared memory; the runtime's default 64Mi is too small
AUTH_MODE = "token"
IMAGES = {GPU_RESOURCE: svc.RAY_GPU_IMAGE, TPU_RESOURCE: svc.RAY_TPU_IMAGE}


@dataclass(frozen=True, kw_only=True)
class RayPods:
    """What every Ray pod carries: the service account, its pod labels and the environment (storage URIs, MLflow)."""

    service_account: str = svc.RAY_SERVICE_ACCOUNT
    labels: Mapping[str, str] = field(default_factory=dict)
    env: tuple[Mapping[str, Any], ...] = ()  # Kubernetes EnvVar wire form; values may be pulumi Inputs


def env_var(name: str, value: pulumi.Input[str]) -> dict[str, Any]:
    return {"name": name, "value": value}


def secret_env_var(name: str, secret: str, key: str) -> dict[str, Any]:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def ray_cluster_spec(
    plan: RayPlan,
    pools: Mapping[str, PoolPlan],
    scheduling: Mapping[str, PoolScheduling],
    system_selector: Mapping[str, str],
    pods: RayPods = RayPods(),
) -> dict[str, Any]:
    head = svc.RAY_HEAD_SIZES[plan.head_size]
    workers = [worker_group(w, pools[w.pool], scheduling[w.pool], pods) for w in plan.workers]
    if plan.cpu.max_workers:
        workers.append(cpu_group(plan.cpu, system_selector, pods))
    return {
        "rayVersion": svc.RAY_VERSION,
        "enableInTreeAutoscaling": True,
        "authOptions": {"mode": AUTH_MODE, "secretName": svc.RAY_AUTH_SECRET},
        "autoscalerOptions": {
            "upscalingMode": "Default",
            "idleTimeoutSeconds": svc.RAY_IDLE_TIMEOUT_SECONDS,
            "securityContext": container_security(),
        },
        "headGroupSpec": {
            "serviceType": "ClusterIP",
            "rayStartParams": {"num-cpus": "0", "dashboard-host": "0.0.0.0"},
            "template": {
                "metadata": {"labels": dict(pods.labels)},
                "spec": {
                    # The autoscaler sidecar patches the RayCluster: KubeRay binds its Role to this account.
                    "serviceAccountName": pods.service_account,
                    "nodeSelector": dict(system_selector),
                    "securityContext": pod_security(),
                    "containers": [{
                        "name": HEAD_CONTAINER,
                        "image": svc.RAY_IMAGE.ref,
                        "env": [dict(e) for e in pods.env],
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
        "workerGroupSpecs": workers,
    }


def worker_group(
    worker: RayWorkerPlan, pool: PoolPlan, scheduling: PoolScheduling, pods: RayPods = RayPods()
) -> dict[str, Any]:
    resources = worker_resources(worker, pool)
    group = _group(worker.pool, worker.max_replicas, worker.hosts, IMAGES[worker.resource].ref, resources,
                   dict(scheduling.node_selector), [dict(t) for t in scheduling.tolerations], pods)
    if scheduling.termination_grace_seconds is not None:
        # A spot pool: the worker must stop (Ray Train's last report) within what the cloud's notice leaves it.
        group["template"]["spec"]["terminationGracePeriodSeconds"] = scheduling.termination_grace_seconds
    return group


def cpu_group(cpu: RayCpuPlan, system_selector: Mapping[str, str], pods: RayPods = RayPods()) -> dict[str, Any]:
    """CPU only, on the system pool, at most `max_workers` pods: the cap keeps Ray from crowding the operators."""
    size = svc.RAY_CPU_WORKER_SIZES[cpu.size]
    resources = {"cpu": size.cpu, "memory": size.memory}
    return _group(svc.RAY_CPU_GROUP, cpu.max_workers, 1, svc.RAY_IMAGE.ref, resources, dict(system_selector), [],
                  pods)


def _group(
    name: str, max_replicas: int, hosts: int, image: str, resources: Mapping[str, str],
    node_selector: dict[str, str], tolerations: list[dict[str, str]], pods: RayPods,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "serviceAccountName": pods.service_account,
        # Workers never call the Kubernetes API; the cloud identity arrives through its own projected token or the
        # metadata server, not through the service account token.
        "automountServiceAccountToken": False,
        "nodeSelector": node_selector,
    }
    if tolerations:
        spec["tolerations"] = tolerations
    spec |= {
        "securityContext": pod_security(),
        "containers": [{
            "name": WORKER_CONTAINER,
            "image": image,
            "env": [dict(e) for e in pods.env],
            "resources": {"requests": dict(resources), "limits": dict(resources)},
            "securityContext": container_security(),
            "volumeMounts": [
                {"name": LOGS[0], "mountPath": LOGS[1]},
                {"name": SHM[0], "mountPath": SHM[1]},
            ],
        }],
        "volumes": [{"name": LOGS[0], "emptyDir": {}}, {"name": SHM[0], "emptyDir": {"medium": "Memory"}}],
    }
    return {
        "groupName": name,
        "minReplicas": 0,
        "maxReplicas": max_replicas,
        "numOfHosts": hosts,
        "rayStartParams": {},
        "template": {"metadata": {"labels": dict(pods.labels)}, "spec": spec},
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
