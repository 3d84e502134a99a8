"""Platform: the top component. Plans the blueprint, builds it on the chosen cloud, adds what every cluster needs
and the ML services the blueprint enables (each in-cluster step after the API is reachable and nodes can exist)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import cast

import pulumi

from components import catalog
from components.handle import ClusterHandle
from components.k8s.device_plugin import DevicePluginArgs, NvidiaDevicePlugin
from components.k8s.services import Services, add_services
from components.plan import ClusterPlan, plan_platform
from components.platform_inputs import PLATFORM_TYPE, platform_inputs
from components.spec import AcceleratorKind, Blueprint

BuildCluster = Callable[[str, ClusterPlan, pulumi.Resource], ClusterHandle]


@dataclass(frozen=True, kw_only=True)
class PlatformArgs:
    blueprint: Blueprint


class Platform(pulumi.ComponentResource):
    """One ML platform on one cloud; the cloud's folder is imported only when chosen."""

    plan: ClusterPlan
    cluster: ClusterHandle
    cluster_name: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    pool_names: Mapping[str, pulumi.Output[str]]
    services: Services

    def __init__(self, name: str, args: PlatformArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        registered = platform_inputs(args.blueprint)  # the budget and environment, for the cost pack's stack rules
        super().__init__(PLATFORM_TYPE, name, registered, opts)
        self.plan = plan_platform(args.blueprint)
        build = cast(BuildCluster, importlib.import_module(f"components.{self.plan.cloud.value}").build)
        self.cluster = build(name, self.plan, self)
        self.services = add_services(name, self.plan, self.cluster, self)
        gpu_pools = [p for p in self.plan.pools if p.kind is AcceleratorKind.GPU]
        if gpu_pools and catalog.traits(self.plan.cloud).device_plugin is catalog.Manager.PLATFORM:
            NvidiaDevicePlugin(
                f"{name}-nvidia",
                DevicePluginArgs(cluster=self.cluster, gpu_accelerators=[p.accelerator.value for p in gpu_pools]),
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.cluster_name = self.cluster.name
        self.endpoint = self.cluster.endpoint
        self.kubeconfig = self.cluster.kubeconfig
        self.pool_names = self.cluster.pool_names
        self.register_outputs(
            {
                "cluster_name": self.cluster_name,
                "endpoint": self.endpoint,
                "kubeconfig": self.kubeconfig,
                "pool_names": dict(self.pool_names),
                **registered,  # AnalyzeStack reads a component's outputs: the same budget as its inputs
            }
        )
