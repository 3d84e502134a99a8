"""Azure: AKS with GPU user pools, built from a ClusterPlan.

Files (same names as every cloud): network.py (resource group, VNet, subnets, NAT gateway, NSGs),
cluster.py (identity, AKS control plane, system pool, kubeconfig), node_pool.py (one GPU pool per PoolPlan),
plus encryption.py (the Key Vault key for etcd encryption of Secrets; GCP has the same file for Cloud KMS).
Azure has no TPUs: the spec rejects TPU pools on Azure before anything is planned.
"""

from __future__ import annotations

import pulumi

from components.azure.cluster import Cluster, ClusterArgs
from components.azure.network import Network, NetworkArgs
from components.azure.node_pool import AcceleratorPool, AcceleratorPoolArgs
from components.handle import ClusterHandle, cluster_handle
from components.k8s.provider import cluster_provider
from components.plan import ClusterPlan

__all__ = ["AcceleratorPool", "Cluster", "Network", "build"]


def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
    """Network -> cluster -> accelerator pools one after another; the k8s provider waits for the deployer's role."""
    opts = pulumi.ResourceOptions(parent=parent)
    net = Network(f"{name}-network", NetworkArgs(plan=plan), opts)
    cluster = Cluster(
        f"{name}-cluster",
        ClusterArgs(
            plan=plan,
            resource_group_name=net.resource_group_name,
            nodes_subnet_id=net.nodes_subnet_id,
            egress_ip=net.egress_ip,
        ),
        opts,
    )
    # AKS runs one agent-pool operation per cluster at a time (a second concurrent create fails with 409
    # OperationNotAllowed, "Another agentpool operation ... is in progress"), so pools are created in a chain.
    pools: dict[str, AcceleratorPool] = {}
    previous: tuple[pulumi.Resource, ...] = ()
    for pool in plan.pools:
        pools[pool.name] = AcceleratorPool(
            f"{name}-{pool.name}",
            AcceleratorPoolArgs(
                pool=pool,
                cluster_name=cluster.cluster_name,
                resource_group_name=net.resource_group_name,
                subnet_id=net.nodes_subnet_id,
                identity_principal_id=cluster.identity_principal_id,
                tags=plan.tags,
                after=previous,
            ),
            opts,
        )
        previous = (pools[pool.name].agent_pool,)
    return cluster_handle(
        plan,
        name=cluster.cluster_name,
        endpoint=cluster.endpoint,
        kubeconfig=cluster.kubeconfig,
        provider=cluster_provider(name, cluster.kubeconfig, parent, depends_on=[cluster.deployer_access]),
        pools=pools,
        nodes_ready=(cluster.managed_cluster, *(pool.agent_pool for pool in pools.values())),
    )
