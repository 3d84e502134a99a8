"""Azure: AKS with GPU user pools, built from a ClusterPlan.

Files (same names as every cloud): network.py (resource group, VNet, subnets, NAT gateway, NSGs),
cluster.py (identity, AKS control plane, system pool, kubeconfig), node_pool.py (one GPU pool per PoolPlan tier),
autoscaler.py (the priority expander and its ConfigMap ordering a listed pool's tiers),
plus encryption.py (the Key Vault key for etcd encryption of Secrets; GCP has the same file for Cloud KMS),
access.py (the private API's DNS zone, hub peering and DNS link), admins.py (declared cluster admins and the
wait for their role to propagate), operations.py (prod maintenance windows and audit logs), and MLflow's data
plane: object_store.py, database.py, identity.py, assembled by mlflow.py (the same file name as on AWS and GCP);
workloads.py (Ray's and serving's identities on the same container) and team.py (the ML team's namespaced access).
Azure has no TPUs: the spec rejects TPU pools on Azure before anything is planned.
"""

from __future__ import annotations

import pulumi

from components.azure.access import ApiAccess, ApiAccessArgs, hub_provider
from components.azure.admins import ClusterAdmins, ClusterAdminsArgs
from components.azure.autoscaler import PriorityExpander, PriorityExpanderArgs, listed
from components.azure.cluster import Cluster, ClusterArgs
from components.azure.mlflow import BackendInputs, mlflow_backend
from components.azure.network import Network, NetworkArgs
from components.azure.node_pool import AcceleratorPool, AcceleratorPoolArgs
from components.azure.operations import ClusterOperations, ClusterOperationsArgs
from components.azure.team import TeamAccess, TeamAccessArgs, team_subjects
from components.azure.workloads import ray_storage, serving_uri, workflow_identities
from components.catalog.service_names import WORKLOAD_MLFLOW
from components.handle import ClusterHandle, cluster_handle
from components.k8s.provider import cluster_provider
from components.plan import ClusterPlan

__all__ = ["AcceleratorPool", "Cluster", "Network", "build"]


def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
    """Network and API access -> cluster -> admins, prod operations, accelerator pools one after another.

    The Kubernetes provider (so every in-cluster resource) waits for `api_ready`: the hub peerings and DNS link the
    first deploy reaches the private API through, and the admins' role after its propagation wait.
    """
    opts = pulumi.ResourceOptions(parent=parent)
    net = Network(f"{name}-network", NetworkArgs(plan=plan), opts)
    access = ApiAccess(
        f"{name}-access",
        ApiAccessArgs(
            plan=plan,
            resource_group_name=net.resource_group_name,
            vnet_name=net.vnet_name,
            vnet_id=net.vnet_id,
            hub_provider=hub_provider(name, plan.hub, parent) if plan.hub is not None else None,
            after=(net,),
        ),
        opts,
    )
    cluster = Cluster(
        f"{name}-cluster",
        ClusterArgs(
            plan=plan,
            resource_group_name=net.resource_group_name,
            vnet_id=net.vnet_id,
            nodes_subnet_id=net.nodes_subnet_id,
            api_server_subnet_id=net.api_server_subnet_id,
            egress_ip=net.egress_ip,
            private_zone_id=access.zone_id,
        ),
        opts,
    )
    admins = ClusterAdmins(
        f"{name}-admins",
        ClusterAdminsArgs(admins=plan.admins, cluster_id=cluster.cluster_id, subscription_id=cluster.subscription_id),
        opts,
    )
    # AKS runs one agent-pool operation per cluster at a time (a second concurrent create fails with 409
    # OperationNotAllowed, "Another agentpool operation ... is in progress"), so pools are created in a chain,
    # after the prod maintenance configurations (also writes on the cluster).
    previous: tuple[pulumi.Resource, ...] = ()
    if plan.prod:
        previous = (ClusterOperations(
            f"{name}-operations",
            ClusterOperationsArgs(
                plan=plan,
                resource_group_name=net.resource_group_name,
                cluster_name=cluster.cluster_name,
                cluster_id=cluster.cluster_id,
            ),
            opts,
        ),)
    # Every tier of a listed pool is a user pool of its own (same labels and taints), in the same chain.
    tiers: dict[str, AcceleratorPool] = {}
    for pool in plan.pools:
        for group in pool.node_groups:
            key = f"{pool.name}{group.resource_suffix}"
            tiers[key] = AcceleratorPool(
                f"{name}-{key}",
                AcceleratorPoolArgs(
                    pool=group,
                    cluster_name=cluster.cluster_name,
                    resource_group_name=net.resource_group_name,
                    subnet_id=net.nodes_subnet_id,
                    identity_principal_id=cluster.identity_principal_id,
                    tags=plan.tags,
                    after=previous,
                ),
                opts,
            )
            previous = (tiers[key].agent_pool,)
    pools = {pool.name: tiers[pool.name] for pool in plan.pools}
    api_ready = (*access.ready, admins.ready)
    provider = cluster_provider(name, cluster.kubeconfig, parent, depends_on=api_ready)
    expander = [PriorityExpander(
        f"{name}-priority-expander",
        PriorityExpanderArgs(pools=plan.pools, provider=provider,
                             after=[*api_ready, *(t.agent_pool for t in tiers.values())]),
        opts,
    ).config_map] if listed(plan.pools) else []
    if plan.team:
        TeamAccess(f"{name}-team", TeamAccessArgs(team=plan.team, cluster_id=cluster.cluster_id,
                                                  subscription_id=cluster.subscription_id), opts)
    data = None
    if plan.services.mlflow is not None:
        data = mlflow_backend(
            name,
            plan,
            BackendInputs(
                resource_group_name=net.resource_group_name,
                subscription_id=cluster.subscription_id,
                vnet_id=net.vnet_id,
                database_subnet_id=net.database_subnet_id,
                nodes_subnet_id=net.nodes_subnet_id,
                oidc_issuer_url=cluster.oidc_issuer_url,
            ),
            opts,
        )
    # The blueprint rules refuse Ray or KServe without MLflow: both work on MLflow's artifact store.
    workloads = {} if data is None else {
        WORKLOAD_MLFLOW: data.backend.identity,
        **workflow_identities(name, plan, resource_group_name=net.resource_group_name,
                              subscription_id=cluster.subscription_id, oidc_issuer_url=cluster.oidc_issuer_url,
                              store=data.store, opts=opts),
    }
    return cluster_handle(
        plan,
        name=cluster.cluster_name,
        endpoint=cluster.endpoint,
        kubeconfig=cluster.kubeconfig,
        provider=provider,
        pools=pools,
        # its system pool and the expander's ConfigMap; not the accelerator pools: handle.py
        nodes_ready=(cluster.managed_cluster, *expander),
        api_ready=api_ready,
        mlflow=None if data is None else data.backend,
        workloads=workloads,
        serving_uri=serving_uri(data.store) if data is not None and plan.services.kserve else None,
        ray_storage=None if data is None else ray_storage(plan, data.store),
        team_subjects=team_subjects(plan.team),
    )
