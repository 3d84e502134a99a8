"""An EKS accelerator node group waits for every managed add-on of its cluster: a node joins NotReady until the VPC
CNI runs (https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html), and the node group's creation
fails after its health checks time out otherwise. A mutation run dropped the dependency and no test noticed
(tools/README.md). Mocks record the dependency, not the readiness it buys; the ordering is what is asserted."""

from __future__ import annotations

from tests.aws.conftest import Rendered

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
ADDON = "aws:eks/addon:Addon"


def test_the_gpu_node_group_depends_on_every_managed_addon(dev: Rendered) -> None:
    addons = {a.inputs["addonName"]: a.urn for a in dev.inventory.of_type(ADDON)}
    assert {"vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"} <= set(addons)
    gpu = dev.named("mlplatform-gpu", NODE_GROUP)
    assert set(addons.values()) <= set(gpu.dependencies)
