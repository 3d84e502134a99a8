"""What a cloud's cluster hands to the layer above: identity, access, and where accelerator pods may land."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Protocol

import pulumi
import pulumi_kubernetes as k8s

from components import catalog
from components.plan import ClusterPlan, PoolPlan, spot_pools


@dataclass(frozen=True)
class PoolScheduling:
    """Node selector and tolerations (Kubernetes wire form) that place a pod on one pool, on any cloud."""

    node_selector: Mapping[str, str]
    tolerations: tuple[Mapping[str, str], ...]
    # A spot pool's pod stop budget within the cloud's interruption notice (catalog.spot_interruption); None off spot.
    termination_grace_seconds: int | None = None


def pool_scheduling(pool: PoolPlan, termination_grace_seconds: int | None = None) -> PoolScheduling:
    """`Exists` tolerations: GKE sets nvidia.com/gpu=present where EKS/AKS pools carry =true; both match."""
    seen: dict[tuple[str, str], Mapping[str, str]] = {}
    for taint in pool.tolerations:
        seen.setdefault(
            (taint.key, taint.effect),
            MappingProxyType({"key": taint.key, "operator": "Exists", "effect": taint.effect}),
        )
    return PoolScheduling(node_selector=pool.node_selector, tolerations=tuple(seen.values()),
                          termination_grace_seconds=termination_grace_seconds)


def plan_scheduling(plan: ClusterPlan) -> Mapping[str, PoolScheduling]:
    """Every pool's placement; a spot pool's also carries the cloud's stop budget for pods on it."""
    grace = catalog.spot_interruption(plan.cloud).worker_grace_seconds
    spot = {p.name for p in spot_pools(plan)}
    return MappingProxyType({
        pool.name: pool_scheduling(pool, grace if pool.name in spot else None) for pool in plan.pools
    })


@dataclass(frozen=True, kw_only=True)
class WorkloadIdentity:
    """A Kubernetes service account mapped to a cloud identity, with no keys: the cloud creates the mapping
    (EKS Pod Identity association, GKE Workload Identity binding, AKS federated credential) and says what the
    service account and its pods must carry."""

    namespace: str
    service_account: str
    annotations: Mapping[str, pulumi.Input[str]]  # e.g. iam.gke.io/gcp-service-account, azure client id
    pod_labels: Mapping[str, str]  # e.g. azure.workload.identity/use: "true"
    ready: Sequence[pulumi.Resource] = ()  # the mapping and its grants; pods start after them


@dataclass(frozen=True, kw_only=True)
class ArtifactStore:
    """Where MLflow keeps artifacts. MLflow's URI scheme differs from fsspec's on Azure (wasbs:// vs abfs://)."""

    mlflow_uri: pulumi.Output[str]  # s3://b/mlflow, gs://b/mlflow, wasbs://c@account.blob.core.windows.net/mlflow
    fsspec_uri: pulumi.Output[str]  # s3://b/mlflow, gs://b/mlflow, abfs://c@account.dfs.core.windows.net/mlflow
    env: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)  # what the storage client needs, no secrets
    ready: Sequence[pulumi.Resource] = ()


@dataclass(frozen=True, kw_only=True)
class DatabaseConnection:
    """A managed Postgres reachable only from the cluster's nodes; TLS is required by the server."""

    host: pulumi.Output[str]
    port: int
    database: str
    username: str
    password: pulumi.Output[str]  # secret
    ready: Sequence[pulumi.Resource] = ()


@dataclass(frozen=True, kw_only=True)
class MlflowBackend:
    """What MLflow needs from the cloud, without naming the cloud."""

    artifacts: ArtifactStore
    database: DatabaseConnection
    identity: WorkloadIdentity


@dataclass(frozen=True, kw_only=True)
class RayStorage:
    """Where Ray reads data and writes checkpoints (fsspec URIs: s3://, gs://, abfs://) and the storage client's env."""

    data_uri: pulumi.Output[str]
    checkpoint_uri: pulumi.Output[str]
    env: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ClusterHandle:
    """A running cluster as seen by in-cluster services: they never import a cloud SDK."""

    name: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    provider: k8s.Provider
    pool_names: Mapping[str, pulumi.Output[str]]
    scheduling: Mapping[str, PoolScheduling]
    system_node_selector: Mapping[str, str]
    # The one ordering anchor for nodes (a few resources, whatever the pool count): what in-cluster workloads run on,
    # the system pool, what their volumes name (AWS's scratch StorageClass) and what their pods select (GKE's
    # ComputeClass of a listed pool; AKS's priority-expander ConfigMap, one per cluster). Helm releases are atomic, so
    # they wait for their Deployments' pods (helm pkg/kube/ready.go), which select system nodes. Accelerator pools are
    # not in it: they scale from zero, so waiting for a node group never gave anything a node; the Cluster Autoscaler
    # adds GPU/TPU nodes for pending pods later. The device plugin's DaemonSet is ready with no node to run on
    # (desiredNumberScheduled 0), a RayCluster is accepted before its workers have nodes, and an accelerator group
    # that cannot be created (no capacity in its zone) no longer holds back every service. One edge set per resource
    # instead of one per pool also keeps a render's cost per pool flat (tests/engine/test_scale_depends_on.py).
    nodes_ready: Sequence[pulumi.Resource] = field(default_factory=tuple)
    # What the first Kubernetes call needs: the network path (routes, peerings, DNS links, rules) and the deployer's
    # permission (access entries, role assignments and their propagation). Every in-cluster resource depends on it.
    api_ready: Sequence[pulumi.Resource] = field(default_factory=tuple)
    # Set when the blueprint enables MLflow: the cloud's bucket, database and identity for it.
    mlflow: MlflowBackend | None = None
    # The cloud identities of the ML workflow's workloads, keyed by role (service_names.WORKLOAD_*): "mlflow",
    # "ray" (reads data/, reads and writes checkpoints/) and "serving" (reads mlflow/, the registered models),
    # each present when its service is enabled. The in-cluster layer creates the service account with the
    # binding's annotations and runs the pods as it, with its pod labels, after `ready`.
    workloads: Mapping[str, WorkloadIdentity] = field(default_factory=dict)
    # Where serving reads models: the artifact store's MLflow prefix as a URI KServe's storage initializer
    # accepts on this cloud (s3://b/mlflow, gs://b/mlflow, https://<account>.blob.core.windows.net/<c>/mlflow).
    serving_uri: pulumi.Output[str] | None = None
    # Ray's fsspec URIs (data to read, checkpoints to write) under the artifact store, and the env the storage
    # client needs; None when Ray is not enabled.
    ray_storage: RayStorage | None = None
    # RBAC subjects (Kubernetes wire form: kind, name, apiGroup) that the cloud maps the blueprint's team members
    # into; the in-cluster layer binds them to the team's namespaced roles. Empty when no team is declared.
    team_subjects: tuple[Mapping[str, str], ...] = ()


class NamedPool(Protocol):
    """What every cloud's AcceleratorPool exposes: the pool's name on that cloud."""

    @property
    def pool_name(self) -> pulumi.Output[str]: ...


def cluster_handle(
    plan: ClusterPlan,
    *,
    name: pulumi.Output[str],
    endpoint: pulumi.Output[str],
    kubeconfig: pulumi.Output[str],
    provider: k8s.Provider,
    pools: Mapping[str, NamedPool],
    nodes_ready: Sequence[pulumi.Resource],
    api_ready: Sequence[pulumi.Resource] = (),
    mlflow: MlflowBackend | None = None,
    workloads: Mapping[str, WorkloadIdentity] | None = None,
    serving_uri: pulumi.Output[str] | None = None,
    ray_storage: RayStorage | None = None,
    team_subjects: Sequence[Mapping[str, str]] = (),
) -> ClusterHandle:
    """The handle a cloud's `build` returns; scheduling keys and the system selector come from the plan alone."""
    return ClusterHandle(
        name=name,
        endpoint=endpoint,
        kubeconfig=kubeconfig,
        provider=provider,
        pool_names={pool: built.pool_name for pool, built in pools.items()},
        scheduling=plan_scheduling(plan),
        system_node_selector=plan.system.labels,
        nodes_ready=tuple(nodes_ready),
        api_ready=tuple(api_ready),
        mlflow=mlflow,
        workloads=MappingProxyType(dict(workloads or {})),
        serving_uri=serving_uri,
        ray_storage=ray_storage,
        team_subjects=tuple(team_subjects),
    )
