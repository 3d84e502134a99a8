"""The launch template every EKS node group uses: IMDSv2 only, hop limit 1, encrypted gp3 root volume, tags.

Only the platform's stable tags (platform, environment, managed-by) are stamped on instances, volumes and network
interfaces by the template: a change to the template's tag specifications is a new template version, and a new
version rolls every node of the group (an idle 8-GPU node is expensive to replace, a busy one kills its jobs).
The blueprint's own tags (team, cost centre), which do change, reach the instances as Auto Scaling group tags
propagated at launch (node_pool.py): editing one changes no template, and new nodes carry the new value.

Why a module of its own: the system pool (cluster.py) and every accelerator pool (node_pool.py) need the same
hardening, and one definition keeps them from drifting. No AMI and no user data are set, so EKS keeps choosing
the AMI from the node group's amiType and merges its own bootstrap.
A Capacity Block's template also carries the block's market type, reservation and instance type
(https://docs.aws.amazon.com/eks/latest/userguide/capacity-blocks-mng.html).
Sources: https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html,
https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html (restrict IMDS)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.plan import TAG_ENVIRONMENT, TAG_MANAGED_BY, TAG_PLATFORM

ROOT_DEVICE = "/dev/xvda"  # root device of the EKS-optimized Amazon Linux 2023 AMIs
VOLUME_TYPE = "gp3"
EBS_TRUE = "true"  # the launch template API takes these EBS flags as strings
IMDS_ENABLED = "enabled"
IMDS_TOKENS_REQUIRED = "required"
# One hop: the node itself reaches IMDS, pods in their own network namespace do not; they get AWS
# credentials from EKS Pod Identity instead of the node role.
IMDS_HOP_LIMIT = 1
TAGGED_RESOURCES = ("instance", "volume", "network-interface")
MARKET_CAPACITY_BLOCK = "capacity-block"  # EC2 MarketType for launches into a Capacity Block
STABLE_TAGS = (TAG_PLATFORM, TAG_ENVIRONMENT, TAG_MANAGED_BY)


def stable_tags(tags: Mapping[str, str]) -> dict[str, str]:
    """The tags a launch template may stamp on nodes: those that change only with the stack's identity."""
    return {k: v for k, v in tags.items() if k in STABLE_TAGS}


def propagated_tags(tags: Mapping[str, str]) -> dict[str, str]:
    """The tags that reach nodes through their Auto Scaling group instead (edits roll no node)."""
    return {k: v for k, v in tags.items() if k not in STABLE_TAGS}


def autoscaling_group_name(node_group: aws.eks.NodeGroup) -> pulumi.Output[str]:
    """The Auto Scaling group EKS made for a managed node group."""
    return node_group.resources.apply(lambda r: str((r[0].autoscaling_groups or [])[0].name))


def propagate_tags(
    name: str, asg_name: pulumi.Input[str], tags: Mapping[str, str], opts: pulumi.ResourceOptions
) -> list[aws.autoscaling.Tag]:
    """`<name>-tag-<key>`: each non-stable tag on the group's Auto Scaling group, propagated to new instances."""
    return [
        aws.autoscaling.Tag(
            f"{name}-tag-{re.sub(r'[^a-z0-9]+', '-', key.lower()).strip('-')}",
            autoscaling_group_name=asg_name,
            tag=aws.autoscaling.TagTagArgs(key=key, value=value, propagate_at_launch=True),
            opts=opts,
        )
        for key, value in propagated_tags(tags).items()
    ]


@dataclass(frozen=True)
class CapacityBlock:
    """A Capacity Block the template launches into: the block's instance type is pinned in the template (EKS rejects
    a CAPACITY_BLOCK node group whose template lacks it), with market type capacity-block."""

    instance_type: str


def node_launch_template(
    name: str,
    *,
    root_volume_gib: int,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
    capacity_reservation_id: str | None = None,
    capacity_block: CapacityBlock | None = None,
) -> aws.ec2.LaunchTemplate:
    """A launch template for a managed node group; targets one capacity reservation when given one (an On-Demand
    Capacity Reservation, or a Capacity Block with ``capacity_block``). No instance type otherwise: the node group
    lists its types (several for spot)."""
    reservation = None
    if capacity_reservation_id is not None:
        target = aws.ec2.LaunchTemplateCapacityReservationSpecificationCapacityReservationTargetArgs(
            capacity_reservation_id=capacity_reservation_id
        )
        reservation = aws.ec2.LaunchTemplateCapacityReservationSpecificationArgs(capacity_reservation_target=target)
    market = None if capacity_block is None else aws.ec2.LaunchTemplateInstanceMarketOptionsArgs(
        market_type=MARKET_CAPACITY_BLOCK
    )
    return aws.ec2.LaunchTemplate(
        name,
        description=f"EKS nodes of {name}: IMDSv2 only, encrypted root volume",
        metadata_options=aws.ec2.LaunchTemplateMetadataOptionsArgs(
            http_endpoint=IMDS_ENABLED,
            http_tokens=IMDS_TOKENS_REQUIRED,
            http_put_response_hop_limit=IMDS_HOP_LIMIT,
        ),
        block_device_mappings=[
            aws.ec2.LaunchTemplateBlockDeviceMappingArgs(
                device_name=ROOT_DEVICE,
                ebs=aws.ec2.LaunchTemplateBlockDeviceMappingEbsArgs(
                    volume_size=root_volume_gib,
                    volume_type=VOLUME_TYPE,
                    encrypted=EBS_TRUE,
                    delete_on_termination=EBS_TRUE,
                ),
            )
        ],
        capacity_reservation_specification=reservation,
        instance_market_options=market,
        instance_type=None if capacity_block is None else capacity_block.instance_type,
        tag_specifications=[
            aws.ec2.LaunchTemplateTagSpecificationArgs(resource_type=kind, tags=stable_tags(tags))
            for kind in TAGGED_RESOURCES
        ],
        update_default_version=True,
        tags=dict(tags),
        opts=opts,
    )
