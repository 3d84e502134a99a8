"""Platform composes the services after the cluster: each in-cluster step waits for the API path and the nodes,
and a plan asking for MLflow on a cloud that gave no backend stops with a clear error before any of them."""

from __future__ import annotations

import dataclasses

import pulumi
import pytest

import components.aws
import components.gcp
from components.handle import ClusterHandle
from components.plan import ClusterPlan
from components.platform import Platform, PlatformArgs
from components.spec import load_blueprint
from mlplatform.engine.inventory import Inventory
from tests.blueprints import ADMINS
from tests.k8s.conftest import POOLS, blueprint, fake_handle

NOT_IN_CLUSTER = ("pulumi:providers:kubernetes",)


def fake_build(with_mlflow: bool):
    def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
        handle, _ = fake_handle(plan, with_mlflow=with_mlflow)
        return handle

    return build


def test_every_in_cluster_resource_waits_for_the_api_path_and_the_nodes(
    mocks: Inventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(components.gcp, "build", fake_build(with_mlflow=True))

    @pulumi.runtime.test
    def run() -> None:
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(blueprint("prod"))))

    run()
    api, nodes = mocks.named("ready-api").urn, mocks.named("ready-nodes").urn
    in_cluster = [r for r in mocks.custom() if r.type.startswith("kubernetes:") and r.type not in NOT_IN_CLUSTER]
    assert {r.type for r in mocks if r.type.startswith("mlplatform:k8s:")} == {
        "mlplatform:k8s:Mlflow", "mlplatform:k8s:KServe", "mlplatform:k8s:Ray", "mlplatform:k8s:TpuWebhook",
        "mlplatform:k8s:Team", "mlplatform:k8s:NetworkPolicies", "mlplatform:k8s:MlflowUsers"}  # GKE: own device plugin
    # mlflow 10 (auth Secret, prod PDB, 2 user Secrets and their Job), kserve 6 (2 namespaces, 4 releases), ray 7 (SA,
    # token, MLflow client Secret, TPU webhook release), team 5 (namespace, serving SA, 3 Roles: no subjects, no
    # bindings), 24 NetworkPolicies
    assert len(in_cluster) == 52
    assert sorted({r.type for r in in_cluster}) == [
        "kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job", "kubernetes:core/v1:Namespace",
        "kubernetes:core/v1:Secret",
        "kubernetes:core/v1:Service", "kubernetes:core/v1:ServiceAccount", "kubernetes:helm.sh/v3:Release",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy", "kubernetes:policy/v1:PodDisruptionBudget",
        "kubernetes:ray.io/v1:RayCluster", "kubernetes:rbac.authorization.k8s.io/v1:Role"]
    for reg in in_cluster:
        assert {api, nodes} <= set(reg.dependencies), reg.name
    platform = mocks.named("mlplatform").urn
    assert {r.name for r in mocks if r.parent == platform and r.type.startswith("mlplatform:k8s:")} == {
        "mlplatform-mlflow", "mlplatform-kserve", "mlplatform-ray", "mlplatform-team", "mlplatform-netpol"}


def test_the_shared_device_plugin_waits_for_the_api_path_too(mocks: Inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(components.aws, "build", fake_build(with_mlflow=False))
    bp = {**blueprint("dev", services={}), "cloud": "aws", "region": "us-east-1",
          "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["aws"]}, "nodePools": POOLS[:1]}

    @pulumi.runtime.test
    def run() -> None:
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(bp)))

    run()
    api, nodes = mocks.named("ready-api").urn, mocks.named("ready-nodes").urn
    plugin = [r for r in mocks.custom() if r.type.startswith("kubernetes:") and r.type not in NOT_IN_CLUSTER]
    assert [r.name for r in plugin] == ["mlplatform-nvidia-ns", "mlplatform-nvidia"]
    for reg in plugin:
        assert {api, nodes} <= set(reg.dependencies), reg.name


def test_mlflow_without_a_cloud_backend_is_a_clear_error_before_any_service(
    mocks: Inventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(components.gcp, "build", fake_build(with_mlflow=False))

    @pulumi.runtime.test
    def run() -> None:
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(blueprint("dev"))))

    with pytest.raises(pulumi.RunError) as raised:
        run()
    assert str(raised.value) == (
        "services.mlflow is enabled but the gcp build returned no MLflow backend (artifact store, database, workload "
        "identity); the cloud folder must build one when plan.services.mlflow is set"
    )
    assert [r.type for r in mocks if r.type.startswith(("mlplatform:k8s:", "kubernetes:helm", "kubernetes:ray"))] == []


def test_services_left_out_register_nothing_in_cluster(mocks: Inventory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(components.gcp, "build", fake_build(with_mlflow=False))

    @pulumi.runtime.test
    def run() -> None:
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(blueprint("dev", services={}))))

    run()
    assert [r.type for r in mocks if r.type.startswith(("mlplatform:k8s:", "kubernetes:"))] == []


def test_a_cloud_that_binds_no_ray_or_serving_identity_stops_before_any_service(
    mocks: Inventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ray and KServe enabled but the cloud's build bound neither service account: the services would run with no
    cloud identity (Ray could not read data, predictors could not read models), so nothing in-cluster registers."""

    def build(name: str, plan: ClusterPlan, parent: pulumi.Resource) -> ClusterHandle:
        handle, _ = fake_handle(plan)
        return dataclasses.replace(handle, workloads={})

    monkeypatch.setattr(components.gcp, "build", build)

    @pulumi.runtime.test
    def run() -> None:
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(blueprint("prod"))))

    with pytest.raises(pulumi.RunError) as raised:
        run()
    assert str(raised.value) == (
        "the gcp build returned no cloud identity for ray, serving; the cloud folder must bind every enabled "
        "workload's service account (ClusterHandle.workloads)"
    )
    assert [r.type for r in mocks if r.type.startswith(("mlplatform:k8s:", "kubernetes:"))] == []
