"""The in-cluster ML services a plan asks for, composed on any cloud's cluster handle, with the team's namespace and
roles and the namespaces' default-deny network policies."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from components.catalog import services as svc
from components.catalog.scheduling import TPU_RESOURCE
from components.handle import ClusterHandle
from components.k8s.kserve import KServe, KServeArgs
from components.k8s.kuberay import MlflowClient, Ray, RayArgs
from components.k8s.mlflow import Mlflow, MlflowArgs
from components.k8s.network_policies import NetworkPolicies
from components.k8s.team import Team
from components.k8s.tpu_webhook import NAMESPACE as TPU_WEBHOOK_NAMESPACE
from components.plan import ClusterPlan


@dataclass(frozen=True)
class Services:
    """What was deployed; None where the blueprint left a service out."""

    mlflow: Mlflow | None = None
    kserve: KServe | None = None
    ray: Ray | None = None
    team: Team | None = None


def workload_exports(services: Services) -> dict[str, dict[str, str]]:
    """role -> {namespace, serviceAccount} of every workload deployed: the same names on every cloud."""
    out: dict[str, dict[str, str]] = {}
    if services.mlflow is not None:
        out[svc.WORKLOAD_MLFLOW] = {"namespace": svc.MLFLOW_NAMESPACE, "serviceAccount": svc.MLFLOW_SERVICE_ACCOUNT}
    if services.ray is not None:
        out[svc.WORKLOAD_RAY] = {"namespace": svc.RAY_NAMESPACE, "serviceAccount": svc.RAY_SERVICE_ACCOUNT}
    if services.kserve is not None:
        out[svc.WORKLOAD_SERVING] = {"namespace": svc.SERVING_NAMESPACE,
                                     "serviceAccount": svc.SERVING_SERVICE_ACCOUNT}
    return out


def mlflow_users(plan: ClusterPlan) -> tuple[str, ...]:
    """MLflow's non-admin users: one for Ray's jobs when Ray runs, one for the team when it has a namespace."""
    services = plan.services
    team = services.ray is not None or services.kserve
    return tuple(user for user, wanted in ((svc.MLFLOW_RAY_USER, services.ray is not None),
                                           (svc.MLFLOW_TEAM_USER, team)) if wanted)


def check_services(plan: ClusterPlan, cluster: ClusterHandle) -> None:
    """Raise RunError, before any service registers, when the cloud's build gave the services less than the plan
    needs (the blueprint's own problems, such as a database class too small for MLflow's replicas or a TPU group
    without the webhook's cert-manager, are refused earlier by validation, with their paths)."""
    services = plan.services
    if services.mlflow is not None and cluster.mlflow is None:
        raise pulumi.RunError(
            f"services.mlflow is enabled but the {plan.cloud.value} build returned no MLflow backend (artifact "
            "store, database, workload identity); the cloud folder must build one when plan.services.mlflow is set"
        )
    needed = {svc.WORKLOAD_RAY: services.ray is not None, svc.WORKLOAD_SERVING: services.kserve}
    missing = sorted(role for role, wanted in needed.items() if wanted and role not in cluster.workloads)
    if missing:
        raise pulumi.RunError(
            f"the {plan.cloud.value} build returned no cloud identity for {', '.join(missing)}; the cloud folder must "
            "bind every enabled workload's service account (ClusterHandle.workloads)"
        )


def add_services(name: str, plan: ClusterPlan, cluster: ClusterHandle, parent: pulumi.Resource) -> Services:
    """MLflow, KServe and Ray as the plan says, the team's namespace and roles, and network policies for every
    namespace created; check_services runs first."""
    check_services(plan, cluster)
    services = plan.services
    opts = pulumi.ResourceOptions(parent=parent)
    mlflow = None
    if services.mlflow is not None and cluster.mlflow is not None:
        mlflow = Mlflow(f"{name}-mlflow", MlflowArgs(cluster=cluster, backend=cluster.mlflow, plan=services.mlflow,
                                                     prod=plan.prod, cloud=plan.cloud, pools=plan.pools,
                                                     users=mlflow_users(plan)), opts=opts)
    kserve = KServe(f"{name}-kserve", KServeArgs(cluster=cluster), opts=opts) if services.kserve else None
    ray = None
    if services.ray is not None:
        pools = {pool.name: pool for pool in plan.pools}
        client = None if mlflow is None else MlflowClient(
            tracking_uri=mlflow.tracking_uri, username=svc.MLFLOW_RAY_USER,
            password=mlflow.user_passwords[svc.MLFLOW_RAY_USER])
        after = (kserve.cert_manager,) if kserve is not None else ()
        ray = Ray(f"{name}-ray", RayArgs(cluster=cluster, plan=services.ray, pools=pools, mlflow=client, after=after),
                  opts=opts)
    present: dict[str, list[pulumi.Resource]] = {}
    if mlflow is not None:
        present[svc.MLFLOW_NAMESPACE] = [mlflow]
    if ray is not None:
        present[svc.RAY_NAMESPACE] = [ray]
    team = None
    if kserve is not None or ray is not None:
        team = Team(f"{name}-team", cluster, sorted(present), [r for a in present.values() for r in a], opts)
        present[svc.TEAM_NAMESPACE] = [team]
    if kserve is not None:
        present[svc.KSERVE_NAMESPACE] = [kserve]
        present[svc.CERT_MANAGER_NAMESPACE] = [kserve]
    if ray is not None and services.ray is not None and any(w.resource == TPU_RESOURCE for w in services.ray.workers):
        present[TPU_WEBHOOK_NAMESPACE] = [ray]
    if present:
        NetworkPolicies(f"{name}-netpol", cluster, plan.cloud, present, opts)
    return Services(mlflow=mlflow, kserve=kserve, ray=ray, team=team)
