"""`build` as Platform calls it: the shared device plugin waits for the node groups the handle reports."""

from __future__ import annotations

import pulumi

from components import catalog
from components.platform import Platform, PlatformArgs
from components.spec import load_blueprint
from mlplatform.engine.inventory import Inventory
from tests.aws.conftest import GPU_POOL
from tests.blueprints import ADMINS

BLUEPRINT = {
    "cloud": "aws", "region": "us-east-1", "environment": "dev",
    "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["aws"]},
    "nodePools": [GPU_POOL, {**GPU_POOL, "name": "gpu-b", "maxNodes": 1}],
}


def test_platform_builds_eks_and_the_device_plugin_waits_for_the_system_group_only(mocks: Inventory) -> None:
    @pulumi.runtime.test
    def run() -> None:
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(BLUEPRINT)))

    run()
    groups = {g.name: g.urn for g in mocks.of_type("aws:eks/nodeGroup:NodeGroup")}
    assert set(groups) == {"mlplatform-cluster-system", "mlplatform-gpu", "mlplatform-gpu-b"}
    releases = mocks.of_type("kubernetes:helm.sh/v3:Release")
    [plugin] = [r for r in releases if r.inputs["chart"] == "nvidia-device-plugin"]
    # A DaemonSet with no GPU node yet is ready (the groups scale from zero): see ClusterHandle.nodes_ready.
    assert set(groups.values()) & set(plugin.dependencies) == {groups["mlplatform-cluster-system"]}
    assert plugin.provider.endswith("mlplatform-k8s")
    # Keys of the pinned chart's values.yaml; `affinity` replaces the chart's NFD-label affinity (no NFD here).
    assert {k: plugin.inputs[k] for k in ("chart", "version", "namespace", "values")} == {
        "chart": "nvidia-device-plugin",
        "version": catalog.chart("nvidia-device-plugin").version,
        "namespace": "nvidia-device-plugin",
        "values": {
            "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                {"matchExpressions": [{"key": "mlplatform.io/accelerator", "operator": "In", "values": ["nvidia-l4"]}]}
            ]}}},
            "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
            "priorityClassName": "system-node-critical",
        },
    }
    [namespace] = mocks.of_type("kubernetes:core/v1:Namespace")
    assert namespace.inputs["metadata"] == {
        "name": "nvidia-device-plugin", "labels": {"pod-security.kubernetes.io/enforce": "privileged"}
    }
    platform = mocks.named("mlplatform")
    assert {c.type for c in mocks.children_of(platform.urn)} >= {
        "mlplatform:aws:Network", "mlplatform:aws:Cluster", "mlplatform:aws:AcceleratorPool",
        "mlplatform:aws:ClusterAutoscaler", "pulumi:providers:kubernetes",
    }
