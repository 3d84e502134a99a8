"""Composition root: stack config -> Blueprint -> Platform -> stack outputs."""

import pulumi

from components.k8s.services import workload_exports
from components.platform import Platform, PlatformArgs
from components.spec import BlueprintError
from components.spec.stackconfig import blueprint_from_stack

try:
    blueprint = blueprint_from_stack(
        pulumi.Config("mlplatform").require_object("blueprint"),
        lambda namespace, key: pulumi.Config(namespace).get(key),
    )
except BlueprintError as exc:
    raise pulumi.RunError(str(exc.located(f"stacks/Pulumi.{pulumi.get_stack()}.yaml"))) from None

platform = Platform("mlplatform", PlatformArgs(blueprint=blueprint))

pulumi.export("cloud", blueprint.cloud.value)
pulumi.export("clusterName", platform.cluster_name)
pulumi.export("endpoint", platform.endpoint)
pulumi.export("kubeconfig", platform.kubeconfig)
pulumi.export("poolNames", platform.pool_names)

services = platform.services
# The ML workflow's names, the same on every cloud: where each workload runs and as whom, where Ray reads data and
# writes checkpoints, and where serving reads models (a URI KServe's storage initializer accepts on this cloud).
pulumi.export("workloads", workload_exports(services))
if platform.cluster.serving_uri is not None and services.kserve is not None:
    pulumi.export("servingUri", platform.cluster.serving_uri)
if platform.cluster.ray_storage is not None and services.ray is not None:
    pulumi.export("rayDataUri", platform.cluster.ray_storage.data_uri)
    pulumi.export("rayCheckpointUri", platform.cluster.ray_storage.checkpoint_uri)
if services.mlflow is not None:
    # Clients log through the tracking URI (artifacts are proxied); the artifact URIs are for code that reads the
    # bucket itself: MLflow's scheme (wasbs:// on Azure) and fsspec's (abfs:// on Azure), the same elsewhere.
    pulumi.export("mlflowTrackingUri", services.mlflow.tracking_uri)
    pulumi.export("mlflowAuthSecret", services.mlflow.auth_secret)  # in the mlflow namespace: username, password
    pulumi.export("mlflowArtifactUri", services.mlflow.artifact_uri)
    pulumi.export("artifactFsspecUri", services.mlflow.fsspec_uri)
if services.ray is not None:
    pulumi.export("rayDashboardUrl", services.ray.dashboard_url)
    pulumi.export("rayClientAddress", services.ray.client_address)
    pulumi.export("rayAuthSecret", services.ray.auth_secret)  # in the ray namespace: auth_token
if services.kserve is not None:
    pulumi.export("kserveNamespace", services.kserve.namespace)
if services.team is not None:
    pulumi.export("teamNamespace", services.team.namespace)
