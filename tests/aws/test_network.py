"""VPC, subnets per zone with EKS discovery tags, NAT egress (one in dev, one per zone in prod)."""

from __future__ import annotations

import json
import re

from components.aws.network import network_zones, private_cidr, public_cidr
from mlplatform.engine.inventory import Inventory
from tests.aws.conftest import ZONES, Rendered, plan_of, render

SUBNET = "aws:ec2/subnet:Subnet"
NAT = "aws:ec2/natGateway:NatGateway"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
NETWORK_URN = "urn:pulumi:test::mlplatform::mlplatform:index:Platform$mlplatform:aws:Network::mlplatform-network"


def test_subnets_are_carved_from_the_stack_network_without_overlap() -> None:
    assert [private_cidr("10.0.0.0/16", i) for i in range(3)] == ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]
    assert [public_cidr("10.0.0.0/16", i) for i in range(3)] == ["10.0.224.0/24", "10.0.225.0/24", "10.0.226.0/24"]
    # the smallest stack network (/20) still fits three zones and their NAT subnets (/28 is AWS's minimum)
    assert [private_cidr("10.11.0.0/20", i) for i in range(3)] == ["10.11.0.0/23", "10.11.2.0/23", "10.11.4.0/23"]
    assert [public_cidr("10.11.0.0/20", i) for i in range(3)] == ["10.11.14.0/28", "10.11.14.16/28",
                                                                  "10.11.14.32/28"]


def test_zonal_cluster_still_gets_two_zones_for_eks() -> None:
    plan = plan_of("dev", availability="zonal")
    assert plan.zones == ("use1-az1",)
    assert network_zones(plan) == ("use1-az1", "use1-az2")
    assert network_zones(plan_of("dev")) == ("use1-az1", "use1-az2", "use1-az4")


def test_dev_has_one_nat_gateway_shared_by_every_private_subnet(dev: Rendered) -> None:
    [nat] = dev.inventory.of_type(NAT)
    assert nat.name == "mlplatform-network-nat-use1-az1"
    assert nat.inputs["subnetId"] == "mlplatform-network-public-use1-az1-id"
    assert nat.inputs["allocationId"].startswith("eipalloc-")
    assert dev.named("mlplatform-network-igw", "aws:ec2/internetGateway:InternetGateway").urn in nat.dependencies
    routes = {r.name: r.inputs["routes"] for r in dev.inventory.of_type(ROUTE_TABLE)}
    assert routes == {
        "mlplatform-network-public": [{"cidrBlock": "0.0.0.0/0", "gatewayId": "mlplatform-network-igw-id"}],
        **{
            f"mlplatform-network-private-{z}": [
                {"cidrBlock": "0.0.0.0/0", "natGatewayId": "mlplatform-network-nat-use1-az1-id"}
            ]
            for z in ZONES
        },
    }


def test_prod_has_one_nat_gateway_per_zone_routing_its_own_zone(prod: Rendered) -> None:
    nats = sorted(n.name for n in prod.inventory.of_type(NAT))
    assert nats == [f"mlplatform-network-nat-{z}" for z in ZONES]
    assert len(prod.inventory.of_type("aws:ec2/eip:Eip")) == 3
    for z in ZONES:
        table = prod.named(f"mlplatform-network-private-{z}", ROUTE_TABLE)
        assert table.inputs["routes"] == [
            {"cidrBlock": "0.0.0.0/0", "natGatewayId": f"mlplatform-network-nat-{z}-id"}
        ]


def test_subnets_are_private_by_default_and_tagged_for_load_balancers(dev: Rendered) -> None:
    subnets = {s.name: s.inputs for s in dev.inventory.of_type(SUBNET)}
    assert set(subnets) == {
        "mlplatform-network-public-use1-az1",
        "mlplatform-network-private-use1-az1",
        "mlplatform-network-private-use1-az2",
        "mlplatform-network-private-use1-az4",
    }
    private_b = subnets["mlplatform-network-private-use1-az2"]
    assert private_b == {
        "vpcId": "mlplatform-network-id",
        "availabilityZoneId": "use1-az2",
        "cidrBlock": "10.0.32.0/19",
        "mapPublicIpOnLaunch": False,
        "tags": {
            "team": "ml", "mlplatform-platform": "mlplatform", "mlplatform-environment": "dev",
            "mlplatform-managed-by": "pulumi",
            "kubernetes.io/cluster/mlplatform-dev": "shared",
            "kubernetes.io/role/internal-elb": "1",
            "Name": "mlplatform-network-private-use1-az2",
        },
    }
    public = subnets["mlplatform-network-public-use1-az1"]
    assert public["tags"]["kubernetes.io/role/elb"] == "1"
    assert "kubernetes.io/role/internal-elb" not in public["tags"]
    assert public["mapPublicIpOnLaunch"] is False
    assert public["availabilityZoneId"] == "use1-az1" and "availabilityZone" not in public
    assert all(r.parent == NETWORK_URN for r in dev.inventory.of_type(SUBNET))


def test_vpc_resolves_dns_and_default_security_group_is_emptied(dev: Rendered) -> None:
    vpc = dev.named("mlplatform-network", "aws:ec2/vpc:Vpc")
    assert vpc.inputs["cidrBlock"] == "10.0.0.0/16"
    assert vpc.inputs["enableDnsSupport"] is True
    assert vpc.inputs["enableDnsHostnames"] is True
    default_sg = dev.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert "ingress" not in default_sg.inputs and "egress" not in default_sg.inputs
    assert default_sg.inputs["vpcId"] == "mlplatform-network-id"


def test_zonal_cluster_control_plane_spans_two_zones_but_nodes_stay_in_one(mocks: Inventory) -> None:
    rendered = render(mocks, plan_of("dev", availability="zonal"))
    cluster = rendered.named("mlplatform-cluster", "aws:eks/cluster:Cluster")
    assert cluster.inputs["vpcConfig"]["subnetIds"] == [
        "mlplatform-network-private-use1-az1-id", "mlplatform-network-private-use1-az2-id"
    ]
    for group in mocks.of_type("aws:eks/nodeGroup:NodeGroup"):
        assert group.inputs["subnetIds"] == ["mlplatform-network-private-use1-az1-id"], group.name


def test_prod_vpc_flow_logs_go_to_a_retained_group_through_a_scoped_role(prod: Rendered, dev: Rendered) -> None:
    assert dev.inventory.of_type("aws:ec2/flowLog:FlowLog") == []
    flow = prod.one("aws:ec2/flowLog:FlowLog")
    group = prod.named("mlplatform-network-flow-logs", "aws:cloudwatch/logGroup:LogGroup")
    # named from a prefix carrying the cluster's name (a kept group never blocks a rebuild), and kept
    assert "name" not in group.inputs and group.inputs["namePrefix"] == "/aws/vpc/mlplatform-prod/flow-logs-"
    group_arn = flow.inputs["logDestination"]
    assert re.fullmatch(r"arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc/mlplatform-prod/flow-logs-\d{26}",
                        group_arn)
    assert group.inputs["retentionInDays"] == 365
    assert group.retain_on_delete is True
    assert {k: flow.inputs[k] for k in ("vpcId", "trafficType", "logDestinationType", "logDestination")} == {
        "vpcId": "mlplatform-network-id", "trafficType": "ALL", "logDestinationType": "cloud-watch-logs",
        "logDestination": group_arn,
    }
    role = prod.named("mlplatform-network-flow-logs", "aws:iam/role:Role")
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"] == [{
        "Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"}, "Action": ["sts:AssumeRole"],
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
    }]
    policy = json.loads(prod.named("mlplatform-network-flow-logs", "aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    assert policy["Statement"][0]["Resource"] == [group_arn, f"{group_arn}:*"]
    assert flow.parent == NETWORK_URN
