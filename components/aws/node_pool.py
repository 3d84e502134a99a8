"""AcceleratorPool: one EKS managed node group per accelerator pool, scaling from zero under the Cluster Autoscaler.

Spot pools list every equivalent instance type the region offers (spot diversification); reserved pools run
ON_DEMAND inside a targeted On-Demand Capacity Reservation named in the blueprint; capacity-block pools run
CAPACITY_BLOCK in a Capacity Block named in the blueprint, whose launch template pins the block's market type,
reservation and instance type (so the group lists none). The autoscaler may scale a block's group from zero while
the block is active; outside the window its scale-up fails and the priority expander falls back to the next tier.
The GPU taint and the platform labels are set on the node group; the same facts
are copied to the group's Auto Scaling group as `node-template` tags so the autoscaler can plan a node of an
empty group. Node group names are the blueprint's pool names, so a change EKS cannot apply in place (capacity,
instance types) replaces the group delete-first: a second group of the same name cannot exist alongside.
The desired size is the live one within the blueprint's bounds (scaling.py). Node auto repair replaces GPU nodes
that report unhealthy accelerators (NVIDIA XID errors) or kubelet failures. Blueprint tags that may change reach the
instances through Auto Scaling group tags, not the launch template (launch_template.py), so a tag edit does not
roll GPU nodes.
Sources: https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html,
https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md,
https://docs.aws.amazon.com/eks/latest/userguide/node-health.html (node auto repair),
https://docs.aws.amazon.com/eks/latest/userguide/capacity-blocks-mng.html (Capacity Blocks)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pulumi
import pulumi_aws as aws

from components.aws.launch_template import CapacityBlock, autoscaling_group_name, node_launch_template, propagate_tags
from components.aws.scaling import LiveScaling, desired_size
from components.catalog.scheduling import EKS_AUTOSCALER_GPU_LABEL, GPU_RESOURCE
from components.plan import PoolPlan
from components.spec import Capacity

# EKS's accelerated AL2023 AMI (NVIDIA driver + container toolkit); not in the catalog yet.
GPU_AMI_TYPE = "AL2023_x86_64_NVIDIA"
CAPACITY_TYPE: Mapping[Capacity, str] = MappingProxyType({
    Capacity.SPOT: "SPOT",
    Capacity.ON_DEMAND: "ON_DEMAND",
    Capacity.RESERVED: "ON_DEMAND",
    Capacity.CAPACITY_BLOCK: "CAPACITY_BLOCK",
})
# Kubernetes taint effect -> EKS API spelling.
TAINT_EFFECT: Mapping[str, str] = MappingProxyType({
    "NoSchedule": "NO_SCHEDULE",
    "NoExecute": "NO_EXECUTE",
    "PreferNoSchedule": "PREFER_NO_SCHEDULE",
})
# The Cluster Autoscaler's AWS GPU label. A new node that carries it but does not advertise `nvidia.com/gpu` yet
# (device plugin still starting) counts as not ready, rather than as a node without GPUs that leaves the GPU pods
# pending and triggers another scale-up. Every AWS pool is a GPU pool (TPUs are rejected in the spec).
NODE_TEMPLATE = "k8s.io/cluster-autoscaler/node-template"
NODE_TEMPLATE_LABEL = f"{NODE_TEMPLATE}/label/"
NODE_TEMPLATE_TAINT = f"{NODE_TEMPLATE}/taint/"
NODE_TEMPLATE_RESOURCE = f"{NODE_TEMPLATE}/resources/"
MAX_UNAVAILABLE = 1
NODE_REPAIR = True


def node_labels(pool: PoolPlan) -> Mapping[str, str]:
    """The platform's labels plus the autoscaler's GPU label, valued with the accelerator."""
    return MappingProxyType({**pool.labels, EKS_AUTOSCALER_GPU_LABEL: pool.accelerator.value})


def node_template_tags(pool: PoolPlan) -> Mapping[str, str]:
    """ASG tags that describe a node of this pool to the Cluster Autoscaler (labels, taints, GPUs)."""
    tags = {f"{NODE_TEMPLATE_LABEL}{k}": v for k, v in node_labels(pool).items()}
    tags.update({f"{NODE_TEMPLATE_TAINT}{t.key}": f"{t.value}:{t.effect}" for t in pool.taints})
    tags[f"{NODE_TEMPLATE_RESOURCE}{GPU_RESOURCE}"] = str(pool.accelerators_per_node)
    return MappingProxyType(tags)


def tag_slug(key: str) -> str:
    """A tag key as a resource-name suffix: `k8s.io/.../label/mlplatform.io/pool` -> `label-mlplatform-io-pool`."""
    return re.sub(r"[^a-z0-9]+", "-", key.removeprefix(f"{NODE_TEMPLATE}/").lower()).strip("-")


@dataclass(frozen=True, kw_only=True)
class AcceleratorPoolArgs:
    pool: PoolPlan
    cluster_name: pulumi.Input[str]
    kubernetes_version: pulumi.Input[str]  # the control plane's; nodes follow it on upgrades
    node_role_arn: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]  # private subnets of the pool's zones
    tags: Mapping[str, str] = field(default_factory=dict)
    live: LiveScaling | None = None  # the group's scaling as EKS reports it (None before it exists)
    after: Sequence[pulumi.Resource] = ()  # the cluster's managed add-ons: nodes need the CNI to become Ready


class AcceleratorPool(pulumi.ComponentResource):
    """A tainted, labelled GPU node group that scales min_nodes..max_nodes (from zero by default)."""

    node_group: aws.eks.NodeGroup
    pool_name: pulumi.Output[str]
    autoscaling_group_name: pulumi.Output[str]

    def __init__(self, name: str, args: AcceleratorPoolArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:aws:AcceleratorPool", name, None, opts)
        pool = args.pool
        child = pulumi.ResourceOptions(parent=self)
        tags = dict(args.tags)
        block = CapacityBlock(pool.shape.machine_type) if pool.capacity is Capacity.CAPACITY_BLOCK else None
        template = node_launch_template(
            f"{name}-lt",
            root_volume_gib=pool.root_volume_gib,
            tags=tags,
            opts=child,
            capacity_reservation_id=pool.reservation,
            capacity_block=block,
        )
        self.node_group = aws.eks.NodeGroup(
            name,
            cluster_name=args.cluster_name,
            node_group_name=pool.cloud_name,
            version=args.kubernetes_version,
            node_role_arn=args.node_role_arn,
            subnet_ids=list(args.subnet_ids),
            ami_type=GPU_AMI_TYPE,
            capacity_type=CAPACITY_TYPE[pool.capacity],
            instance_types=None if block is not None else [s.machine_type for s in pool.shapes],
            scaling_config=aws.eks.NodeGroupScalingConfigArgs(
                min_size=pool.min_nodes,
                max_size=pool.max_nodes,
                desired_size=desired_size(pool.min_nodes, pool.max_nodes, args.live),
            ),
            labels=dict(node_labels(pool)),
            taints=[
                aws.eks.NodeGroupTaintArgs(key=t.key, value=t.value, effect=TAINT_EFFECT[t.effect])
                for t in pool.taints
            ],
            launch_template=aws.eks.NodeGroupLaunchTemplateArgs(
                id=template.id, version=template.latest_version.apply(str)
            ),
            update_config=aws.eks.NodeGroupUpdateConfigArgs(max_unavailable=MAX_UNAVAILABLE),
            node_repair_config=aws.eks.NodeGroupNodeRepairConfigArgs(enabled=NODE_REPAIR),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, delete_before_replace=True, depends_on=list(args.after)),
        )
        self.pool_name = self.node_group.node_group_name
        self.autoscaling_group_name = autoscaling_group_name(self.node_group)
        for key, value in node_template_tags(pool).items():
            aws.autoscaling.Tag(
                f"{name}-{tag_slug(key)}",
                autoscaling_group_name=self.autoscaling_group_name,
                tag=aws.autoscaling.TagTagArgs(key=key, value=value, propagate_at_launch=False),
                opts=child,
            )
        propagate_tags(name, self.autoscaling_group_name, tags, child)
        self.register_outputs({"pool_name": self.pool_name, "autoscaling_group_name": self.autoscaling_group_name,
                               "node_group": self.node_group.arn})

