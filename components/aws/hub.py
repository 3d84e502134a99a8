"""The stack's attachment to the hub network (CI runners, VPN clients) through an existing transit gateway.

Why: the first `pulumi up` installs in-cluster releases right after the cluster exists, and the API endpoint is
private; the run starts in the hub, so the hub must reach the VPC in the same run. The attachment uses one private
subnet per zone (a transit gateway reaches a VPC only in zones where it has an attachment subnet). DNS support is
on so hub resolvers can answer the private endpoint's name. The transit gateway's own route tables (association and
propagation) belong to the hub's owner and are not touched here: on a gateway shared through AWS RAM they cannot
be set from this account, and with auto-accept off the hub's owner must accept the attachment.
Sources: https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html,
https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html (private endpoint from connected networks)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from components.plan import HubPlan

ENABLE = "enable"
DISABLE = "disable"


def hub_attachment(
    name: str,
    hub: HubPlan,
    vpc_id: pulumi.Input[str],
    subnet_ids: Sequence[pulumi.Input[str]],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.ec2transitgateway.VpcAttachment:
    """The VPC attached to the hub's transit gateway; create-only inputs (gateway, VPC) set explicitly."""
    return aws.ec2transitgateway.VpcAttachment(
        name,
        transit_gateway_id=hub.id,
        vpc_id=vpc_id,
        subnet_ids=list(subnet_ids),
        dns_support=ENABLE,
        ipv6_support=DISABLE,
        appliance_mode_support=DISABLE,
        tags=dict(tags),
        opts=opts,
    )
