"""Ray: the KubeRay operator (its chart installs the Ray CRDs) and one RayCluster from the blueprint, after it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.catalog import charts
from components.catalog import services as svc
from components.handle import ClusterHandle
from components.k8s.ray_cluster import API_VERSION, KIND, ray_cluster_spec
from components.k8s.release import PodSecurity, in_cluster, namespace, release
from components.plan import PoolPlan
from components.plan_services import RayPlan

HEAD_HOST = f"{svc.RAY_HEAD_SERVICE}.{svc.RAY_NAMESPACE}.svc.cluster.local"
DASHBOARD_URL = f"http://{HEAD_HOST}:{svc.RAY_DASHBOARD_PORT}"
CLIENT_ADDRESS = f"ray://{HEAD_HOST}:{svc.RAY_CLIENT_PORT}"


@dataclass(frozen=True, kw_only=True)
class RayArgs:
    cluster: ClusterHandle
    plan: RayPlan
    pools: Mapping[str, PoolPlan]  # the cluster's accelerator pools by blueprint name (worker sizes, shapes)


def operator_values(system_selector: Mapping[str, str]) -> dict[str, Any]:
    """The operator on the system pool; the chart's defaults are already non-root, read-only and without caps."""
    return {"nodeSelector": dict(system_selector)}


class Ray(pulumi.ComponentResource):
    """KubeRay operator (pinned chart) and a RayCluster reachable only inside the cluster."""

    operator: k8s.helm.v3.Release
    ray_cluster: k8s.apiextensions.CustomResource
    dashboard_url: pulumi.Output[str]
    client_address: pulumi.Output[str]

    def __init__(self, name: str, args: RayArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:k8s:Ray", name, None, opts)
        cluster = args.cluster
        # Baseline enforced, restricted warned: our pods meet restricted, but jobs users run here may need more.
        ns = namespace(f"{name}-ns", svc.RAY_NAMESPACE, PodSecurity.BASELINE, in_cluster(cluster, self))
        self.operator = release(f"{name}-operator", charts.KUBERAY_OPERATOR, ns.metadata.name,
                                operator_values(cluster.system_node_selector), in_cluster(cluster, self, ns))
        self.ray_cluster = k8s.apiextensions.CustomResource(
            name,
            api_version=API_VERSION,
            kind=KIND,
            metadata=k8s.meta.v1.ObjectMetaArgs(name=svc.RAY_CLUSTER, namespace=ns.metadata.name),
            spec=ray_cluster_spec(args.plan, args.pools, cluster.scheduling, cluster.system_node_selector),
            opts=in_cluster(cluster, self, self.operator),
        )
        self.dashboard_url = pulumi.Output.from_input(DASHBOARD_URL)
        self.client_address = pulumi.Output.from_input(CLIENT_ADDRESS)
        self.register_outputs({
            "operator": self.operator.name,
            "dashboard_url": self.dashboard_url,
            "client_address": self.client_address,
        })
