"""`build` as Platform calls it: the shared device plugin waits for the node groups the handle reports."""

from __future__ import annotations

import pulumi

from components.platform import Platform, PlatformArgs
from components.spec import load_blueprint
from mlplatform.inventory import Inventory
from tests.aws.conftest import GPU_POOL

BLUEPRINT = {
    "cloud": "aws", "region": "us-east-1", "environment": "dev",
    "cluster": {"kubernetesVersion": "1.34"}, "nodePools": [GPU_POOL, {**GPU_POOL, "name": "gpu-b", "maxNodes": 1}],
}


def test_platform_builds_eks_and_the_device_plugin_waits_for_every_node_group(mocks: Inventory) -> None:
    @pulumi.runtime.test
    def run() -> None:
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(BLUEPRINT)))

    run()
    groups = {g.name: g.urn for g in mocks.of_type("aws:eks/nodeGroup:NodeGroup")}
    assert set(groups) == {"mlplatform-cluster-system", "mlplatform-gpu", "mlplatform-gpu-b"}
    [plugin] = [r for r in mocks.of_type("kubernetes:helm.sh/v3:Release") if "autoscaler" not in r.name]
    assert set(groups.values()) <= set(plugin.dependencies)
    assert plugin.provider.endswith("mlplatform-k8s")
    platform = mocks.named("mlplatform")
    assert {c.type for c in mocks.children_of(platform.urn)} >= {
        "mlplatform:aws:Network", "mlplatform:aws:Cluster", "mlplatform:aws:AcceleratorPool",
        "mlplatform:aws:ClusterAutoscaler", "pulumi:providers:kubernetes",
    }
