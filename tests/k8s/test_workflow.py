"""The ML workflow on the cluster: Ray and serving run as the cloud-bound accounts, the team gets namespaced roles
only, MLflow's pools fit every database class, and the network policies admit the workflow's flows and no others."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import components.gcp
from components.catalog.database_connections import USER_CONNECTIONS, classes_without_limits
from components.catalog.databases import DATABASE_CLASSES, DatabaseClass
from components.catalog.mlflow_sizing import ENGINES_PER_WORKER, MLFLOW_SHARE, DatabaseTooSmallError, server_sizing
from components.handle import ClusterHandle
from components.k8s.mlflow_auth import auth_ini
from components.plan import ClusterPlan
from components.platform import Platform, PlatformArgs
from components.spec import load_blueprint
from mlplatform.engine.inventory import Inventory
from tests.k8s.conftest import TEAM, blueprint, fake_handle
from tests.k8s.netpol import Endpoint, allowed

RAY_HEAD = Endpoint("ray", {"ray.io/node-type": "head", "ray.io/cluster": "ray"})
RAY_WORKER = Endpoint("ray", {"ray.io/node-type": "worker", "ray.io/cluster": "ray"})
MLFLOW = Endpoint("mlflow", {"app.kubernetes.io/name": "mlflow", "app.kubernetes.io/component": "tracking-server"})
PREDICTOR = Endpoint("ml", {"serving.kserve.io/inferenceservice": "iris"})
KSERVE = Endpoint("kserve", {"control-plane": "kserve-controller-manager"})
CERT_MANAGER = Endpoint("cert-manager", {"app": "webhook"})
OTHER = Endpoint("default", {"app": "anything"})
CONTROL_PLANE = Endpoint(None, ip="172.16.0.2")
STORAGE = Endpoint(None, ip="142.250.1.1")  # a public object-store address
DATABASE = Endpoint(None, ip="10.31.128.5")
GKE_METADATA = Endpoint(None, ip="169.254.169.254")


def render(mocks: Inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
        return fake_handle(plan, workflow=True)[0]

    monkeypatch.setattr(components.gcp, "build", build)

    @pulumi.runtime.test
    def run() -> None:
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(blueprint("prod"))))

    run()


def policies(mocks: Inventory) -> list[dict[str, Any]]:
    return [r.inputs for r in mocks.of_type("kubernetes:networking.k8s.io/v1:NetworkPolicy")]


ADMITTED = [
    ("ray head to a worker (intra-cluster)", RAY_HEAD, RAY_WORKER, 10002),
    ("ray worker to the head's GCS", RAY_WORKER, RAY_HEAD, 6379),
    ("ray worker logs to MLflow", RAY_WORKER, MLFLOW, 5000),
    ("ray worker writes checkpoints", RAY_WORKER, STORAGE, 443),
    ("ray worker's GKE workload identity", RAY_WORKER, GKE_METADATA, 80),
    ("ray autoscaler to the API server", RAY_HEAD, CONTROL_PLANE, 443),
    ("team pod submits a job to the head", PREDICTOR, RAY_HEAD, 8265),
    ("storage initializer reads the model", PREDICTOR, STORAGE, 443),
    ("team pod to MLflow", PREDICTOR, MLFLOW, 5000),
    ("MLflow to Postgres", MLFLOW, DATABASE, 5432),
    ("MLflow to the artifact store", MLFLOW, STORAGE, 443),
    ("control plane to KServe's webhook", CONTROL_PLANE, KSERVE, 9443),
    ("control plane to cert-manager's webhook", CONTROL_PLANE, CERT_MANAGER, 10250),
    ("KServe controller to the API server", KSERVE, CONTROL_PLANE, 443),
    ("DNS from a predictor", PREDICTOR, Endpoint(None, ip="10.32.0.10"), 53),
]
DENIED = [
    ("another namespace to the Ray job API", OTHER, RAY_HEAD, 8265),
    ("another namespace to a Ray worker", OTHER, RAY_WORKER, 10002),
    ("a predictor to a Ray worker", PREDICTOR, RAY_WORKER, 10002),
    ("another namespace to MLflow", OTHER, MLFLOW, 5000),
    ("MLflow to the Ray head", MLFLOW, RAY_HEAD, 8265),
    ("Ray to Postgres", RAY_WORKER, DATABASE, 5432),
    ("a predictor to Postgres", PREDICTOR, DATABASE, 5432),
    ("another namespace to a predictor", OTHER, PREDICTOR, 8080),
    ("the control plane to MLflow", CONTROL_PLANE, MLFLOW, 5000),
    ("MLflow to a plain-HTTP host", MLFLOW, STORAGE, 80),
    ("KServe's controller to MLflow", KSERVE, MLFLOW, 5000),
]


def test_network_policies_admit_the_workflow_and_deny_the_rest(mocks: Inventory,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    render(mocks, monkeypatch)
    rendered = policies(mocks)
    namespaces = {p["metadata"]["namespace"] for p in rendered}
    assert namespaces == {"mlflow", "ray", "ml", "kserve", "cert-manager", "kuberay-tpu-webhook"}
    for ns in namespaces:  # every platform namespace denies by default in both directions
        assert {"metadata": {"name": "default-deny", "namespace": ns}, "spec": {
            "podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": [], "egress": []},
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy"} in rendered
    for what, src, dst, port in ADMITTED:
        assert allowed(rendered, src, dst, port), what
    assert allowed(rendered, PREDICTOR, Endpoint(None, ip="10.32.0.10"), 53, "UDP")
    for what, src, dst, port in DENIED:
        assert not allowed(rendered, src, dst, port), what


def test_the_evaluator_denies_when_nothing_admits_and_admits_unselected_pods() -> None:
    deny = [{"metadata": {"namespace": "ray"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress"],
                                                        "ingress": []}}]
    assert not allowed(deny, OTHER, RAY_HEAD, 8265)
    assert allowed(deny, RAY_HEAD, OTHER, 80)  # egress not isolated
    assert allowed([], OTHER, RAY_HEAD, 8265)


def test_ray_and_serving_run_as_the_cloud_bound_accounts(mocks: Inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    render(mocks, monkeypatch)
    accounts = {(r.inputs["metadata"]["namespace"], r.inputs["metadata"]["name"]): r
                for r in mocks.of_type("kubernetes:core/v1:ServiceAccount")}
    assert accounts[("ray", "ray")].inputs["metadata"]["annotations"] == {
        "iam.gke.io/gcp-service-account": "ray-workers@p.iam.gserviceaccount.com"}
    serving = accounts[("ml", "model-server")]
    assert serving.inputs["metadata"]["annotations"] == {
        "iam.gke.io/gcp-service-account": "serving@p.iam.gserviceaccount.com"}
    assert serving.inputs["automountServiceAccountToken"] is False
    [cluster] = mocks.of_type("kubernetes:ray.io/v1:RayCluster")
    spec = cluster.inputs["spec"]
    groups = [spec["headGroupSpec"], *spec["workerGroupSpecs"]]
    assert [g.get("groupName", "head") for g in groups] == ["head", "h100", "v5e", "cpu"]
    for group in groups:
        pod = group["template"]
        assert pod["metadata"] == {"labels": {"mlplatform.io/identity": "ray-workers"}}
        assert pod["spec"]["serviceAccountName"] == "ray"
        env = {e["name"]: e for e in pod["spec"]["containers"][0]["env"]}
        assert env["MLPLATFORM_DATA_URI"] == {"name": "MLPLATFORM_DATA_URI", "value": "gs://b/data"}
        assert env["MLPLATFORM_CHECKPOINT_URI"]["value"] == "gs://b/checkpoints"
        assert env["MLFLOW_TRACKING_URI"]["value"] == "http://mlflow.mlflow.svc.cluster.local:5000"
        assert env["MLFLOW_TRACKING_PASSWORD"]["valueFrom"] == {
            "secretKeyRef": {"name": "mlflow-client", "key": "password"}}
    cpu = spec["workerGroupSpecs"][2]
    assert (cpu["maxReplicas"], cpu["template"]["spec"]["nodeSelector"]) == (2, {"mlplatform.io/pool": "system"})
    assert "tolerations" not in cpu["template"]["spec"]
    assert cpu["template"]["spec"]["containers"][0]["resources"]["limits"] == {"cpu": "1", "memory": "4Gi"}


def test_the_team_gets_namespaced_roles_only(mocks: Inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    render(mocks, monkeypatch)
    assert [r for r in mocks if r.type.startswith("kubernetes:rbac.authorization.k8s.io/v1:Cluster")] == []
    roles = {r.inputs["metadata"]["namespace"]: r.inputs["rules"]
             for r in mocks.of_type("kubernetes:rbac.authorization.k8s.io/v1:Role")}
    assert set(roles) == {"ml", "ray", "mlflow"}
    assert {"apiGroups": ["serving.kserve.io"], "resources": ["inferenceservices"],
            "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]} in roles["ml"]
    for ns, secret in (("ray", "ray-auth-token"), ("mlflow", "mlflow-user-ml-team")):
        assert {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": [secret]} in roles[ns]
        assert not any("delete" in r["verbs"] or "create" in r["verbs"] and r["resources"] != ["pods/portforward"]
                       for r in roles[ns])
    bindings = mocks.of_type("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")
    assert sorted(b.inputs["metadata"]["namespace"] for b in bindings) == ["ml", "mlflow", "ray"]
    for binding in bindings:
        assert binding.inputs["subjects"] == [dict(s) for s in TEAM]
        assert binding.inputs["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                                             "name": "ml-team"}


@pytest.mark.parametrize("db", list(DATABASE_CLASSES.values()), ids=lambda d: d.instance_class)
@pytest.mark.parametrize("replicas", [1, 2, 3])
def test_mlflow_connections_fit_every_database_class(db: DatabaseClass, replicas: int) -> None:
    limit = USER_CONNECTIONS[(db.cloud, db.instance_class)][0]
    try:
        sizing = server_sizing(db, replicas)
    except DatabaseTooSmallError:
        assert (db.instance_class, replicas) == ("Standard_B1ms", 3)  # 28 connections cannot hold 4 pods x 3 x 2
        return
    pods = replicas + 1
    assert sizing.connections == pods * sizing.workers * ENGINES_PER_WORKER * (sizing.pool_size + sizing.max_overflow)
    assert sizing.connections <= limit * MLFLOW_SHARE
    assert sizing.pool_size >= 1 and sizing.workers >= 1


def test_azure_b1ms_dev_gets_two_workers_of_two_connections_per_engine() -> None:
    b1ms = DATABASE_CLASSES[next(k for k, v in DATABASE_CLASSES.items() if v.instance_class == "Standard_B1ms")]
    sizing = server_sizing(b1ms, 1)
    # 35 user connections (Azure: 50 less 15 reserved), 28 for MLflow; 2 pods x 2 workers x 3 engines x 2 = 24
    assert (sizing.workers, sizing.pool_size, sizing.max_overflow, sizing.connections) == (2, 2, 0, 24)


def test_every_database_class_has_a_connection_limit() -> None:
    assert classes_without_limits() == []


def test_auth_ini_escapes_percent_for_configparser() -> None:
    import configparser

    ini = auth_ini("postgresql://mlflow:p%40ss@db:5432/mlflow?sslmode=require", "a%b")
    parser = configparser.ConfigParser()
    parser.read_string(ini)
    section = parser["mlflow"]
    assert section["database_uri"] == "postgresql://mlflow:p%40ss@db:5432/mlflow?sslmode=require"
    assert (section["admin_username"], section["admin_password"], section["default_permission"]) == (
        "admin", "a%b", "READ")
