"""The in-cluster ML services a plan asks for, composed on any cloud's cluster handle."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from components.handle import ClusterHandle
from components.k8s.kserve import KServe, KServeArgs
from components.k8s.kuberay import Ray, RayArgs
from components.k8s.mlflow import Mlflow, MlflowArgs
from components.plan import ClusterPlan


@dataclass(frozen=True)
class Services:
    """What was deployed; None where the blueprint left a service out."""

    mlflow: Mlflow | None = None
    kserve: KServe | None = None
    ray: Ray | None = None


def add_services(name: str, plan: ClusterPlan, cluster: ClusterHandle, parent: pulumi.Resource) -> Services:
    """MLflow, KServe and Ray as the plan says; raises RunError before registering any of them when the plan
    asks for MLflow and the cloud's build gave no backend (bucket, database, identity) for it."""
    services = plan.services
    if services.mlflow is not None and cluster.mlflow is None:
        raise pulumi.RunError(
            f"services.mlflow is enabled but the {plan.cloud.value} build returned no MLflow backend (artifact "
            "store, database, workload identity); the cloud folder must build one when plan.services.mlflow is set"
        )
    opts = pulumi.ResourceOptions(parent=parent)
    mlflow = None
    if services.mlflow is not None and cluster.mlflow is not None:
        mlflow = Mlflow(f"{name}-mlflow", MlflowArgs(cluster=cluster, backend=cluster.mlflow,
                                                     plan=services.mlflow, prod=plan.prod), opts=opts)
    kserve = KServe(f"{name}-kserve", KServeArgs(cluster=cluster), opts=opts) if services.kserve else None
    ray = None
    if services.ray is not None:
        pools = {pool.name: pool for pool in plan.pools}
        ray = Ray(f"{name}-ray", RayArgs(cluster=cluster, plan=services.ray, pools=pools), opts=opts)
    return Services(mlflow=mlflow, kserve=kserve, ray=ray)
