"""HOW on GCP: a private GKE Standard cluster with GPU and TPU node pools, built from a ClusterPlan.

Files: ``network.py`` (VPC, subnet, Cloud NAT), ``cluster.py`` (control plane, system pool, kubeconfig),
``node_pool.py`` (one AcceleratorPool per PoolPlan), and two GCP-only helpers: ``identity.py`` (the nodes'
least-privilege service account) and ``encryption.py`` (the KMS key for Secrets in etcd).
"""

from __future__ import annotations

import pulumi

from components.gcp.cluster import Cluster, ClusterArgs
from components.gcp.network import Network, NetworkArgs
from components.gcp.node_pool import AcceleratorPool, AcceleratorPoolArgs
from components.handle import ClusterHandle, cluster_handle
from components.k8s.provider import cluster_provider
from components.plan import ClusterPlan

__all__ = ["AcceleratorPool", "Cluster", "Network", "build"]


def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
    """Network -> cluster (+ system pool) -> one accelerator pool per plan pool -> the handle services use."""
    child = pulumi.ResourceOptions(parent=parent)
    network = Network(f"{name}-network", NetworkArgs(region=plan.region), opts=child)
    cluster = Cluster(
        f"{name}-cluster",
        ClusterArgs(
            plan=plan,
            project=network.project,
            network_id=network.network_id,
            subnetwork_id=network.subnetwork_id,
            pods_range=network.pods_range,
            services_range=network.services_range,
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
                tags=plan.tags,
                depends_on=cluster.identity.bindings,
            ),
            opts=child,
        )
        for pool in plan.pools
    }
    node_pools = [cluster.system_pool, *(p.node_pool for p in pools.values())]
    return cluster_handle(
        plan,
        name=cluster.cluster_name,
        endpoint=cluster.endpoint,
        kubeconfig=cluster.kubeconfig,
        provider=cluster_provider(name, cluster.kubeconfig, parent, depends_on=[cluster.system_pool]),
        pools=pools,
        nodes_ready=node_pools,
    )
