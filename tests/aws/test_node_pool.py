"""Accelerator node groups: capacity, scaling from zero, taints, labels, hardened launch template, ASG tags."""

from __future__ import annotations

from components.aws.node_pool import node_labels, node_template_tags, tag_slug
from mlplatform.engine.inventory import Inventory
from tests.aws.conftest import ZONES, Rendered, plan_of, render

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
ASG_TAG = "aws:autoscaling/tag:Tag"
POOL_URN = "urn:pulumi:test::mlplatform::mlplatform:index:Platform$mlplatform:aws:AcceleratorPool::mlplatform-gpu"
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}
PRIVATE_SUBNETS = [f"mlplatform-network-private-{z}-id" for z in ZONES]


def test_dev_gpu_pool_is_spot_tainted_labelled_and_scales_from_zero(dev: Rendered) -> None:
    group = dev.named("mlplatform-gpu", NODE_GROUP)
    inputs = dict(group.inputs)
    assert inputs.pop("nodeRoleArn").startswith("arn:aws:iam::123456789012:role/mlplatform-cluster-node-role-")
    assert inputs == {
        "clusterName": "mlplatform-dev",
        "nodeGroupName": "gpu",
        "version": "1.35",
        "subnetIds": PRIVATE_SUBNETS,
        "amiType": "AL2023_x86_64_NVIDIA",
        "capacityType": "SPOT",
        "instanceTypes": ["g6.xlarge"],
        "scalingConfig": {"minSize": 0.0, "maxSize": 3.0, "desiredSize": 0.0},
        "taints": [GPU_TAINT],
        "labels": {"mlplatform.io/accelerator": "nvidia-l4", "mlplatform.io/capacity": "spot",
                   "mlplatform.io/pool": "gpu", "k8s.amazonaws.com/accelerator": "nvidia-l4"},
        "launchTemplate": {"id": "mlplatform-gpu-lt-id", "version": "1"},
        "updateConfig": {"maxUnavailable": 1.0},
        "nodeRepairConfig": {"enabled": True},
        "tags": {"team": "ml", "mlplatform-platform": "mlplatform", "mlplatform-environment": "dev",
                 "mlplatform-managed-by": "pulumi"},
    }
    assert group.parent == POOL_URN
    # the desired size is the live one clamped to the bounds (scaling.py), never a stale ignored input
    assert dev.ignored[(NODE_GROUP, "mlplatform-gpu")] == []


def test_every_node_group_follows_the_control_plane_version(mocks: Inventory) -> None:
    # The provider only upgrades a node group whose version is set; unset, nodes stay behind on an upgrade.
    render(mocks, plan_of("dev", kubernetesVersion="1.36"))
    versions = {g.name: g.inputs["version"] for g in mocks.of_type(NODE_GROUP)}
    assert versions == {"mlplatform-cluster-system": "1.36", "mlplatform-gpu": "1.36"}
    [cluster] = mocks.of_type("aws:eks/cluster:Cluster")
    assert all(cluster.urn in g.dependencies for g in mocks.of_type(NODE_GROUP))


def test_gpu_pool_is_replaced_delete_first_because_its_name_is_fixed(dev: Rendered) -> None:
    # capacityType and instanceTypes cannot change in place, and EKS refuses a second group of the same name:
    # create-first replacement would fail with "NodeGroup already exists".
    assert dev.named("mlplatform-gpu", NODE_GROUP).inputs["nodeGroupName"] == "gpu"
    assert dev.delete_first == {(NODE_GROUP, "mlplatform-gpu")}


def test_gpu_nodes_carry_the_autoscaler_gpu_label_so_a_starting_node_is_not_mistaken_for_gpu_less() -> None:
    # Without it, a new node counts as ready with zero GPUs until the device plugin starts, and the pending
    # GPU pods trigger another scale-up (cluster-autoscaler AWS README, "Special note on GPU instances").
    pools = [{"name": "train", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2}]
    [pool] = plan_of("prod", pools=pools).pools
    assert node_labels(pool) == {
        "mlplatform.io/accelerator": "nvidia-h100-80gb", "mlplatform.io/capacity": "on-demand",
        "mlplatform.io/pool": "train", "k8s.amazonaws.com/accelerator": "nvidia-h100-80gb",
    }


def test_gpu_launch_template_requires_imdsv2_hop_one_and_encrypts_the_root_volume(dev: Rendered) -> None:
    template = dev.named("mlplatform-gpu-lt", LAUNCH_TEMPLATE)
    assert template.parent == POOL_URN
    assert template.inputs["metadataOptions"] == {
        "httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": 1.0
    }
    assert template.inputs["blockDeviceMappings"] == [{
        "deviceName": "/dev/xvda",
        "ebs": {"volumeSize": 200.0, "volumeType": "gp3", "encrypted": "true", "deleteOnTermination": "true"},
    }]
    assert "capacityReservationSpecification" not in template.inputs
    assert "imageId" not in template.inputs and "userData" not in template.inputs
    assert sorted(t["resourceType"] for t in template.inputs["tagSpecifications"]) == [
        "instance", "network-interface", "volume"
    ]
    assert all(t["tags"]["mlplatform-environment"] == "dev" for t in template.inputs["tagSpecifications"])


def test_asg_carries_node_template_tags_so_the_autoscaler_can_scale_from_zero(dev: Rendered) -> None:
    group = dev.named("mlplatform-gpu", NODE_GROUP)
    tags = {t.name: t for t in dev.inventory.of_type(ASG_TAG) if t.name.startswith("mlplatform-gpu-")
            and "-tag-" not in t.name}
    prefix = "k8s.io/cluster-autoscaler/node-template"
    assert {n: (t.inputs["tag"]["key"], t.inputs["tag"]["value"]) for n, t in tags.items()} == {
        "mlplatform-gpu-label-mlplatform-io-accelerator": (f"{prefix}/label/mlplatform.io/accelerator", "nvidia-l4"),
        "mlplatform-gpu-label-mlplatform-io-capacity": (f"{prefix}/label/mlplatform.io/capacity", "spot"),
        "mlplatform-gpu-label-mlplatform-io-pool": (f"{prefix}/label/mlplatform.io/pool", "gpu"),
        "mlplatform-gpu-label-k8s-amazonaws-com-accelerator": (
            f"{prefix}/label/k8s.amazonaws.com/accelerator", "nvidia-l4"
        ),
        "mlplatform-gpu-taint-nvidia-com-gpu": (f"{prefix}/taint/nvidia.com/gpu", "true:NoSchedule"),
        "mlplatform-gpu-resources-nvidia-com-gpu": (f"{prefix}/resources/nvidia.com/gpu", "1"),
    }
    for tag in tags.values():
        assert tag.inputs["autoscalingGroupName"].startswith("eks-gpu-")
        assert tag.inputs["tag"]["propagateAtLaunch"] is False
        assert tag.parent == POOL_URN
        assert group.urn in tag.dependencies


def test_prod_pool_is_on_demand_with_all_gpus_counted(mocks: Inventory) -> None:
    pools = [{"name": "train", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2,
              "minNodes": 1, "rootVolumeGib": 500}]
    rendered = render(mocks, plan_of("prod", pools=pools))
    group = rendered.named("mlplatform-train", NODE_GROUP)
    assert group.inputs["capacityType"] == "ON_DEMAND"
    assert group.inputs["instanceTypes"] == ["p5.48xlarge"]
    assert group.inputs["scalingConfig"] == {"minSize": 1.0, "maxSize": 2.0, "desiredSize": 1.0}
    assert group.inputs["labels"]["mlplatform.io/capacity"] == "on-demand"
    ebs = rendered.named("mlplatform-train-lt", LAUNCH_TEMPLATE).inputs["blockDeviceMappings"][0]["ebs"]
    assert ebs["volumeSize"] == 500
    gpus = rendered.named("mlplatform-train-resources-nvidia-com-gpu", ASG_TAG).inputs["tag"]
    assert gpus["value"] == "8"
    assert rendered.values["pool_names"] == {"train": "train"}


def test_reserved_pool_runs_on_demand_inside_the_named_capacity_reservation(mocks: Inventory) -> None:
    pools = [{"name": "reserved", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 4,
              "capacity": "reserved", "reservation": "cr-0123456789abcdef0", "reservationZone": "use1-az4"}]
    rendered = render(mocks, plan_of("dev", pools=pools))
    group = rendered.named("mlplatform-reserved", NODE_GROUP)
    assert group.inputs["capacityType"] == "ON_DEMAND"
    template = rendered.named("mlplatform-reserved-lt", LAUNCH_TEMPLATE)
    assert template.inputs["capacityReservationSpecification"] == {
        "capacityReservationTarget": {"capacityReservationId": "cr-0123456789abcdef0"}
    }


def test_every_pool_gets_its_own_group_and_the_handle_maps_every_name(mocks: Inventory) -> None:
    pools = [
        {"name": "l4", "accelerator": "nvidia-l4", "acceleratorsPerNode": 4, "maxNodes": 2},
        {"name": "t4", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 5, "capacity": "on-demand"},
    ]
    rendered = render(mocks, plan_of("dev", pools=pools))
    groups = {g.name: g.inputs for g in mocks.of_type(NODE_GROUP)}
    assert set(groups) == {"mlplatform-cluster-system", "mlplatform-l4", "mlplatform-t4"}
    assert groups["mlplatform-l4"]["capacityType"] == "SPOT"
    assert groups["mlplatform-t4"]["capacityType"] == "ON_DEMAND"
    assert rendered.values["pool_names"] == {"l4": "l4", "t4": "t4"}
    assert len(rendered.handle.nodes_ready) == 2  # the system group and the scratch StorageClass, whatever the pools
    assert len(mocks.of_type(ASG_TAG)) == 15  # 6 node-template tags per pool + the team tag on each group


def test_node_template_tags_and_slugs_are_pure_functions_of_the_plan() -> None:
    [pool] = plan_of("dev").pools
    tags = node_template_tags(pool)
    assert tags["k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu"] == "true:NoSchedule"
    assert tags["k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator"] == "nvidia-l4"
    assert tag_slug("k8s.io/cluster-autoscaler/node-template/label/mlplatform.io/pool") == "label-mlplatform-io-pool"
