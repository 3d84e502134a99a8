"""The committed stacks deploy the ML services: KServe in order, a RayCluster valid against its CRD with one worker
group per blueprint group, and the stack outputs clients use."""

from __future__ import annotations

from collections.abc import Mapping

import jsonschema
import pytest

from tests.engine.stacks import Rendered
from tests.engine.test_committed_stacks import STACKS
from tests.k8s.reference import crd_schema, requires_reference

RELEASES = {"cert-manager", "kserve-crd", "kserve-resources", "kserve-runtime-configs", "kuberay-operator"}


@pytest.mark.parametrize("stack", STACKS)
def test_stack_runs_kserve_and_ray_with_a_group_per_blueprint_worker(
    rendered: Mapping[str, Rendered], stack: str
) -> None:
    inventory = rendered[stack].inventory
    ray = rendered[stack].blueprint.services.ray
    assert ray is not None and rendered[stack].blueprint.services.kserve is not None
    releases = {r.inputs.get("name"): r for r in inventory.of_type("kubernetes:helm.sh/v3:Release")}
    assert set(releases) >= RELEASES
    assert releases["kserve-crd"].urn in releases["kserve-resources"].dependencies
    assert releases["cert-manager"].urn in releases["kserve-resources"].dependencies
    assert releases["kserve-resources"].urn in releases["kserve-runtime-configs"].dependencies
    [cluster] = inventory.of_type("kubernetes:ray.io/v1:RayCluster")
    assert releases["kuberay-operator"].urn in cluster.dependencies
    *groups, cpu = cluster.inputs["spec"]["workerGroupSpecs"]
    hosts = {p.name: p for p in rendered[stack].blueprint.node_pools}
    assert [g["groupName"] for g in groups] == [w.pool for w in ray.workers]
    assert [g["maxReplicas"] * g["numOfHosts"] for g in groups] == [w.max_workers for w in ray.workers]
    assert all(hosts[g["groupName"]].name == g["groupName"] for g in groups)
    assert (cpu["groupName"], cpu["maxReplicas"]) == ("cpu", ray.cpu_workers.max_workers)
    # The same workload names on every cloud (the clouds bind exactly these accounts).
    assert inventory.outputs["workloads"] == {
        "mlflow": {"namespace": "mlflow", "serviceAccount": "mlflow"},
        "ray": {"namespace": "ray", "serviceAccount": "ray"},
        "serving": {"namespace": "ml", "serviceAccount": "model-server"},
    }
    assert inventory.outputs["teamNamespace"] == "ml"
    assert inventory.outputs["rayAuthSecret"] == "ray-auth-token"
    assert inventory.outputs["mlflowAuthSecret"] == "mlflow-auth"
    assert inventory.outputs["kserveNamespace"] == "kserve"
    assert inventory.outputs["rayDashboardUrl"] == "http://ray-head-svc.ray.svc.cluster.local:8265"
    assert inventory.outputs["rayClientAddress"] == "ray://ray-head-svc.ray.svc.cluster.local:10001"


@requires_reference
@pytest.mark.parametrize("stack", STACKS)
def test_custom_resources_are_valid_against_the_pinned_crds(rendered: Mapping[str, Rendered], stack: str) -> None:
    [cluster] = rendered[stack].inventory.of_type("kubernetes:ray.io/v1:RayCluster")
    body = dict(cluster.inputs)
    validator = jsonschema.Draft7Validator(crd_schema(body["apiVersion"], body["kind"]))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)] == []


@pytest.mark.parametrize("stack", STACKS)
def test_mlflow_outputs_follow_the_blueprint_and_the_server_writes_where_it_says(
    rendered: Mapping[str, Rendered], stack: str
) -> None:
    """Until a stack enables MLflow nothing of it is deployed; once it does, the server proxies to the bucket the
    stack exports, as the service account the cloud maps, with the URL from the Secret."""
    outputs = rendered[stack].inventory.outputs
    planned = rendered[stack].plan.services.mlflow
    deployments = [r for r in rendered[stack].inventory.of_type("kubernetes:apps/v1:Deployment")
                   if r.inputs["metadata"]["namespace"] == "mlflow"]
    if planned is None:
        assert deployments == [] and not {"mlflowTrackingUri", "mlflowArtifactUri", "artifactFsspecUri"} & set(outputs)
        return
    [deployment] = deployments
    assert outputs["mlflowTrackingUri"] == "http://mlflow.mlflow.svc.cluster.local:5000"
    pod = deployment.inputs["spec"]["template"]["spec"]
    assert deployment.inputs["spec"]["replicas"] == planned.replicas
    assert pod["serviceAccountName"] == "mlflow"
    [server] = pod["containers"]
    args = server["args"]
    assert args[args.index("--artifacts-destination") + 1] == outputs["mlflowArtifactUri"]
    assert server["env"][0] == {"name": "MLFLOW_BACKEND_STORE_URI",
                                "valueFrom": {"secretKeyRef": {"name": "mlflow-database", "key": "uri"}}}
