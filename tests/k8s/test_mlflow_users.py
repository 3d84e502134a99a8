"""MLflow's workflow users: Ray's jobs and the team sign in as their own non-admin users, never as the admin.

The chain is walked on the rendered resources: Ray's pod env -> the `mlflow-client` Secret in `ray` -> the generated
password -> the `mlflow-user-ray` Secret the Job reads -> the user the Job creates. The Job's script is run here
against a stand-in of MLflow's auth client (the names it calls are MLflow's own: `get_app_client("basic-auth")`,
`create_user`, `update_user_password`, RestException.error_code; mlflow/server/auth/client.py)."""

from __future__ import annotations

import sys
import types
from typing import Any

import pulumi
import pytest

import components.gcp
from components.catalog import services as svc
from components.handle import ClusterHandle
from components.k8s import mlflow_users
from components.k8s import services as services_module
from components.k8s.kuberay import Ray, RayArgs
from components.k8s.services import mlflow_users as users_of
from components.plan import ClusterPlan
from components.platform import Platform, PlatformArgs
from components.spec import load_blueprint
from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.engine.mocks import MASKED
from tests.k8s.conftest import SERVICES, blueprint, fake_handle, plan_of
from tests.k8s.netpol import Endpoint, allowed
from tests.k8s.test_workflow import render as render_prod

JOB_POD = Endpoint("mlflow", {"app.kubernetes.io/name": "mlflow-users", "app.kubernetes.io/component": "user-setup"})
MLFLOW = Endpoint("mlflow", {"app.kubernetes.io/name": "mlflow", "app.kubernetes.io/component": "tracking-server"})
DATABASE = Endpoint(None, ip="10.31.128.5")
STORAGE = Endpoint(None, ip="142.250.1.1")
RAY_WORKER = Endpoint("ray", {"ray.io/node-type": "worker"})


def render(mocks: Inventory, monkeypatch: pytest.MonkeyPatch) -> list[RayArgs]:
    """Render the workflow's prod fixture (test_workflow.render); returns the arguments Ray was built with."""
    seen: list[RayArgs] = []

    def spy(name: str, args: RayArgs, opts: pulumi.ResourceOptions | None = None) -> Ray:
        seen.append(args)
        return Ray(name, args, opts)

    monkeypatch.setattr(services_module, "Ray", spy)
    render_prod(mocks, monkeypatch)
    return seen


def secret(mocks: Inventory, namespace: str, name: str) -> Registration:
    [found] = [r for r in mocks.of_type("kubernetes:core/v1:Secret")
               if r.inputs["metadata"] == {**r.inputs["metadata"], "namespace": namespace, "name": name}]
    return found


def password_source(mocks: Inventory, reg: Registration) -> str:
    """The one generated password (not the Flask key) a Secret's stringData takes."""
    [source] = [u for u in reg.property_dependencies["stringData"]
                if "random:index/randomPassword" in u and u.endswith("-password")]
    return source


def test_ray_signs_in_as_its_own_user_whose_password_the_job_sets(mocks: Inventory,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ray_args = render(mocks, monkeypatch)
    [cluster] = mocks.of_type("kubernetes:ray.io/v1:RayCluster")
    env = {e["name"]: e for e in cluster.inputs["spec"]["headGroupSpec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["MLFLOW_TRACKING_USERNAME"]["valueFrom"] == {"secretKeyRef": {"name": "mlflow-client",
                                                                              "key": "username"}}
    assert env["MLFLOW_TRACKING_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "mlflow-client",
                                                                              "key": "password"}}
    client = secret(mocks, "ray", "mlflow-client")
    user_secret = secret(mocks, "mlflow", "mlflow-user-ray")
    assert client.inputs["stringData"] == user_secret.inputs["stringData"] == MASKED  # name and password, secret
    assert [a.mlflow.username for a in ray_args if a.mlflow is not None] == ["ray"]
    password = password_source(mocks, client)
    assert password_source(mocks, user_secret) == password
    assert password != password_source(mocks, secret(mocks, "mlflow", "mlflow-user-ml-team"))
    [job] = mocks.of_type("kubernetes:batch/v1:Job")
    job_env = {e["name"]: e for e in job.inputs["spec"]["template"]["spec"]["containers"][0]["env"]}
    users = {job_env[f"MLPLATFORM_MLFLOW_USER_{i}"]["value"]: job_env[f"MLPLATFORM_MLFLOW_PASSWORD_{i}"]["valueFrom"]
             for i in range(int(job_env["MLPLATFORM_MLFLOW_USER_COUNT"]["value"]))}
    assert users == {
        "ray": {"secretKeyRef": {"name": "mlflow-user-ray", "key": "password"}},
        "ml-team": {"secretKeyRef": {"name": "mlflow-user-ml-team", "key": "password"}},
    }
    # The admin's password reaches the Job and the server only: no Secret outside `mlflow` carries it, and the
    # team's role there reads its own user's Secret, not mlflow-auth.
    admin = password_source(mocks, secret(mocks, "mlflow", "mlflow-auth"))
    copies = [r for r in mocks.of_type("kubernetes:core/v1:Secret") if admin in r.property_dependencies["stringData"]]
    assert [r.inputs["metadata"]["name"] for r in copies] == ["mlflow-auth"]
    roles = {r.inputs["metadata"]["namespace"]: r.inputs["rules"]
             for r in mocks.of_type("kubernetes:rbac.authorization.k8s.io/v1:Role")}
    readable = [n for rule in roles["mlflow"] if rule["resources"] == ["secrets"] for n in rule["resourceNames"]]
    assert readable == ["mlflow-user-ml-team"]


def test_the_job_runs_after_the_server_as_a_hardened_pod(mocks: Inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    render(mocks, monkeypatch)
    [job] = mocks.of_type("kubernetes:batch/v1:Job")
    [deployment] = mocks.of_type("kubernetes:apps/v1:Deployment")
    [service] = [r for r in mocks.of_type("kubernetes:core/v1:Service") if r.name == "mlplatform-mlflow-svc"]
    secrets = {secret(mocks, "mlflow", n).urn for n in ("mlflow-user-ray", "mlflow-user-ml-team", "mlflow-auth")}
    assert {deployment.urn, service.urn} | secrets <= set(job.dependencies)
    spec = job.inputs["spec"]
    assert (spec["backoffLimit"], spec["activeDeadlineSeconds"]) == (6, 600)
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    assert pod["automountServiceAccountToken"] is False
    assert pod["nodeSelector"] == {"mlplatform.io/pool": "system"}
    [container] = pod["containers"]
    assert container["image"] == svc.MLFLOW_IMAGE.ref
    assert container["command"] == ["python", "-c", mlflow_users.SCRIPT]
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}
    env = {e["name"]: e for e in container["env"]}
    assert env["MLFLOW_TRACKING_URI"]["value"] == "http://mlflow.mlflow.svc.cluster.local:5000"
    assert env["MLFLOW_TRACKING_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "mlflow-auth",
                                                                              "key": "password"}}
    assert container["volumeMounts"] == [{"name": "tmp", "mountPath": "/tmp"}]
    assert spec["template"]["metadata"]["labels"] == {"app.kubernetes.io/name": "mlflow-users",
                                                      "app.kubernetes.io/component": "user-setup"}


def test_only_the_server_admits_the_job_and_the_job_reaches_nothing_else(
    mocks: Inventory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    render(mocks, monkeypatch)
    rendered = [r.inputs for r in mocks.of_type("kubernetes:networking.k8s.io/v1:NetworkPolicy")]
    assert allowed(rendered, JOB_POD, MLFLOW, 5000)
    assert not allowed(rendered, JOB_POD, MLFLOW, 8080)
    assert not allowed(rendered, JOB_POD, DATABASE, 5432)
    assert not allowed(rendered, JOB_POD, STORAGE, 443)
    assert not allowed(rendered, JOB_POD, RAY_WORKER, 10002)
    stray = Endpoint("mlflow", {"app.kubernetes.io/name": "something-else"})
    assert not allowed(rendered, stray, MLFLOW, 5000)  # the admission names the Job's pods, not the namespace


@pytest.mark.parametrize(("services", "expected"), [
    (SERVICES, ("ray", "ml-team")),
    ({"mlflow": SERVICES["mlflow"], "kserve": {}}, ("ml-team",)),
    ({"mlflow": SERVICES["mlflow"], "ray": {"workers": [{"pool": "h100", "maxWorkers": 1}]}}, ("ray", "ml-team")),
    ({"mlflow": SERVICES["mlflow"]}, ()),
])
def test_users_follow_the_services_that_sign_in(services: dict[str, Any], expected: tuple[str, ...]) -> None:
    assert users_of(plan_of("prod", services)) == expected


def test_mlflow_alone_creates_no_user_and_no_job(mocks: Inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
        return fake_handle(plan, workflow=True)[0]

    monkeypatch.setattr(components.gcp, "build", build)

    @pulumi.runtime.test
    def run() -> None:
        bp = blueprint("prod", {"mlflow": SERVICES["mlflow"]})
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(bp)))

    run()
    assert mocks.of_type("kubernetes:batch/v1:Job") == []
    assert [r for r in mocks.of_type("kubernetes:core/v1:Secret")
            if r.inputs["metadata"]["name"].startswith("mlflow-user-")] == []


def test_the_revision_changes_exactly_when_a_user_or_password_does() -> None:
    base = mlflow_users.revision(["ray", "ml-team"], ["a", "b"])
    assert mlflow_users.revision(["ray", "ml-team"], ["a", "b"]) == base
    assert mlflow_users.revision(["ray", "ml-team"], ["a", "c"]) != base
    assert mlflow_users.revision(["ray", "ops"], ["a", "b"]) != base
    assert mlflow_users.revision(["ray"], ["ab"]) != mlflow_users.revision(["ray", ""], ["a", "b"])
    with pytest.raises(ValueError):
        mlflow_users.revision(["ray"], ["a", "b"])


class _RestError(Exception):
    def __init__(self, error_code: str) -> None:
        super().__init__(error_code)
        self.error_code = error_code


class _AuthClient:
    """MLflow's basic-auth client as the server answers it: a user exists once, only the admin manages users."""

    def __init__(self, existing: dict[str, str], fail_with: str = "") -> None:
        self.users = dict(existing)
        self.calls: list[tuple[str, str, str]] = []
        self.fail_with = fail_with

    def create_user(self, username: str, password: str) -> None:
        self.calls.append(("create", username, password))
        if self.fail_with:
            raise _RestError(self.fail_with)
        if username in self.users:
            raise _RestError("RESOURCE_ALREADY_EXISTS")
        self.users[username] = password

    def update_user_password(self, username: str, password: str) -> None:
        self.calls.append(("update", username, password))
        self.users[username] = password


def run_script(client: _AuthClient, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> list[str]:
    seen: list[str] = []

    def get_app_client(app: str, tracking_uri: str) -> _AuthClient:
        seen.extend([app, tracking_uri])
        return client

    mlflow = types.ModuleType("mlflow")
    exceptions = types.ModuleType("mlflow.exceptions")
    exceptions.RestException = _RestError  # type: ignore[attr-defined]
    server = types.ModuleType("mlflow.server")
    server.get_app_client = get_app_client  # type: ignore[attr-defined]
    for name, module in (("mlflow", mlflow), ("mlflow.exceptions", exceptions), ("mlflow.server", server)):
        monkeypatch.setitem(sys.modules, name, module)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    exec(compile(mlflow_users.SCRIPT, "mlflow-users", "exec"), {})
    return seen


ENV = {"MLFLOW_TRACKING_URI": "http://mlflow.mlflow.svc.cluster.local:5000", "MLPLATFORM_MLFLOW_USER_COUNT": "2",
       "MLPLATFORM_MLFLOW_USER_0": "ray", "MLPLATFORM_MLFLOW_PASSWORD_0": "r1",
       "MLPLATFORM_MLFLOW_USER_1": "ml-team", "MLPLATFORM_MLFLOW_PASSWORD_1": "t1"}


def test_the_script_creates_new_users(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _AuthClient({"admin": "x"})
    assert run_script(client, monkeypatch, ENV) == ["basic-auth", ENV["MLFLOW_TRACKING_URI"]]
    assert client.users == {"admin": "x", "ray": "r1", "ml-team": "t1"}
    assert client.calls == [("create", "ray", "r1"), ("create", "ml-team", "t1")]


def test_the_script_resets_an_existing_users_password(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _AuthClient({"admin": "x", "ray": "old"})
    run_script(client, monkeypatch, ENV)
    assert client.users == {"admin": "x", "ray": "r1", "ml-team": "t1"}
    assert client.calls == [("create", "ray", "r1"), ("update", "ray", "r1"), ("create", "ml-team", "t1")]


def test_the_script_fails_on_any_other_error(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _AuthClient({}, fail_with="PERMISSION_DENIED")
    with pytest.raises(_RestError, match="PERMISSION_DENIED"):
        run_script(client, monkeypatch, ENV)
    assert client.calls == [("create", "ray", "r1")]
