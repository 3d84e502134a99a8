"""Behaviours of the in-cluster layer a mutation run found unguarded (tools/README.md): the generated secrets'
exact lengths, the KubeRay TPU webhook installed exactly when a worker group asks for TPU chips, and the MLflow
users Job's revision digest."""

from __future__ import annotations

import hashlib
from typing import Any

import pulumi
import pytest

from components.k8s.kuberay import Ray, RayArgs
from components.k8s.mlflow import Mlflow, MlflowArgs
from components.k8s.mlflow_users import revision
from mlplatform.engine.inventory import Inventory
from tests.k8s.conftest import fake_handle, plan_of

RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword"
RELEASE = "kubernetes:helm.sh/v3:Release"
WEBHOOK_CHART = "oci://us-docker.pkg.dev/ai-on-gke/kuberay-tpu-webhook-helm/kuberay-tpu-webhook"
GPU_WORKERS = {"pool": "h100", "maxWorkers": 4, "acceleratorsPerWorker": 4}
TPU_WORKERS = {"pool": "v5e", "maxWorkers": 4}


def build_ray(workers: list[dict[str, Any]]) -> None:
    plan = plan_of("prod", {"mlflow": {"database": {"size": "medium"}}, "kserve": {},
                            "ray": {"head": {"size": "small"}, "workers": workers}})
    ray_plan = plan.services.ray
    assert ray_plan is not None

    @pulumi.runtime.test
    def run() -> pulumi.Output[str]:
        handle, _ = fake_handle(plan)
        ray = Ray("mlplatform-ray", RayArgs(cluster=handle, plan=ray_plan, pools={p.name: p for p in plan.pools}))
        return ray.dashboard_url

    run()


def test_ray_token_is_48_letters_and_digits(mocks: Inventory) -> None:
    # 48 characters of [A-Za-z0-9] (special=False) is 48 * log2(62) ~ 286 bits; the exact length is pinned because
    # length is a create-only input of random_password: a change replaces the token and logs every Ray client out
    # (https://registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password, "length ... forces
    # a new resource" in the provider schema).
    build_ray([GPU_WORKERS])
    [token] = mocks.of_type(RANDOM_PASSWORD)
    assert token.name == "mlplatform-ray-token"
    assert {k: token.inputs[k] for k in ("length", "special")} == {"length": 48, "special": False}


@pytest.mark.parametrize(("workers", "charts"), [
    ([GPU_WORKERS], ["kuberay-operator"]),
    ([TPU_WORKERS], ["kuberay-operator", WEBHOOK_CHART]),
    ([GPU_WORKERS, TPU_WORKERS], ["kuberay-operator", WEBHOOK_CHART]),
], ids=["gpu-only", "tpu-only", "gpu-and-tpu"])
def test_tpu_webhook_comes_with_a_tpu_worker_group_only(
    mocks: Inventory, workers: list[dict[str, Any]], charts: list[str],
) -> None:
    build_ray(workers)
    assert sorted(r.inputs["chart"] for r in mocks.of_type(RELEASE)) == charts
    assert len(mocks.of_type("mlplatform:k8s:TpuWebhook")) == len(charts) - 1


def test_mlflow_admin_password_and_flask_key_are_32_letters_and_digits(mocks: Inventory) -> None:
    # Both are generated once and kept in state (length forces a new resource, as above); the password goes into the
    # auth INI and the clients' env, so letters and digits only.
    plan = plan_of("prod")
    mlflow_plan = plan.services.mlflow
    assert mlflow_plan is not None

    @pulumi.runtime.test
    def run() -> pulumi.Output[str]:
        handle, _ = fake_handle(plan)
        assert handle.mlflow is not None
        mlflow = Mlflow("mlflow", MlflowArgs(cluster=handle, backend=handle.mlflow, plan=mlflow_plan,
                                             prod=plan.prod, cloud=plan.cloud, pools=plan.pools))
        return mlflow.tracking_uri

    run()
    generated = {r.name: {k: r.inputs[k] for k in ("length", "special")} for r in mocks.of_type(RANDOM_PASSWORD)}
    assert generated == {"mlflow-auth-password": {"length": 32, "special": False},
                         "mlflow-auth-flask-key": {"length": 32, "special": False}}


def test_the_users_revision_is_the_first_16_hex_digits_of_its_sha256() -> None:
    # The annotation's value is state: another length would change it on every existing stack and re-run the Job once.
    value = revision(["ray"], ["p"])
    assert value == hashlib.sha256(b"ray\0p").hexdigest()[:16]
    assert len(value) == 16
