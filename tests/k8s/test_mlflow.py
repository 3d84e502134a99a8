"""MLflow on the cluster: exact objects, the Secret and service account wired into the Deployment, what it
waits for, and every object strictly valid Kubernetes."""

from __future__ import annotations

import json

import kubernetes_validate
import pulumi

from components.catalog import services as svc
from components.handle import DatabaseConnection
from components.k8s.mlflow import Mlflow, MlflowArgs, database_url
from components.k8s.mlflow_pod import server_args
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.mocks import MASKED
from tests.k8s.conftest import FSSPEC_URI, MLFLOW_URI, PASSWORD, Ready, fake_handle, objects, plan_of
from tests.k8s.reference import UPSTREAM, requires_reference
from tests.manifests import manifest

LABELS = {"app.kubernetes.io/name": "mlflow", "app.kubernetes.io/component": "tracking-server"}
SECURITY = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}
ENV = [
    {"name": "MLFLOW_BACKEND_STORE_URI", "valueFrom": {"secretKeyRef": {"name": "mlflow-database", "key": "uri"}}},
    {"name": "HOME", "value": "/tmp"},
    {"name": "PYTHONDONTWRITEBYTECODE", "value": "1"},
    # prod fixture: GCP db-custom-2-7680 (397 user connections, 317 for MLflow), 2 replicas + 1 surge, 4 workers,
    # 3 engines each: 317 // 36 = 8 per engine -> pool 5 + overflow 3 (288 connections at most)
    {"name": "MLFLOW_SQLALCHEMYSTORE_POOL_SIZE", "value": "5"},
    {"name": "MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW", "value": "3"},
    {"name": "AZURE_STORAGE_ACCOUNT", "value": "acct"},
]
AUTH_ENV = [
    {"name": "MLFLOW_AUTH_CONFIG_PATH", "value": "/etc/mlflow-auth/basic_auth.ini"},
    {"name": "MLFLOW_FLASK_SERVER_SECRET_KEY",
     "valueFrom": {"secretKeyRef": {"name": "mlflow-auth", "key": "flask-secret-key"}}},
]
# The fixture's largest node: 8 x H100 80 GB = 640 GiB of accelerator memory, staged twice.
SCRATCH = {"name": "tmp", "ephemeral": {"volumeClaimTemplate": {"spec": {
    "accessModes": ["ReadWriteOnce"], "storageClassName": "standard-rwo",
    "resources": {"requests": {"storage": "1280Gi"}}}}}}
AUTH_VOLUME = {"name": "auth-config", "secret": {"secretName": "mlflow-auth", "defaultMode": 0o440,
                                                 "items": [{"key": "basic_auth.ini", "path": "basic_auth.ini"}]}}
HOSTS = ("mlflow:5000,mlflow.mlflow:5000,mlflow.mlflow.svc:5000,mlflow.mlflow.svc.cluster.local:5000,"
         "localhost:*,127.0.0.1:*")


def build(environment: str) -> tuple[dict[str, str], dict[str, str]]:
    """Build Mlflow on a fake handle; returns (marker urns, outputs)."""
    plan = plan_of(environment)
    assert plan.services.mlflow is not None
    built: dict[str, object] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        handle, ready = fake_handle(plan)
        assert handle.mlflow is not None
        mlflow = Mlflow("mlflow", MlflowArgs(cluster=handle, backend=handle.mlflow, plan=plan.services.mlflow,
                                             prod=plan.prod, cloud=plan.cloud, pools=plan.pools))
        built["ready"] = ready
        return pulumi.Output.all(mlflow.tracking_uri, mlflow.artifact_uri, mlflow.fsspec_uri).apply(
            lambda v: built.update(outputs=dict(zip(("tracking", "artifact", "fsspec"), v, strict=True)))
        )

    run()
    ready = built["ready"]
    assert isinstance(ready, Ready)
    return ready.__dict__, built["outputs"]  # type: ignore[return-value]


def test_mlflow_prod_objects_are_exact(mocks: Inventory) -> None:
    _, outputs = build("prod")
    [ns] = mocks.of_type("kubernetes:core/v1:Namespace")
    assert ns.inputs["metadata"] == {"name": "mlflow", "labels": {
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
    }}
    [account] = mocks.of_type("kubernetes:core/v1:ServiceAccount")
    assert account.inputs["metadata"] == {"name": "mlflow", "namespace": "mlflow", "labels": LABELS, "annotations": {
        "azure.workload.identity/client-id": "00000000-0000-0000-0000-000000000042"}}
    assert account.inputs["automountServiceAccountToken"] is False
    # By name: the engine receives registrations in the order their inputs resolve, which no test may rely on.
    by_name = {r.inputs["metadata"]["name"]: r for r in mocks.of_type("kubernetes:core/v1:Secret")}
    assert sorted(by_name) == ["mlflow-auth", "mlflow-database"]
    secret, auth = by_name["mlflow-database"], by_name["mlflow-auth"]
    assert auth.inputs["metadata"] == {"name": "mlflow-auth", "namespace": "mlflow", "labels": LABELS}
    assert auth.inputs["stringData"] == MASKED
    assert secret.inputs["metadata"] == {"name": "mlflow-database", "namespace": "mlflow", "labels": LABELS}
    assert secret.inputs["type"] == "Opaque"
    assert secret.inputs["stringData"] == MASKED  # the provider keeps the whole map secret

    [deployment] = mocks.of_type("kubernetes:apps/v1:Deployment")
    spec = deployment.inputs["spec"]
    assert spec["replicas"] == 2
    assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
    assert spec["selector"] == {"matchLabels": LABELS}
    assert spec["template"]["metadata"] == {"labels": {**LABELS, "azure.workload.identity/use": "true"}}
    pod = spec["template"]["spec"]
    assert pod["serviceAccountName"] == "mlflow"
    assert pod["nodeSelector"] == {"mlplatform.io/pool": "system"}
    assert pod["securityContext"] == {"runAsNonRoot": True, "runAsUser": 1000, "runAsGroup": 1000, "fsGroup": 1000,
                                      "seccompProfile": {"type": "RuntimeDefault"}}
    assert pod["volumes"] == [SCRATCH, AUTH_VOLUME]
    [migrate] = pod["initContainers"]
    assert migrate == {
        "name": "db-upgrade", "image": "ghcr.io/mlflow/mlflow:v3.18.0-full", "command": ["mlflow"],
        "args": ["db", "upgrade", "$(MLFLOW_BACKEND_STORE_URI)"], "env": ENV,
        "resources": {"requests": {"cpu": "100m", "memory": "512Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}},
        "securityContext": SECURITY, "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    [server] = pod["containers"]
    probe = {"httpGet": {"path": "/health", "port": "http"}, "timeoutSeconds": 5}
    assert server == {
        "name": "mlflow", "image": "ghcr.io/mlflow/mlflow:v3.18.0-full", "command": ["mlflow"],
        "args": ["server", "--host", "0.0.0.0", "--port", "5000", "--serve-artifacts",
                 "--artifacts-destination", MLFLOW_URI, "--allowed-hosts", HOSTS, "--workers", "4",
                 "--app-name", "basic-auth"],
        "env": ENV + AUTH_ENV,
        "ports": [{"name": "http", "containerPort": 5000}],
        "startupProbe": {**probe, "periodSeconds": 5, "failureThreshold": 60},
        "readinessProbe": {**probe, "periodSeconds": 10, "failureThreshold": 3},
        "livenessProbe": {**probe, "periodSeconds": 20, "failureThreshold": 3},
        "resources": {"requests": {"cpu": "250m", "memory": "2Gi"}, "limits": {"cpu": "1", "memory": "2Gi"}},
        "securityContext": SECURITY, "volumeMounts": [
            {"name": "tmp", "mountPath": "/tmp"}, {"name": "auth-config", "mountPath": "/etc/mlflow-auth",
                                                   "readOnly": True}],
    }
    selector = {"matchLabels": LABELS}
    assert pod["topologySpreadConstraints"] == [
        {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
         "labelSelector": selector},
        {"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway",
         "labelSelector": selector},
    ]
    [service] = mocks.of_type("kubernetes:core/v1:Service")
    assert service.inputs["spec"] == {"type": "ClusterIP", "selector": LABELS, "ports": [
        {"name": "http", "port": 5000, "targetPort": "http", "protocol": "TCP"}]}
    [pdb] = mocks.of_type("kubernetes:policy/v1:PodDisruptionBudget")
    assert pdb.inputs["spec"] == {"maxUnavailable": 1, "selector": selector}
    assert outputs == {"tracking": "http://mlflow.mlflow.svc.cluster.local:5000", "artifact": MLFLOW_URI,
                       "fsspec": FSSPEC_URI}


def test_dev_runs_one_replica_without_pdb_or_zone_spread(mocks: Inventory) -> None:
    build("dev")
    [deployment] = mocks.of_type("kubernetes:apps/v1:Deployment")
    assert deployment.inputs["spec"]["replicas"] == 1
    assert "topologySpreadConstraints" not in deployment.inputs["spec"]["template"]["spec"]
    assert mocks.of_type("kubernetes:policy/v1:PodDisruptionBudget") == []


def test_deployment_waits_for_database_identity_bucket_and_the_api(mocks: Inventory) -> None:
    build("prod")
    markers = {n: mocks.named(f"ready-{n}").urn for n in ("api", "nodes", "database", "identity", "bucket")}
    [deployment] = mocks.of_type("kubernetes:apps/v1:Deployment")
    secret = mocks.named("mlflow-db").urn
    account = mocks.named("mlflow-sa").urn
    auth = mocks.named("mlflow-auth").urn
    assert set(markers.values()) | {secret, account, auth} <= set(deployment.dependencies)
    [component] = mocks.of_type("mlplatform:k8s:Mlflow")
    for reg in objects(mocks):
        assert {markers["api"], markers["nodes"]} <= set(reg.dependencies), reg.name
        assert reg.provider.endswith("test-k8s"), reg.name
        assert reg.parent == component.urn, reg.name


def test_every_mlflow_object_is_strictly_valid_kubernetes(mocks: Inventory) -> None:
    build("prod")
    found = objects(mocks)
    assert {r.type.removeprefix("kubernetes:") for r in found} == {
        "core/v1:Namespace", "core/v1:ServiceAccount", "core/v1:Secret", "apps/v1:Deployment", "core/v1:Service",
        "policy/v1:PodDisruptionBudget"}
    for reg in found:
        kubernetes_validate.validate(manifest(reg.inputs), "1.35", strict=True)


def test_database_url_requires_tls_encodes_the_password_and_stays_secret(mocks: Inventory) -> None:
    seen: dict[str, object] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        db = DatabaseConnection(host=pulumi.Output.from_input("10.0.0.5"), port=5432, database="mlflow",
                                username="mlflow", password=pulumi.Output.secret(PASSWORD))
        url = database_url(db)
        return pulumi.Output.all(pulumi.Output.unsecret(url), pulumi.Output.is_secret(url)).apply(
            lambda v: seen.update(url=v[0], secret=v[1]))

    run()
    assert seen == {"url": "postgresql://mlflow:p%40ss%2Fw%3Ard@10.0.0.5:5432/mlflow?sslmode=require", "secret": True}


@requires_reference
def test_server_flags_exist_in_the_pinned_release_and_avoid_the_incompatible_ones() -> None:
    options = json.loads((UPSTREAM / "mlflow" / "server_options.json").read_text())
    assert svc.MLFLOW_IMAGE.tag == f"v{options['mlflow_version']}-full"
    flags = {f for o in options["options"] for spelled in o["flags"] for f in spelled.split("/")}
    ours = [a for a in server_args("s3://b/mlflow", "mlflow", "mlflow", 4)
            if isinstance(a, str) and a.startswith("-")]
    assert ours == ["--host", "--port", "--serve-artifacts", "--artifacts-destination", "--allowed-hosts",
                    "--workers", "--app-name"]
    assert set(ours) <= flags
    # upstream README: --allowed-hosts does not combine with --gunicorn-opts / --waitress-opts
    assert not {"--gunicorn-opts", "--waitress-opts"} & set(ours)
    by_flag = {o["flags"][0]: o for o in options["options"]}
    assert by_flag["--backend-store-uri"]["envvar"] == "MLFLOW_BACKEND_STORE_URI"  # how the Secret reaches it

