"""HOW on GCP: a private GKE Standard cluster with GPU and TPU node pools, built from a ClusterPlan.

Files: ``network.py`` (VPC, subnet, Cloud NAT, hub peering), ``cluster.py`` (control plane, system pool),
``access.py`` (DNS endpoint, authorized networks, kubeconfig, declared admins), ``node_pool.py`` (one
AcceleratorPool per PoolPlan tier), ``compute_class.py`` (the ComputeClass ordering a listed pool's tiers), and
GCP-only helpers: ``apis.py`` (the APIs the stack enables), ``identity.py``
(the nodes' least-privilege service account), ``encryption.py`` (the KMS key for Secrets in etcd) and
``maintenance.py`` (prod's window and exclusion). MLflow's data plane: ``object_store.py`` (GCS),
``database.py`` (Cloud SQL), ``identity.py`` (Workload Identity), composed in ``mlflow.py``.
The first deploy's path is the DNS endpoint: docs/deploy-gcp.md.
"""

from __future__ import annotations

import pulumi

from components.catalog.service_names import WORKLOAD_MLFLOW
from components.gcp.access import TeamAccess, TeamAccessArgs, team_subjects
from components.gcp.apis import Apis, ApisArgs, required_apis
from components.gcp.cluster import Cluster, ClusterArgs
from components.gcp.compute_class import CapacityOrder, CapacityOrderArgs
from components.gcp.firewall import webhook_firewall
from components.gcp.mlflow import mlflow_backend
from components.gcp.network import Network, NetworkArgs
from components.gcp.node_pool import AcceleratorPool, AcceleratorPoolArgs
from components.gcp.workloads import ray_storage, serving_uri, workflow_identities
from components.handle import ClusterHandle, cluster_handle
from components.k8s.provider import cluster_provider
from components.plan import ClusterPlan

__all__ = ["AcceleratorPool", "CapacityOrder", "Cluster", "Network", "build"]


def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
    """APIs -> network -> cluster (+ system pool, admins) -> accelerator pools -> the webhook firewall rule, the
    team's IAM -> MLflow's data plane and the workflow's identities on its bucket -> the handle."""
    child = pulumi.ResourceOptions(parent=parent)
    apis = Apis(f"{name}-apis", ApisArgs(apis=required_apis(plan)), opts=child).services
    network = Network(
        f"{name}-network",
        NetworkArgs(
            cluster_name=plan.name,
            region=plan.region,
            cidr=plan.network_cidr,
            hub=plan.hub,
            protect=plan.protect,
            depends_on=apis,
        ),
        opts=child,
    )
    cluster = Cluster(
        f"{name}-cluster",
        ClusterArgs(
            plan=plan,
            project=network.project,
            network_id=network.network_id,
            subnetwork_id=network.subnetwork_id,
            pods_range=network.pods_range,
            services_range=network.services_range,
            depends_on=apis,
        ),
        opts=child,
    )
    tiers = {  # every tier of every pool; the preferred tier's pool is the one the handle names
        f"{pool.name}{group.resource_suffix}": AcceleratorPool(
            f"{name}-{pool.name}{group.resource_suffix}",
            AcceleratorPoolArgs(
                pool=group,
                cluster=cluster.cluster_name,
                location=cluster.location,
                service_account=cluster.node_service_account,
                version=cluster.master_version,
                tags=plan.tags,
                depends_on=cluster.identity.bindings,
            ),
            opts=child,
        )
        for pool in plan.pools
        for group in pool.node_groups
    }
    pools = {pool.name: tiers[pool.name] for pool in plan.pools}
    # The DNS endpoint needs no network path: the first Kubernetes call needs the cluster and the IAM grant only;
    # KServe's objects also need the control plane to reach its webhook on the nodes.
    webhooks = webhook_firewall(name, plan, network.network_id, cluster.cluster, cluster.node_service_account, child)
    api_ready = [cluster.cluster, *cluster.admins.grants, *([webhooks] if webhooks is not None else [])]
    if plan.team:
        TeamAccess(f"{name}-team", TeamAccessArgs(project=network.project, team=plan.team, depends_on=apis),
                   opts=child)
    data = mlflow_backend(name, plan, network, cluster.cluster, parent, apis)
    # The blueprint rules refuse Ray or KServe without MLflow: both work on MLflow's artifact store.
    workloads = {} if data is None else {
        WORKLOAD_MLFLOW: data.backend.identity,
        **workflow_identities(name, plan, network.project, data.bucket.bucket, [*apis, cluster.cluster], parent),
    }
    provider = cluster_provider(name, cluster.kubeconfig, parent, depends_on=[cluster.system_pool, *api_ready])
    orders = [  # pods of a listed pool select its class: in-cluster workloads wait for it with the nodes
        CapacityOrder(
            f"{name}-{pool.name}-capacity",
            CapacityOrderArgs(pool=pool, provider=provider, after=[
                *api_ready, *(tiers[f"{pool.name}{g.resource_suffix}"].node_pool for g in pool.node_groups)]),
            opts=child,
        ).compute_class
        for pool in plan.pools
        if pool.alternates
    ]
    return cluster_handle(
        plan,
        name=cluster.cluster_name,
        endpoint=cluster.endpoint,
        kubeconfig=cluster.kubeconfig,
        provider=provider,
        pools=pools,
        # the system pool and each listed pool's ComputeClass (its pods select it); not the pools: handle.py
        nodes_ready=[cluster.system_pool, *orders],
        api_ready=api_ready,
        mlflow=None if data is None else data.backend,
        workloads=workloads,
        serving_uri=serving_uri(data.bucket.bucket) if data is not None and plan.services.kserve else None,
        ray_storage=None if data is None else ray_storage(plan, data.bucket.bucket),
        team_subjects=team_subjects(plan.team),
    )
