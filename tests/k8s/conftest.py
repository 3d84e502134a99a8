"""A cluster handle with an MLflow backend, as any cloud's `build` returns it, for the in-cluster components."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from components.handle import (
    ArtifactStore,
    ClusterHandle,
    DatabaseConnection,
    MlflowBackend,
    RayStorage,
    WorkloadIdentity,
    plan_scheduling,
)
from components.plan import ClusterPlan, plan_platform
from components.spec import load_blueprint
from mlplatform.engine.inventory import Inventory, Registration
from tests.blueprints import ADMINS

POOLS = [
    {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "minNodes": 0, "maxNodes": 2},
    {"name": "v5e", "accelerator": "tpu-v5e", "topology": "4x4", "minNodes": 0},  # 4 hosts x 4 chips
]
SERVICES = {
    "mlflow": {"database": {"size": "medium"}},
    "kserve": {},
    "ray": {"head": {"size": "small"}, "workers": [
        {"pool": "h100", "maxWorkers": 4, "acceleratorsPerWorker": 4},
        {"pool": "v5e", "maxWorkers": 4},
    ]},
}
MLFLOW_URI = "wasbs://mlflow@acct.blob.core.windows.net/mlflow"
FSSPEC_URI = "abfs://mlflow@acct.dfs.core.windows.net/mlflow"
PASSWORD = "p@ss/w:rd"
TEAM = ({"kind": "Group", "name": "mlplatform:ml-team", "apiGroup": "rbac.authorization.k8s.io"},)
GKE_POOL = "mlplatform-prod.svc.id.goog"


def workload(namespace: str, account: str, gsa: str) -> WorkloadIdentity:
    return WorkloadIdentity(namespace=namespace, service_account=account,
                            annotations={"iam.gke.io/gcp-service-account": f"{gsa}@p.iam.gserviceaccount.com"},
                            pod_labels={"mlplatform.io/identity": gsa})


def blueprint(environment: str = "prod", services: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {
        "cloud": "gcp", "region": "us-central1", "environment": environment,
        "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["gcp"], "systemPool": {"size": "small", "nodes": 3}},
        "nodePools": POOLS,
        "services": SERVICES if services is None else services,
    }


def plan_of(environment: str = "prod", services: Mapping[str, Any] | None = None) -> ClusterPlan:
    return plan_platform(load_blueprint(blueprint(environment, services)))


@dataclass(frozen=True)
class Ready:
    """The marker resources a fake cloud hands over; tests check that in-cluster resources wait for them."""

    api: pulumi.CustomResource
    nodes: pulumi.CustomResource
    database: pulumi.CustomResource
    identity: pulumi.CustomResource
    bucket: pulumi.CustomResource

    def urns(self, inventory: Inventory) -> dict[str, str]:
        return {f.name: inventory.named(f"ready-{f.name}").urn for f in dataclasses.fields(self)}


def fake_handle(plan: ClusterPlan, with_mlflow: bool = True, workflow: bool = False) -> tuple[ClusterHandle, Ready]:
    """Must run inside a Pulumi test (registers the marker resources and the provider). `workflow` fills what else the
    clouds give the ML workflow: Ray's storage URIs, the serving URI, the team."""
    ready = Ready(*(random.RandomString(f"ready-{n}", length=8) for n in
                    ("api", "nodes", "database", "identity", "bucket")))
    backend = MlflowBackend(
        artifacts=ArtifactStore(
            mlflow_uri=pulumi.Output.from_input(MLFLOW_URI),
            fsspec_uri=pulumi.Output.from_input(FSSPEC_URI),
            env={"AZURE_STORAGE_ACCOUNT": "acct"},
            ready=[ready.bucket],
        ),
        database=DatabaseConnection(
            host=pulumi.Output.from_input("10.0.0.5"), port=5432, database="mlflow", username="mlflow",
            password=pulumi.Output.secret(PASSWORD), ready=[ready.database],
        ),
        identity=WorkloadIdentity(
            namespace="mlflow", service_account="mlflow",
            annotations={"azure.workload.identity/client-id": "00000000-0000-0000-0000-000000000042"},
            pod_labels={"azure.workload.identity/use": "true"},
            ready=[ready.identity],
        ),
    )
    handle = ClusterHandle(
        name=pulumi.Output.from_input("c"),
        endpoint=pulumi.Output.from_input("https://c"),
        kubeconfig=pulumi.Output.secret("{}"),
        provider=k8s.Provider("test-k8s", kubeconfig="{}"),
        pool_names={},
        scheduling=plan_scheduling(plan),
        system_node_selector=plan.system.labels,
        nodes_ready=[ready.nodes],
        api_ready=[ready.api],
        mlflow=backend if with_mlflow else None,
        # Every cloud binds Ray's and serving's service accounts; the in-cluster layer refuses a build without them.
        workloads={"ray": workload("ray", "ray", "ray-workers"), "serving": workload("ml", "model-server", "serving")},
    )
    if workflow:
        handle = dataclasses.replace(
            handle,
            ray_storage=RayStorage(data_uri=pulumi.Output.from_input("gs://b/data"),
                                   checkpoint_uri=pulumi.Output.from_input("gs://b/checkpoints")),
            serving_uri=pulumi.Output.from_input("gs://b/mlflow"),
            team_subjects=TEAM,
        )
    return handle, ready


def objects(inventory: Inventory) -> list[Registration]:
    """Built-in Kubernetes objects (not Helm releases, providers or custom resources)."""
    return [r for r in inventory.custom() if r.type.startswith("kubernetes:") and r.type.split(":")[1].count("/") == 1
            and r.type.split(":")[1].split("/")[0] in {"core", "apps", "policy"}]
