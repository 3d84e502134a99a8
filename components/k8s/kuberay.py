"""Ray: the KubeRay operator (its chart installs the Ray CRDs) and one RayCluster from the blueprint, after it.

Every Ray pod runs as the `ray` service account (annotated for the cloud identity that reads data/ and writes
checkpoints/), requires the generated token (authOptions), and gets the storage URIs and MLflow's tracking URI and
credentials in its environment. Multi-host TPU groups need the KubeRay TPU webhook (tpu_webhook.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from components.catalog import charts
from components.catalog import services as svc
from components.catalog.scheduling import TPU_RESOURCE
from components.handle import ClusterHandle, WorkloadIdentity
from components.k8s.ray_cluster import API_VERSION, KIND, RayPods, env_var, ray_cluster_spec, secret_env_var
from components.k8s.release import PodSecurity, in_cluster, namespace, release
from components.k8s.tpu_webhook import TpuWebhook
from components.plan import PoolPlan
from components.plan_services import RayPlan

HEAD_HOST = f"{svc.RAY_HEAD_SERVICE}.{svc.RAY_NAMESPACE}.svc.cluster.local"
DASHBOARD_URL = f"http://{HEAD_HOST}:{svc.RAY_DASHBOARD_PORT}"
CLIENT_ADDRESS = f"ray://{HEAD_HOST}:{svc.RAY_CLIENT_PORT}"
# Pulumi's server-side apply takes the atomic workerGroupSpecs back from the autoscaler (see ray_cluster).
PATCH_FORCE = {"pulumi.com/patchForce": "true"}
MLFLOW_CLIENT_SECRET = "mlflow-client"  # MLflow credentials for Ray jobs, in the ray namespace
DATA_URI_ENV = "MLPLATFORM_DATA_URI"
CHECKPOINT_URI_ENV = "MLPLATFORM_CHECKPOINT_URI"
TOKEN_LENGTH = 48


@dataclass(frozen=True, kw_only=True)
class MlflowClient:
    """How Ray jobs reach MLflow: the in-cluster tracking URI and the credentials to copy into the ray namespace."""

    tracking_uri: pulumi.Input[str]
    username: pulumi.Input[str]
    password: pulumi.Input[str]  # secret


@dataclass(frozen=True, kw_only=True)
class RayArgs:
    cluster: ClusterHandle
    plan: RayPlan
    pools: Mapping[str, PoolPlan]  # the cluster's accelerator pools by blueprint name (worker sizes, shapes)
    mlflow: MlflowClient | None = None
    after: tuple[pulumi.Resource, ...] = ()  # e.g. cert-manager, which the TPU webhook needs


def operator_values(system_selector: Mapping[str, str]) -> dict[str, Any]:
    """The operator on the system pool; the chart's defaults are already non-root, read-only and without caps."""
    return {"nodeSelector": dict(system_selector)}


def ray_identity(cluster: ClusterHandle) -> WorkloadIdentity:
    """The cloud's binding for Ray (check_services refuses a build without one before anything registers)."""
    return cluster.workloads[svc.WORKLOAD_RAY]


def ray_env(cluster: ClusterHandle, mlflow: MlflowClient | None) -> tuple[Mapping[str, Any], ...]:
    env: list[Mapping[str, Any]] = []
    if cluster.ray_storage is not None:
        storage = cluster.ray_storage
        env += [env_var(DATA_URI_ENV, storage.data_uri), env_var(CHECKPOINT_URI_ENV, storage.checkpoint_uri)]
        env += [env_var(k, v) for k, v in sorted(storage.env.items())]
    if mlflow is not None:
        env += [
            env_var("MLFLOW_TRACKING_URI", mlflow.tracking_uri),
            secret_env_var("MLFLOW_TRACKING_USERNAME", MLFLOW_CLIENT_SECRET, svc.MLFLOW_AUTH_USERNAME_KEY),
            secret_env_var("MLFLOW_TRACKING_PASSWORD", MLFLOW_CLIENT_SECRET, svc.MLFLOW_AUTH_PASSWORD_KEY),
        ]
    return tuple(env)


class Ray(pulumi.ComponentResource):
    """KubeRay operator (pinned chart) and a token-authenticated RayCluster reachable only inside the cluster."""

    operator: k8s.helm.v3.Release
    ray_cluster: k8s.apiextensions.CustomResource
    service_account: k8s.core.v1.ServiceAccount
    dashboard_url: pulumi.Output[str]
    client_address: pulumi.Output[str]
    auth_secret: pulumi.Output[str]

    def __init__(self, name: str, args: RayArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:k8s:Ray", name, None, opts)
        cluster = args.cluster
        identity = ray_identity(cluster)
        # Baseline enforced, restricted warned: our pods meet restricted, but jobs users run here may need more.
        ns = namespace(f"{name}-ns", svc.RAY_NAMESPACE, PodSecurity.BASELINE, in_cluster(cluster, self))
        self.operator = release(f"{name}-operator", charts.KUBERAY_OPERATOR, ns.metadata.name,
                                operator_values(cluster.system_node_selector), in_cluster(cluster, self, ns))
        self.service_account = k8s.core.v1.ServiceAccount(
            f"{name}-sa",
            metadata=k8s.meta.v1.ObjectMetaArgs(name=identity.service_account, namespace=ns.metadata.name,
                                                annotations=dict(identity.annotations)),
            opts=in_cluster(cluster, self, ns),
        )
        token = random.RandomPassword(f"{name}-token", length=TOKEN_LENGTH, special=False,
                                      opts=pulumi.ResourceOptions(parent=self))
        token_value: pulumi.Output[str] = pulumi.Output.secret(token.result)
        auth = k8s.core.v1.Secret(
            f"{name}-auth",
            metadata=k8s.meta.v1.ObjectMetaArgs(name=svc.RAY_AUTH_SECRET, namespace=ns.metadata.name),
            type="Opaque",
            string_data={svc.RAY_AUTH_TOKEN_KEY: token_value},
            opts=in_cluster(cluster, self, ns),
        )
        after: list[pulumi.Resource] = [self.operator, self.service_account, auth, *identity.ready, *args.after]
        if args.mlflow is not None:
            password: pulumi.Output[str] = pulumi.Output.secret(args.mlflow.password)
            after.append(k8s.core.v1.Secret(
                f"{name}-mlflow",
                metadata=k8s.meta.v1.ObjectMetaArgs(name=MLFLOW_CLIENT_SECRET, namespace=ns.metadata.name),
                type="Opaque",
                string_data={svc.MLFLOW_AUTH_USERNAME_KEY: args.mlflow.username,
                             svc.MLFLOW_AUTH_PASSWORD_KEY: password},
                opts=in_cluster(cluster, self, ns),
            ))
        if any(w.resource == TPU_RESOURCE for w in args.plan.workers):
            after.append(TpuWebhook(f"{name}-tpu-webhook", cluster, ns.metadata.name, [self.operator, *args.after],
                                    pulumi.ResourceOptions(parent=self)).release)
        pods = RayPods(service_account=identity.service_account, labels=dict(identity.pod_labels),
                       env=ray_env(cluster, args.mlflow))
        self.ray_cluster = k8s.apiextensions.CustomResource(
            name,
            api_version=API_VERSION,
            kind=KIND,
            metadata=k8s.meta.v1.ObjectMetaArgs(name=svc.RAY_CLUSTER, namespace=ns.metadata.name,
                                                annotations=dict(PATCH_FORCE)),
            spec=ray_cluster_spec(args.plan, args.pools, cluster.scheduling, cluster.system_node_selector, pods),
            opts=in_cluster(cluster, self, *after),
        )
        self.dashboard_url = pulumi.Output.from_input(DASHBOARD_URL)
        self.client_address = pulumi.Output.from_input(CLIENT_ADDRESS)
        self.auth_secret = auth.metadata.name
        self.register_outputs({
            "operator": self.operator.name,
            "dashboard_url": self.dashboard_url,
            "client_address": self.client_address,
            "auth_secret": self.auth_secret,
        })
