"""Ray: the RayCluster body from the plan (exact, and valid against the pinned CRD), the operator before it."""

from __future__ import annotations

from typing import Any

import jsonschema
import pulumi
import pytest

from components import catalog
from components.catalog import services as svc
from components.handle import plan_scheduling
from components.k8s.kuberay import Ray, RayArgs, operator_values
from components.k8s.ray_cluster import RayPods, ray_cluster_spec
from mlplatform.engine.inventory import Inventory
from tests.k8s.conftest import fake_handle, plan_of
from tests.k8s.reference import chart_yaml, crd_schema, requires_reference, unknown_values_keys

SYSTEM = {"mlplatform.io/pool": "system"}
CONTAINER_SECURITY = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True,
                      "seccompProfile": {"type": "RuntimeDefault"}}
POD_SECURITY = {"runAsNonRoot": True, "runAsUser": 1000, "runAsGroup": 100,
                "seccompProfile": {"type": "RuntimeDefault"}}
LOGS = {"name": "ray-logs", "mountPath": "/tmp/ray"}
WORKER_VOLUMES = [{"name": "ray-logs", "emptyDir": {}}, {"name": "shm", "emptyDir": {"medium": "Memory"}}]


def spec(pods: RayPods | None = None) -> dict[str, Any]:
    plan = plan_of("prod")
    assert plan.services.ray is not None
    return ray_cluster_spec(plan.services.ray, {p.name: p for p in plan.pools}, plan_scheduling(plan),
                            plan.system.labels, pods or RayPods())


def test_head_is_on_the_system_pool_takes_no_work_and_no_accelerators() -> None:
    body = spec()
    assert body["rayVersion"] == "2.52.0"
    assert body["enableInTreeAutoscaling"] is True
    assert body["authOptions"] == {"mode": "token", "secretName": "ray-auth-token"}
    assert body["autoscalerOptions"] == {"upscalingMode": "Default", "idleTimeoutSeconds": 300,
                                         "securityContext": CONTAINER_SECURITY}
    head = body["headGroupSpec"]
    assert head["serviceType"] == "ClusterIP"
    assert head["rayStartParams"] == {"num-cpus": "0", "dashboard-host": "0.0.0.0"}
    assert head["template"]["metadata"] == {"labels": {}}
    pod = head["template"]["spec"]
    assert pod["serviceAccountName"] == "ray"
    assert pod["nodeSelector"] == SYSTEM
    assert "tolerations" not in pod
    assert pod["securityContext"] == POD_SECURITY
    [container] = pod["containers"]
    assert container == {
        "name": "ray-head", "image": "rayproject/ray:2.52.0-py312", "env": [],
        "ports": [{"name": "gcs", "containerPort": 6379}, {"name": "dashboard", "containerPort": 8265},
                  {"name": "client", "containerPort": 10001}],
        "resources": {"requests": {"cpu": "1", "memory": "4Gi"}, "limits": {"cpu": "1", "memory": "4Gi"}},
        "securityContext": CONTAINER_SECURITY, "volumeMounts": [LOGS],
    }


def test_gpu_and_multi_host_tpu_worker_groups() -> None:
    gpu, tpu, _ = spec()["workerGroupSpecs"]
    # 4 of the a3-highgpu-8g's 8 GPUs: half its 208 vCPUs / 1872 GiB, times the 0.7 share -> 72 CPUs, 655 GiB
    gpu_resources = {"cpu": "72", "memory": "655Gi", "nvidia.com/gpu": "4"}
    assert gpu == {
        "groupName": "h100", "minReplicas": 0, "maxReplicas": 4, "numOfHosts": 1, "rayStartParams": {},
        "template": {"metadata": {"labels": {}}, "spec": {
            "serviceAccountName": "ray", "automountServiceAccountToken": False,
            "nodeSelector": {"mlplatform.io/pool": "h100", "mlplatform.io/accelerator": "nvidia-h100-80gb"},
            "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
            "securityContext": POD_SECURITY,
            "containers": [{
                "name": "ray-worker", "image": "rayproject/ray:2.52.0-py312-gpu", "env": [],
                "resources": {"requests": gpu_resources, "limits": gpu_resources},
                "securityContext": CONTAINER_SECURITY, "volumeMounts": [LOGS, {"name": "shm", "mountPath": "/dev/shm"}],
            }],
            "volumes": WORKER_VOLUMES,
        }},
    }
    # a 4x4 v5e slice: 4 hosts (ct5lp-hightpu-4t, 112 vCPUs / 192 GiB) of 4 chips; maxWorkers 4 = one slice
    assert {k: tpu[k] for k in ("groupName", "minReplicas", "maxReplicas", "numOfHosts")} == {
        "groupName": "v5e", "minReplicas": 0, "maxReplicas": 1, "numOfHosts": 4}
    pod = tpu["template"]["spec"]
    assert pod["nodeSelector"] == {
        "mlplatform.io/pool": "v5e", "mlplatform.io/accelerator": "tpu-v5e",
        "cloud.google.com/gke-tpu-accelerator": "tpu-v5-lite-podslice", "cloud.google.com/gke-tpu-topology": "4x4",
    }
    assert pod["tolerations"] == [{"key": "google.com/tpu", "operator": "Exists", "effect": "NoSchedule"}]
    [container] = pod["containers"]
    assert container["image"] == "rayproject/ray:2.52.0-py312"
    tpu_resources = {"cpu": "78", "memory": "134Gi", "google.com/tpu": "4"}
    assert container["resources"] == {"requests": tpu_resources, "limits": tpu_resources}


def test_head_and_workers_run_the_same_ray_version() -> None:
    body = spec()
    images = [c["image"] for g in [body["headGroupSpec"], *body["workerGroupSpecs"]]
              for c in g["template"]["spec"]["containers"]]
    assert {i.split(":")[1].split("-")[0] for i in images} == {body["rayVersion"]} == {svc.RAY_VERSION}


@requires_reference
def test_ray_cluster_body_is_valid_against_the_pinned_crd() -> None:
    body = {"apiVersion": "ray.io/v1", "kind": "RayCluster", "metadata": {"name": "ray", "namespace": "ray"},
            "spec": spec()}
    validator = jsonschema.Draft7Validator(crd_schema("ray.io/v1", "RayCluster"))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)] == []


@requires_reference
@pytest.mark.parametrize(("path", "bad"), [
    (("spec",), {"enableInTreeAutoscaler": True}),
    (("spec", "workerGroupSpecs", 0), {"numHosts": 4}),
    (("spec", "workerGroupSpecs", 0), {"maxReplicas": "4"}),
])
def test_the_crd_check_rejects_a_misspelt_or_mistyped_field(path: tuple[Any, ...], bad: dict[str, Any]) -> None:
    body: dict[str, Any] = {"apiVersion": "ray.io/v1", "kind": "RayCluster", "metadata": {"name": "ray"},
                            "spec": spec()}
    node: Any = body
    for key in path:
        node = node[key]
    node.update(bad)
    assert list(jsonschema.Draft7Validator(crd_schema("ray.io/v1", "RayCluster")).iter_errors(body))


@requires_reference
def test_operator_pin_and_values_match_the_reference_chart() -> None:
    pinned = catalog.chart("kuberay-operator")
    assert (chart_yaml("kuberay-operator")["name"], chart_yaml("kuberay-operator")["version"]) == (
        pinned.name, pinned.version)
    assert unknown_values_keys("kuberay-operator", operator_values(SYSTEM)) == []


def test_ray_cluster_waits_for_the_operator_which_waits_for_the_api(mocks: Inventory) -> None:
    plan = plan_of("prod")
    assert plan.services.ray is not None
    ray_plan = plan.services.ray
    seen: dict[str, str] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        handle, _ = fake_handle(plan)
        ray = Ray("mlplatform-ray", RayArgs(cluster=handle, plan=ray_plan, pools={p.name: p for p in plan.pools}))
        return pulumi.Output.all(ray.dashboard_url, ray.client_address).apply(
            lambda v: seen.update(dashboard=v[0], client=v[1]))

    run()
    operator, webhook = mocks.of_type("kubernetes:helm.sh/v3:Release")  # the v5e group brings the TPU webhook
    assert (webhook.inputs["chart"], webhook.inputs["version"]) == (
        "oci://us-docker.pkg.dev/ai-on-gke/kuberay-tpu-webhook-helm/kuberay-tpu-webhook", "0.3.1")
    assert operator.urn in webhook.dependencies
    [cluster] = mocks.of_type("kubernetes:ray.io/v1:RayCluster")
    [namespace] = mocks.of_type("kubernetes:core/v1:Namespace")
    [token] = mocks.of_type("kubernetes:core/v1:Secret")
    assert token.inputs["metadata"] == {"name": "ray-auth-token", "namespace": "ray"}
    api, nodes = mocks.named("ready-api").urn, mocks.named("ready-nodes").urn
    assert {api, nodes, operator.urn, webhook.urn, mocks.named("mlplatform-ray-auth").urn,
            mocks.named("mlplatform-ray-sa").urn} <= set(cluster.dependencies)
    assert {api, nodes, namespace.urn} <= set(operator.dependencies)
    assert {k: operator.inputs[k] for k in ("name", "chart", "version", "namespace", "repositoryOpts", "values")} == {
        "name": "kuberay-operator", "chart": "kuberay-operator", "version": "1.7.0", "namespace": "ray",
        "repositoryOpts": {"repo": "https://ray-project.github.io/kuberay-helm/"}, "values": {"nodeSelector": SYSTEM},
    }
    # KUBERAY_REPLICAS (https://github.com/ray-project/kuberay/pull/1443): no group carries replicas, so Pulumi never
    # writes the autoscaler's field; the atomic list is taken back by force only when the blueprint changes it.
    assert cluster.inputs["metadata"] == {"name": "ray", "namespace": "ray",
                                          "annotations": {"pulumi.com/patchForce": "true"}}
    assert all("replicas" not in g for g in cluster.inputs["spec"]["workerGroupSpecs"])
    # The fake cloud's Ray binding (conftest.workload) puts its pod label on every Ray pod.
    assert cluster.inputs["spec"] == spec(RayPods(labels={"mlplatform.io/identity": "ray-workers"}))
    assert seen == {"dashboard": "http://ray-head-svc.ray.svc.cluster.local:8265",
                    "client": "ray://ray-head-svc.ray.svc.cluster.local:10001"}
