"""AWS: the plan built as EKS with raw `pulumi_aws` resources (network, cluster, accelerator pools, autoscaler)."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.aws.access import team_access, team_subjects
from components.aws.autoscaler import ClusterAutoscaler, ClusterAutoscalerArgs, expander_priorities
from components.aws.block_storage import scratch_storage_class
from components.aws.cluster import Cluster, ClusterArgs
from components.aws.credentials import deployer_warning, provider_exec_identity
from components.aws.interruption import SpotInterruptionArgs, SpotInterruptionHandler
from components.aws.mlflow import mlflow_backend
from components.aws.network import Network, NetworkArgs
from components.aws.node_pool import AcceleratorPool, AcceleratorPoolArgs
from components.aws.scaling import live_scalings
from components.aws.workloads import ray_storage, serving_uri, workflow_identities
from components.catalog.service_names import WORKLOAD_MLFLOW
from components.handle import ClusterHandle, cluster_handle
from components.k8s.provider import cluster_provider
from components.plan import ClusterPlan, spot_pools


def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
    """Network (+ hub attachment) -> cluster (+ admins, add-ons, system pool) -> one node group per accelerator
    pool -> Cluster Autoscaler, the ML team's namespaced access, and MLflow's bucket, database and identity with
    Ray's and serving's identities on the same bucket when enabled. In-cluster steps wait for `api_ready`: the hub
    routes and attachment, the API's security-group rules and the admins' access policies."""
    child = pulumi.ResourceOptions(parent=parent)
    warning = deployer_warning(aws.get_caller_identity().arn, plan.admins)
    if warning is not None:
        pulumi.log.warn(warning)
    network = Network(f"{name}-network", NetworkArgs(plan=plan), opts=child)
    private = network.private_subnet_ids
    cluster = Cluster(
        f"{name}-cluster",
        ClusterArgs(
            plan=plan,
            subnet_ids=[private[z] for z in network.zones],
            system_subnet_ids=[private[z] for z in plan.system.zones],
            vpc_cidr=network.cidr_block,
            exec_identity=provider_exec_identity(),
        ),
        opts=child,
    )
    groups = [group for pool in plan.pools for group in pool.node_groups]
    live = live_scalings(plan.name, [group.cloud_name for group in groups])  # all at once: see scaling.py
    # Every tier of a listed pool is a node group of its own (same labels and taints), behind the priority expander;
    # the preferred tier's group is the one the handle names.
    tiers = {
        f"{pool.name}{group.resource_suffix}": AcceleratorPool(
            f"{name}-{pool.name}{group.resource_suffix}",
            AcceleratorPoolArgs(
                pool=group,
                cluster_name=cluster.cluster_name,
                kubernetes_version=cluster.kubernetes_version,
                node_role_arn=cluster.node_role_arn,
                subnet_ids=[private[z] for z in group.zones],
                tags=plan.tags,
                live=live[group.cloud_name],
                after=cluster.addons,
            ),
            opts=child,
        )
        for pool in plan.pools
        for group in pool.node_groups
    }
    pools = {pool.name: tiers[pool.name] for pool in plan.pools}
    api_ready = (*network.hub_ready, *cluster.api_ready)
    provider = cluster_provider(name, cluster.kubeconfig, parent, depends_on=api_ready)
    ClusterAutoscaler(
        f"{name}-autoscaler",
        ClusterAutoscalerArgs(
            cluster_name=cluster.cluster_name,
            cluster_arn=cluster.cluster_arn,
            region=plan.region,
            kubernetes_version=plan.kubernetes_version,
            node_selector=plan.system.labels,
            provider=provider,
            # CoreDNS among the add-ons: the autoscaler resolves the AWS endpoints it calls at start.
            after=[cluster.system_node_group, *cluster.addons, *api_ready],
            tags=plan.tags,
            priorities=expander_priorities(plan.pools),
        ),
        opts=child,
    )
    # Volumes (MLflow's scratch) name this class: every in-cluster resource waits for it with the nodes.
    storage_class = scratch_storage_class(name, provider, [cluster.ebs_csi_driver, *api_ready], parent)
    if spot_pools(plan):
        SpotInterruptionHandler(
            f"{name}-spot-interruption",
            SpotInterruptionArgs(
                cluster_name=cluster.cluster_name,
                region=plan.region,
                node_selector=plan.system.labels,
                provider=provider,
                after=[cluster.system_node_group, *cluster.addons, *api_ready],
                tags=plan.tags,
            ),
            opts=child,
        )
    team_access(name, cluster.cluster_name, plan.team, plan.tags, child)
    mlflow = plan.services.mlflow
    data = None if mlflow is None else mlflow_backend(
        name, plan, mlflow,
        vpc_id=network.vpc_id,
        subnet_ids=[private[z] for z in network.zones],
        cluster_name=cluster.cluster_name,
        cluster_security_group_id=cluster.security_group_id,
        parent=parent,
    )
    # The blueprint rules refuse Ray or KServe without MLflow: both work on MLflow's artifact store.
    workloads = {} if data is None else {
        WORKLOAD_MLFLOW: data.backend.identity,
        **workflow_identities(name, plan, data.bucket, cluster.cluster_name, parent),
    }
    return cluster_handle(
        plan,
        name=cluster.cluster_name,
        endpoint=cluster.endpoint,
        kubeconfig=cluster.kubeconfig,
        provider=provider,
        pools=pools,
        nodes_ready=[cluster.system_node_group, storage_class],  # not the accelerator groups: handle.py
        api_ready=api_ready,
        mlflow=None if data is None else data.backend,
        workloads=workloads,
        serving_uri=serving_uri(data.bucket) if data is not None and plan.services.kserve else None,
        ray_storage=None if data is None else ray_storage(plan, data.bucket),
        team_subjects=team_subjects(plan.team),
    )
