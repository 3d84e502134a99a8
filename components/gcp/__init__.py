"""HOW on GCP: a private GKE Standard cluster with GPU and TPU node pools, built from a ClusterPlan.

Files: ``network.py`` (VPC, subnet, Cloud NAT, hub peering), ``cluster.py`` (control plane, system pool),
``access.py`` (DNS endpoint, authorized networks, kubeconfig, declared admins), ``node_pool.py`` (one
AcceleratorPool per PoolPlan), and GCP-only helpers: ``apis.py`` (the APIs the stack enables), ``identity.py``
(the nodes' least-privilege service account), ``encryption.py`` (the KMS key for Secrets in etcd) and
``maintenance.py`` (prod's window and exclusion). MLflow's data plane: ``object_store.py`` (GCS),
``database.py`` (Cloud SQL), ``identity.py`` (Workload Identity), composed in ``mlflow.py``.
The first deploy's path is the DNS endpoint: docs/deploy-gcp.md.
"""

from __future__ import annotations

import pulumi

from components.gcp.apis import Apis, ApisArgs, required_apis
from components.gcp.cluster import Cluster, ClusterArgs
from components.gcp.mlflow import mlflow_backend
from components.gcp.network import Network, NetworkArgs
from components.gcp.node_pool import AcceleratorPool, AcceleratorPoolArgs
from components.handle import ClusterHandle, cluster_handle
from components.k8s.provider import cluster_provider
from components.plan import ClusterPlan

__all__ = ["AcceleratorPool", "Cluster", "Network", "build"]


def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
    """APIs -> network -> cluster (+ system pool, admins) -> accelerator pools -> MLflow's data plane -> the handle."""
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
    pools = {
        pool.name: AcceleratorPool(
            f"{name}-{pool.name}",
            AcceleratorPoolArgs(
                pool=pool,
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
    }
    node_pools = [cluster.system_pool, *(p.node_pool for p in pools.values())]
    # The DNS endpoint needs no network path: the first Kubernetes call needs the cluster and the IAM grant only.
    api_ready = [cluster.cluster, *cluster.admins.grants]
    return cluster_handle(
        plan,
        name=cluster.cluster_name,
        endpoint=cluster.endpoint,
        kubeconfig=cluster.kubeconfig,
        provider=cluster_provider(name, cluster.kubeconfig, parent, depends_on=[cluster.system_pool, *api_ready]),
        pools=pools,
        nodes_ready=node_pools,
        api_ready=api_ready,
        mlflow=mlflow_backend(name, plan, network, cluster.cluster, parent, apis),
    )
