"""Prod survives day 2 and the second `up` changes nothing: protection, retained logs, managed add-ons pinned per
minor and ordered before the node groups, live desired sizes, tag edits that roll no node, reservation zones."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

import mlplatform.engine.mocks
from components.aws.scaling import LiveScaling, desired_size
from components.catalog.clock import today
from components.catalog.eks_addons import ADDON_VERSIONS, addon_version
from components.catalog.errors import CatalogError
from components.catalog.kubernetes import VERSIONS, supported_versions
from components.spec import BlueprintError, Cloud, load_blueprint
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.mock_outputs import invoke_result
from tests.aws.conftest import Rendered, fresh_render, plan_of, render
from tests.blueprints import ADMINS

ADDON = "aws:eks/addon:Addon"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"


def test_prod_protects_the_cluster_its_key_and_the_vpc_and_dev_does_not(prod: Rendered, dev: Rendered) -> None:
    protected = {("aws:eks/cluster:Cluster", "mlplatform-cluster"), ("aws:kms/key:Key", "mlplatform-cluster-secrets"),
                 ("aws:ec2/vpc:Vpc", "mlplatform-network")}
    assert {(r.type, r.name) for r in prod.inventory if r.protect} == protected
    assert [r.name for r in dev.inventory if r.protect] == []


def test_log_groups_never_block_a_rebuild(prod: Rendered, dev: Rendered) -> None:
    """CloudWatch log group names are unique per account and region: a group that outlives the stack under a fixed
    name fails the next `up` with ResourceAlreadyExistsException. Dev owns and deletes its audit group (re-creatable);
    prod leaves `/aws/eks/<cluster>/cluster` to EKS, which creates it when missing and writes into an existing one
    (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html), so the audit trail survives a destroy
    and a rebuild reuses it; prod's retained flow-log group is named from a prefix, so a rebuild makes a new one."""
    groups = {g.name: (g.inputs.get("name"), g.inputs.get("namePrefix"), g.retain_on_delete)
              for g in prod.inventory.of_type("aws:cloudwatch/logGroup:LogGroup")}
    assert groups == {"mlplatform-network-flow-logs": (None, "/aws/vpc/mlplatform-prod/flow-logs-", True)}
    assert "mlplatform-cluster-logs" not in {r.name for r in prod.inventory}
    dev_groups = {g.name: (g.inputs.get("name"), g.retain_on_delete)
                  for g in dev.inventory.of_type("aws:cloudwatch/logGroup:LogGroup")}
    assert dev_groups == {"mlplatform-cluster-logs": ("/aws/eks/mlplatform-dev/cluster", False)}


def test_node_auto_repair_has_the_monitoring_agent_it_acts_on(prod: Rendered) -> None:
    """Node auto repair replaces nodes on the conditions the EKS node monitoring agent sets; without the add-on no
    GPU fault is detected (https://docs.aws.amazon.com/eks/latest/userguide/node-health.html). Its DCGM DaemonSet
    tolerates no taint by default (aws/eks-node-monitoring-agent charts/eks-node-monitoring-agent/values.yaml,
    `dcgmAgent.tolerations: []`), so it is told to tolerate the GPU nodes' taints; it comes before every node group."""
    agent = prod.named("mlplatform-cluster-eks-node-monitoring-agent", ADDON)
    assert agent.inputs["addonName"] == "eks-node-monitoring-agent"
    assert json.loads(agent.inputs["configurationValues"]) == {"dcgmAgent": {"tolerations": [{"operator": "Exists"}]}}
    groups = prod.inventory.of_type("aws:eks/nodeGroup:NodeGroup")
    gpu = [g for g in groups if g.name != "mlplatform-cluster-system"]
    assert gpu and all(g.inputs["nodeRepairConfig"] == {"enabled": True} for g in gpu)
    assert all(agent.urn in g.dependencies for g in groups)


def test_core_addons_are_managed_at_the_catalog_version_for_the_clusters_minor(mocks: Inventory) -> None:
    render(mocks, plan_of("dev", kubernetesVersion="1.36"))
    addons = {a.inputs["addonName"]: a.inputs.get("addonVersion") for a in mocks.of_type(ADDON)}
    assert addons == {"eks-pod-identity-agent": None, "vpc-cni": "v1.22.3-eksbuild.1",
                      "kube-proxy": "v1.36.0-eksbuild.13", "coredns": "v1.14.3-eksbuild.3",
                      "metrics-server": "v0.8.0-eksbuild.2", "eks-node-monitoring-agent": "v1.7.0-eksbuild.1",
                      "aws-ebs-csi-driver": "v1.57.1-eksbuild.1"}
    [cluster] = mocks.of_type("aws:eks/cluster:Cluster")
    assert cluster.inputs["bootstrapSelfManagedAddons"] is False  # the managed copies are the only ones


def test_every_supported_minor_has_every_core_addon_pinned_or_is_refused() -> None:
    """A minor EKS supports but whose add-on versions nobody has checked yet (1.37 today) is refused by validate
    with the fix, instead of failing half-way through a deploy."""
    pinned = {minor for (_, minor) in ADDON_VERSIONS}
    day = today()
    # A pin outlives its minor's standard support (a stack judged on an earlier day still builds), but no minor is
    # pinned before EKS offers it or without a calendar row.
    assert pinned - set(supported_versions(Cloud.AWS)) == {
        m for m in pinned if VERSIONS[(Cloud.AWS, m)].end_of_standard_support < day
    }
    assert all(VERSIONS[(Cloud.AWS, m)].available_from <= day for m in pinned)
    for minor in supported_versions(Cloud.AWS):
        if minor in pinned:
            for addon in ("vpc-cni", "kube-proxy", "coredns", "metrics-server", "eks-node-monitoring-agent",
                          "aws-ebs-csi-driver"):
                assert addon_version(addon, minor).startswith("v") and "-eksbuild." in addon_version(addon, minor)
            continue
        raw = {"cloud": "aws", "region": "us-east-1", "environment": "dev",
               "cluster": {"kubernetesVersion": minor, "admins": ADMINS["aws"]}}
        with pytest.raises(BlueprintError) as caught:
            load_blueprint(raw)
        [problem] = caught.value.problems
        assert (problem.path, problem.message.split(";")[0]) == (
            "cluster.kubernetesVersion",
            f"'{minor}' has no pinned EKS add-on versions "
            "(vpc-cni, kube-proxy, coredns, metrics-server, eks-node-monitoring-agent, aws-ebs-csi-driver) yet",
        )
    with pytest.raises(CatalogError, match="pinned for: 1.34, 1.35, 1.36"):
        addon_version("coredns", "1.30")


def test_addons_come_before_the_node_groups_that_need_them(dev: Rendered) -> None:
    """vpc-cni and kube-proxy (DaemonSets, ACTIVE with no nodes) precede every node group: nodes need the CNI to
    become Ready. CoreDNS (a Deployment, ACTIVE only once its pods run) follows the system group and precedes the
    accelerator groups."""
    urn = {a.inputs["addonName"]: a.urn for a in dev.inventory.of_type(ADDON)}
    system = dev.named("mlplatform-cluster-system", NODE_GROUP)
    gpu = dev.named("mlplatform-gpu", NODE_GROUP)
    assert {urn["vpc-cni"], urn["kube-proxy"], urn["eks-pod-identity-agent"]} <= set(system.dependencies)
    assert system.urn in dev.named("mlplatform-cluster-coredns", ADDON).dependencies
    # metrics-server (what the HPA KServe creates per InferenceService reads) is a Deployment too.
    assert system.urn in dev.named("mlplatform-cluster-metrics-server", ADDON).dependencies
    assert set(urn.values()) <= set(gpu.dependencies)


def test_the_vpc_cni_enforces_network_policy(dev: Rendered) -> None:
    """Without the CNI's network policy agent, NetworkPolicy objects are accepted and ignored (CIS EKS 5.4.4)."""
    config = {a.inputs["addonName"]: a.inputs.get("configurationValues") for a in dev.inventory.of_type(ADDON)}
    assert json.loads(str(config["vpc-cni"])) == {"enableNetworkPolicy": "true"}
    assert config["kube-proxy"] is None and config["coredns"] is None


def test_desired_size_is_the_live_one_clamped_to_the_new_bounds() -> None:
    assert desired_size(0, 3, None) == 0  # a new group starts at minNodes
    assert desired_size(2, 3, None) == 2
    assert desired_size(0, 3, LiveScaling(desired=2, min=0, max=3)) == 2  # the autoscaler's value is kept
    assert desired_size(2, 4, LiveScaling(desired=0, min=0, max=3)) == 2  # raised minNodes raises it
    assert desired_size(0, 1, LiveScaling(desired=3, min=0, max=3)) == 1  # lowered maxNodes lowers it


def _live_account(clusters: Mapping[str, Mapping[str, tuple[int, int, int]]]) -> Any:
    """Invoke results of an account where `clusters[cluster][group] = (desired, min, max)` exist."""
    def result(token: str, args: Mapping[str, Any]) -> dict[str, Any]:
        if token == "aws:eks/getClusters:getClusters":
            return {"id": "us-east-1", "names": sorted(clusters)}
        if token == "aws:eks/getNodeGroups:getNodeGroups":
            return {"id": args["clusterName"], "clusterName": args["clusterName"],
                    "names": sorted(clusters[args["clusterName"]])}
        if token == "aws:eks/getNodeGroup:getNodeGroup":
            desired, low, high = clusters[args["clusterName"]][args["nodeGroupName"]]
            return {"clusterName": args["clusterName"], "nodeGroupName": args["nodeGroupName"],
                    "scalingConfigs": [{"desiredSize": desired, "minSize": low, "maxSize": high}]}
        return invoke_result(token, args)
    return result


def test_raising_min_nodes_above_the_autoscalers_desired_size_is_accepted_by_eks(
    mocks: Inventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EKS UpdateNodegroupConfig rejects minSize > desiredSize ("Minimum capacity 2 can't be greater than desired
    size 0"). With `ignore_changes` on desiredSize, Pulumi would resend the creation-time input (0) beside the
    raised minSize; instead the program reads the live group and sends max(minNodes, live desired). The GPU group
    `gpu` exists at desired 0 (idle, scaled to zero); the blueprint raises minNodes to 2."""
    monkeypatch.setattr(mlplatform.engine.mocks, "invoke_result",
                        _live_account({"mlplatform-dev": {"gpu": (0, 0, 3), "system-1": (2, 2, 2)}}))
    pools = [{"name": "gpu", "accelerator": "nvidia-l4", "acceleratorsPerNode": 1, "minNodes": 2, "maxNodes": 3}]
    rendered = render(mocks, plan_of("dev", pools=pools))
    group = rendered.named("mlplatform-gpu", NODE_GROUP)
    assert group.inputs["scalingConfig"] == {"minSize": 2, "maxSize": 3, "desiredSize": 2}
    assert group.ignore_changes == ()
    assert mocks.invokes == ["aws:index/getCallerIdentity:getCallerIdentity", "aws:eks/getClusters:getClusters",
                             "aws:eks/getNodeGroups:getNodeGroups",
                             "aws:eks/getNodeGroup:getNodeGroup"]


def test_an_autoscaled_group_keeps_its_live_size_when_nothing_else_changes(
    mocks: Inventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mlplatform.engine.mocks, "invoke_result", _live_account({"mlplatform-dev": {"gpu": (2, 0, 3)}}))
    rendered = render(mocks, plan_of("dev"))
    assert rendered.named("mlplatform-gpu", NODE_GROUP).inputs["scalingConfig"] == {
        "minSize": 0, "maxSize": 3, "desiredSize": 2}


def test_editing_a_blueprint_tag_changes_no_launch_template_and_so_rolls_no_node() -> None:
    """A new launch-template version rolls every node of its group; the tag lands on the ASG instead."""
    before = fresh_render(plan_of("dev", tags={"team": "ml", "cost-center": "research"}))
    after = fresh_render(plan_of("dev", tags={"team": "ml-platform", "cost-center": "research"}))
    for name in ("mlplatform-gpu-lt", "mlplatform-cluster-system-lt"):
        old, new = before.named(name, LAUNCH_TEMPLATE).inputs, after.named(name, LAUNCH_TEMPLATE).inputs
        assert old["tagSpecifications"] == new["tagSpecifications"]
        assert old["tagSpecifications"][0] == {"resourceType": "instance", "tags": {
            "mlplatform-environment": "dev", "mlplatform-managed-by": "pulumi", "mlplatform-platform": "mlplatform"}}
    team = after.named("mlplatform-gpu-tag-team", "aws:autoscaling/tag:Tag")
    assert team.inputs["tag"] == {"key": "team", "value": "ml-platform", "propagateAtLaunch": True}
    assert team.inputs["autoscalingGroupName"].startswith("eks-gpu-")


def test_gpu_groups_repair_unhealthy_nodes(dev: Rendered) -> None:
    assert dev.named("mlplatform-gpu", NODE_GROUP).inputs["nodeRepairConfig"] == {"enabled": True}


def test_reserved_pool_is_placed_only_in_its_reservation_zone(mocks: Inventory) -> None:
    pools = [{"name": "reserved", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 4,
              "capacity": "reserved", "reservation": "cr-0123456789abcdef0", "reservationZone": "use1-az4"}]
    rendered = render(mocks, plan_of("dev", pools=pools))
    assert rendered.named("mlplatform-reserved", NODE_GROUP).inputs["subnetIds"] == [
        "mlplatform-network-private-use1-az4-id"]
