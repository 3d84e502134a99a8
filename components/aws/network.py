"""Network: a VPC with one private subnet per zone for nodes and the control plane's ENIs, NAT egress, and the
transit gateway attachment to the hub network the first deploy runs from.

Nodes never get public addresses. Public subnets exist only to hold NAT gateways (one in dev/staging to keep
cost down, one per zone in prod so a zone outage does not cut egress for the others). Subnets carry the tags
the AWS Load Balancer Controller uses to discover them (internal-elb on private, elb on public).
Zones are AZ IDs (use1-az1, see ``catalog.regions``): subnets are placed by ``availability_zone_id`` so they land
in the same physical zone in every account, and per-zone resources are named by AZ ID (``<name>-private-use1-az1``).
Subnets are carved from the stack's `network.cidr` (one eighth of it per zone for nodes and pods, since the VPC CNI
gives every pod a VPC address; NAT subnets from the last eighth), so dev and prod stacks with distinct ranges can both
be routed from one hub. With `network.hub`, every private route table sends the hub's CIDRs and
`cluster.endpoint.privateAccessCidrs` (VPN pools behind the hub: the API's security group admits them on 443, and the
replies need this route) to the transit gateway; validation refuses privateAccessCidrs without a hub.
In prod the VPC is protected: deleting it would take the cluster, the database and the hub attachment with it.
Flow-log groups are named after the cluster (unique per account and region) and kept when the stack is destroyed.
Source: https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
import pulumi_aws as aws

from components import catalog
from components.aws.hub import hub_attachment
from components.aws.identity import ASSUME_ROLE, POLICY_VERSION
from components.plan import ClusterPlan
from components.spec import Environment

PRIVATE_SPLIT = 3  # 2**3 private slots: /19 per zone in a /16 (8190 addresses: every pod takes a VPC address)
PUBLIC_SPLIT = 8  # NAT subnets: /24 in a /16, /28 (the smallest AWS subnet) in a /20, from the last private slot
ANY_IPV4 = "0.0.0.0/0"
EIP_DOMAIN = "vpc"
EKS_MIN_ZONES = 2  # EKS requires subnets in at least two availability zones
TAG_NAME = "Name"
TAG_INTERNAL_ELB = "kubernetes.io/role/internal-elb"
TAG_PUBLIC_ELB = "kubernetes.io/role/elb"
TAG_CLUSTER_PREFIX = "kubernetes.io/cluster/"
TAG_CLUSTER_SHARED = "shared"
TAG_ROLE_ON = "1"

FLOW_LOGS_SERVICE = "vpc-flow-logs.amazonaws.com"
FLOW_LOG_TRAFFIC = "ALL"
FLOW_LOG_DESTINATION = "cloud-watch-logs"
FLOW_LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams")
FLOW_LOG_GROUP_PREFIX = "/aws/vpc/{cluster}/flow-logs-"  # + a suffix per creation: a retained group never blocks

# VPC flow logs (every accepted and rejected flow, to CloudWatch Logs) where an audit trail is worth the
# ingestion cost; days of retention per environment, none = no flow logs.
FLOW_LOG_RETENTION_DAYS: Mapping[Environment, int | None] = MappingProxyType({
    Environment.DEV: None,
    Environment.STAGING: None,
    Environment.PROD: 365,
})

# One NAT gateway per zone, or one for the whole VPC (a NAT gateway costs about USD 33 a month plus data).
NAT_PER_ZONE: Mapping[Environment, bool] = MappingProxyType({
    Environment.DEV: False,
    Environment.STAGING: False,
    Environment.PROD: True,
})


def network_zones(plan: ClusterPlan) -> tuple[str, ...]:
    """The plan's zones (AZ IDs), topped up from the catalog's region to the two zones EKS needs (zonal clusters)."""
    if len(plan.zones) >= EKS_MIN_ZONES:
        return plan.zones
    extra = [z for z in catalog.region(plan.cloud, plan.region).zones if z not in plan.zones]
    return (*plan.zones, *extra)[:EKS_MIN_ZONES]


def nat_zones(plan: ClusterPlan, zones: Sequence[str]) -> tuple[str, ...]:
    return tuple(zones) if NAT_PER_ZONE[plan.environment] else tuple(zones[:1])


def hub_destinations(hub_cidrs: Sequence[str], private_access_cidrs: Sequence[str]) -> tuple[str, ...]:
    """The hub's CIDRs, then every privateAccessCidr no hub CIDR already covers (a route table refuses a duplicate
    destination, and a covered range already reaches the transit gateway)."""
    hubs = [ipaddress.ip_network(c) for c in hub_cidrs]
    extra = [c for c in dict.fromkeys(private_access_cidrs)
             if not any(ipaddress.ip_network(c).subnet_of(h) for h in hubs)]  # type: ignore[arg-type]
    return (*hub_cidrs, *extra)


def private_cidr(network: str, index: int) -> str:
    """The `index`-th zone's private subnet: one eighth of the stack's network."""
    net = ipaddress.IPv4Network(network)
    return str(list(net.subnets(prefixlen_diff=PRIVATE_SPLIT))[index])


def public_cidr(network: str, index: int) -> str:
    """The `index`-th NAT subnet, carved from the last eighth, which no private subnet uses."""
    net = ipaddress.IPv4Network(network)
    reserve = list(net.subnets(prefixlen_diff=PRIVATE_SPLIT))[-1]
    return str(list(reserve.subnets(new_prefix=net.prefixlen + PUBLIC_SPLIT))[index])


@dataclass(frozen=True, kw_only=True)
class NetworkArgs:
    plan: ClusterPlan


class Network(pulumi.ComponentResource):
    """VPC, private subnets per zone (tagged for internal load balancers), NAT egress, locked default SG."""

    vpc_id: pulumi.Output[str]
    cidr_block: str
    # What traffic from the hub needs before the first Kubernetes call: the attachment and the routes back to it.
    hub_ready: tuple[pulumi.Resource, ...]
    zones: tuple[str, ...]
    private_subnet_ids: Mapping[str, pulumi.Output[str]]
    public_subnet_ids: Mapping[str, pulumi.Output[str]]
    nat_gateway_ids: Mapping[str, pulumi.Output[str]]

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:aws:Network", name, None, opts)
        plan = args.plan
        child = pulumi.ResourceOptions(parent=self)
        tags = dict(plan.tags)
        cluster_tag = {f"{TAG_CLUSTER_PREFIX}{plan.name}": TAG_CLUSTER_SHARED}
        self.zones = network_zones(plan)

        vpc = aws.ec2.Vpc(
            name,
            cidr_block=plan.network_cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,  # required for the private API endpoint's DNS name
            tags={**tags, TAG_NAME: name},
            opts=pulumi.ResourceOptions(parent=self, protect=plan.protect),
        )
        # No rules: nothing may silently use the default security group.
        aws.ec2.DefaultSecurityGroup(f"{name}-default-sg", vpc_id=vpc.id, tags=tags, opts=child)
        igw = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=vpc.id, tags={**tags, TAG_NAME: name}, opts=child)
        public_rt = aws.ec2.RouteTable(
            f"{name}-public",
            vpc_id=vpc.id,
            routes=[aws.ec2.RouteTableRouteArgs(cidr_block=ANY_IPV4, gateway_id=igw.id)],
            tags={**tags, TAG_NAME: f"{name}-public"},
            opts=child,
        )

        public: dict[str, pulumi.Output[str]] = {}
        nats: dict[str, pulumi.Output[str]] = {}
        for i, zone in enumerate(nat_zones(plan, self.zones)):
            subnet = aws.ec2.Subnet(
                f"{name}-public-{zone}",
                vpc_id=vpc.id,
                availability_zone_id=zone,
                cidr_block=public_cidr(plan.network_cidr, i),
                map_public_ip_on_launch=False,
                tags={**tags, **cluster_tag, TAG_PUBLIC_ELB: TAG_ROLE_ON, TAG_NAME: f"{name}-public-{zone}"},
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-public-{zone}", subnet_id=subnet.id, route_table_id=public_rt.id, opts=child
            )
            eip = aws.ec2.Eip(f"{name}-nat-{zone}", domain=EIP_DOMAIN, tags={**tags, TAG_NAME: f"{name}-nat-{zone}"},
                              opts=child)
            nat = aws.ec2.NatGateway(
                f"{name}-nat-{zone}",
                allocation_id=eip.allocation_id,
                subnet_id=subnet.id,
                tags={**tags, TAG_NAME: f"{name}-nat-{zone}"},
                opts=pulumi.ResourceOptions(parent=self, depends_on=[igw]),
            )
            public[zone] = subnet.id
            nats[zone] = nat.id

        egress = next(iter(nats.values()))  # zones without their own NAT gateway share the first one
        private: dict[str, pulumi.Output[str]] = {}
        for i, zone in enumerate(self.zones):
            subnet = aws.ec2.Subnet(
                f"{name}-private-{zone}",
                vpc_id=vpc.id,
                availability_zone_id=zone,
                cidr_block=private_cidr(plan.network_cidr, i),
                map_public_ip_on_launch=False,
                tags={**tags, **cluster_tag, TAG_INTERNAL_ELB: TAG_ROLE_ON, TAG_NAME: f"{name}-private-{zone}"},
                opts=child,
            )
            private[zone] = subnet.id

        hub_routes: list[aws.ec2.RouteTableRouteArgs] = []
        hub_ready: list[pulumi.Resource] = []
        if plan.hub is not None:
            attachment = hub_attachment(f"{name}-hub", plan.hub, vpc.id, [private[z] for z in self.zones],
                                        {**tags, TAG_NAME: f"{name}-hub"}, child)
            hub_routes = [aws.ec2.RouteTableRouteArgs(cidr_block=cidr, transit_gateway_id=attachment.transit_gateway_id)
                          for cidr in hub_destinations(plan.hub.cidrs, plan.private_access_cidrs)]
            hub_ready.append(attachment)
        for zone in self.zones:
            route_table = aws.ec2.RouteTable(
                f"{name}-private-{zone}",
                vpc_id=vpc.id,
                routes=[aws.ec2.RouteTableRouteArgs(cidr_block=ANY_IPV4, nat_gateway_id=nats.get(zone, egress)),
                        *hub_routes],
                tags={**tags, TAG_NAME: f"{name}-private-{zone}"},
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-private-{zone}", subnet_id=private[zone], route_table_id=route_table.id, opts=child
            )
            if hub_routes:
                hub_ready.append(route_table)

        retention = FLOW_LOG_RETENTION_DAYS[plan.environment]
        if retention is not None:
            _flow_logs(name, plan.name, vpc, retention, plan.protect, tags, child)

        self.vpc_id = vpc.id
        self.cidr_block = plan.network_cidr
        self.hub_ready = tuple(hub_ready)
        self.private_subnet_ids = MappingProxyType(private)
        self.public_subnet_ids = MappingProxyType(public)
        self.nat_gateway_ids = MappingProxyType(nats)
        self.register_outputs({
            "vpc_id": self.vpc_id,
            "cidr_block": self.cidr_block,
            "zones": list(self.zones),
            "private_subnet_ids": dict(private),
            "public_subnet_ids": dict(public),
            "nat_gateway_ids": dict(nats),
        })


def _flow_logs(name: str, cluster: str, vpc: aws.ec2.Vpc, retention_days: int, retain: bool,
               tags: Mapping[str, str], opts: pulumi.ResourceOptions) -> aws.ec2.FlowLog:
    """Flow logs of the whole VPC to a log group; the delivery role may write to that group only.

    The group's name is a prefix (CloudWatch names must be unique per account and region): a group retained on
    delete (prod) stays behind under its own name and a rebuild creates a new one, where a fixed name failed the
    first `up` after a destroy with ResourceAlreadyExistsException. Outside prod the group is deleted with the stack.
    """
    group = aws.cloudwatch.LogGroup(
        f"{name}-flow-logs",
        name_prefix=FLOW_LOG_GROUP_PREFIX.format(cluster=cluster),
        retention_in_days=retention_days,
        tags=dict(tags), opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(retain_on_delete=retain)),
    )
    # Confused-deputy guard: only flow logs of this account (taken from the VPC's ARN) may assume the role.
    trust = vpc.arn.apply(lambda arn: json.dumps({
        "Version": POLICY_VERSION,
        "Statement": [{
            "Effect": "Allow", "Principal": {"Service": FLOW_LOGS_SERVICE}, "Action": [ASSUME_ROLE],
            "Condition": {"StringEquals": {"aws:SourceAccount": arn.split(":")[4]}},
        }],
    }))
    role = aws.iam.Role(f"{name}-flow-logs", assume_role_policy=trust, tags=dict(tags), opts=opts)
    policy = aws.iam.RolePolicy(
        f"{name}-flow-logs",
        role=role.name,
        policy=group.arn.apply(lambda arn: json.dumps({
            "Version": POLICY_VERSION,
            "Statement": [{"Effect": "Allow", "Action": list(FLOW_LOG_ACTIONS), "Resource": [arn, f"{arn}:*"]}],
        })),
        opts=opts,
    )
    return aws.ec2.FlowLog(
        f"{name}-flow-logs",
        vpc_id=vpc.id,
        traffic_type=FLOW_LOG_TRAFFIC,
        log_destination_type=FLOW_LOG_DESTINATION,
        log_destination=group.arn,
        iam_role_arn=role.arn,
        tags=dict(tags),
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[policy])),
    )
