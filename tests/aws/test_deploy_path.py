"""The first deploy reaches the API: hub attachment and routes, the API's rules, declared admins, the exec identity,
and every in-cluster resource waiting for them."""

from __future__ import annotations

import json

import pytest

from components.aws.cluster import kubeconfig
from components.aws.credentials import ExecIdentity, admin_arn, deployer_warning, exec_identity
from components.aws.network import hub_destinations
from components.spec import BlueprintError
from mlplatform.engine.mocks import install_mocks
from tests.aws.conftest import ZONES, Rendered, fresh_render, plan_of, render

HUB = {"id": "tgw-0a1b2c3d4e5f60718", "cidrs": ["10.100.0.0/16", "192.168.64.0/20"]}
ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
ENTRY = "aws:eks/accessEntry:AccessEntry"
GRANT = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
TAGS = {"team": "ml", "mlplatform-platform": "mlplatform", "mlplatform-environment": "dev",
        "mlplatform-managed-by": "pulumi"}
ADMINS = ["arn:aws:iam::111122223333:role/platform-admins", "arn:aws:iam::111122223333:user/ci/deployer"]


@pytest.fixture(scope="module")
def hub() -> Rendered:
    return fresh_render(plan_of("dev", network={"cidr": "10.11.0.0/16", "hub": HUB}, admins=ADMINS))


def test_vpc_and_subnets_come_from_the_stack_network(hub: Rendered) -> None:
    assert hub.named("mlplatform-network", "aws:ec2/vpc:Vpc").inputs["cidrBlock"] == "10.11.0.0/16"
    subnets = {s.name: s.inputs["cidrBlock"] for s in hub.inventory.of_type("aws:ec2/subnet:Subnet")}
    assert subnets == {
        "mlplatform-network-private-use1-az1": "10.11.0.0/19",
        "mlplatform-network-private-use1-az2": "10.11.32.0/19",
        "mlplatform-network-private-use1-az4": "10.11.64.0/19",
        "mlplatform-network-public-use1-az1": "10.11.224.0/24",
    }


def test_vpc_attaches_to_the_hub_transit_gateway_from_every_zone(hub: Rendered) -> None:
    attachment = hub.one(ATTACHMENT)
    assert attachment.inputs == {
        "transitGatewayId": "tgw-0a1b2c3d4e5f60718",
        "vpcId": "mlplatform-network-id",
        "subnetIds": [f"mlplatform-network-private-{z}-id" for z in ZONES],
        "dnsSupport": "enable",
        "ipv6Support": "disable",
        "applianceModeSupport": "disable",
        "tags": {**TAGS, "Name": "mlplatform-network-hub"},
    }
    assert attachment.parent.endswith("mlplatform:aws:Network::mlplatform-network")


def test_every_private_route_table_sends_the_hub_cidrs_to_the_transit_gateway(hub: Rendered) -> None:
    attachment = hub.one(ATTACHMENT)
    for zone in ZONES:
        table = hub.named(f"mlplatform-network-private-{zone}", ROUTE_TABLE)
        assert table.inputs["routes"] == [
            {"cidrBlock": "0.0.0.0/0", "natGatewayId": "mlplatform-network-nat-use1-az1-id"},
            {"cidrBlock": "10.100.0.0/16", "transitGatewayId": "tgw-0a1b2c3d4e5f60718"},
            {"cidrBlock": "192.168.64.0/20", "transitGatewayId": "tgw-0a1b2c3d4e5f60718"},
        ]
        assert attachment.urn in table.dependencies
    assert hub.named("mlplatform-network-public", ROUTE_TABLE).inputs["routes"] == [
        {"cidrBlock": "0.0.0.0/0", "gatewayId": "mlplatform-network-igw-id"}
    ]


def test_private_access_cidrs_are_routed_to_the_transit_gateway_like_the_hub() -> None:
    """A VPN pool in privateAccessCidrs is admitted on 443 by the cluster security group, but the replies leave the
    ENI through the subnet's route table: without a route to the transit gateway they follow 0.0.0.0/0 to the NAT
    and never return (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html: VPC route tables must
    route the remote ranges to the gateway). A range a hub CIDR already covers gets no second route (CreateRoute
    refuses a duplicate destination, and the covering route already reaches the gateway)."""
    rendered = fresh_render(plan_of("dev", network={"cidr": "10.11.0.0/16", "hub": HUB}, admins=ADMINS,
                                    endpoint={"privateAccessCidrs": ["172.16.8.0/22", "10.100.4.0/24"]}))
    for zone in ZONES:
        assert rendered.named(f"mlplatform-network-private-{zone}", ROUTE_TABLE).inputs["routes"] == [
            {"cidrBlock": "0.0.0.0/0", "natGatewayId": "mlplatform-network-nat-use1-az1-id"},
            {"cidrBlock": "10.100.0.0/16", "transitGatewayId": "tgw-0a1b2c3d4e5f60718"},
            {"cidrBlock": "192.168.64.0/20", "transitGatewayId": "tgw-0a1b2c3d4e5f60718"},
            {"cidrBlock": "172.16.8.0/22", "transitGatewayId": "tgw-0a1b2c3d4e5f60718"},
        ]
    assert hub_destinations(["10.100.0.0/16"], ["10.100.0.0/16", "172.16.0.0/12", "172.16.0.0/12"]) == (
        "10.100.0.0/16", "172.16.0.0/12")


def test_private_access_cidrs_without_a_hub_are_refused_with_the_fix() -> None:
    """The stack owns the private route tables with inline routes (a route added outside is removed on the next
    `up`), so a private range has a return path only through the hub's attachment."""
    with pytest.raises(BlueprintError) as caught:
        plan_of("dev", endpoint={"privateAccessCidrs": ["172.16.8.0/22"]})
    assert [(p.path, p.message) for p in caught.value.problems] == [(
        "cluster.endpoint.privateAccessCidrs",
        "on AWS these ranges are routed through the hub's transit gateway; declare network.hub (its id and cidrs) "
        "or remove privateAccessCidrs",
    )]


def test_the_api_admits_the_hub_cidrs_on_443(hub: Rendered) -> None:
    rules = {r.name: (r.inputs["cidrIpv4"], r.inputs["fromPort"], r.inputs["toPort"], r.inputs["description"])
             for r in hub.inventory.of_type(SG_INGRESS)}
    assert rules == {
        "mlplatform-cluster-api-from-vpc": ("10.11.0.0/16", 443, 443, "Kubernetes API from inside the VPC"),
        "mlplatform-cluster-api-from-hub-10-100-0-0-16": (
            "10.100.0.0/16", 443, 443, "Kubernetes API from hub tgw-0a1b2c3d4e5f60718 (10.100.0.0/16)"),
        "mlplatform-cluster-api-from-hub-192-168-64-0-20": (
            "192.168.64.0/20", 443, 443, "Kubernetes API from hub tgw-0a1b2c3d4e5f60718 (192.168.64.0/20)"),
    }


def test_each_declared_admin_gets_an_access_entry_and_cluster_scoped_cluster_admin(hub: Rendered) -> None:
    entries = {e.name: e.inputs for e in hub.inventory.of_type(ENTRY)}
    assert entries == {
        "mlplatform-cluster-admin-111122223333-role-platform-admins": {
            "clusterName": "mlplatform-dev", "principalArn": ADMINS[0], "type": "STANDARD", "tags": TAGS},
        "mlplatform-cluster-admin-111122223333-user-ci-deployer": {
            "clusterName": "mlplatform-dev", "principalArn": ADMINS[1], "type": "STANDARD", "tags": TAGS},
    }
    grants = {g.name: g for g in hub.inventory.of_type(GRANT)}
    assert set(grants) == set(entries)
    for name, grant in grants.items():
        assert grant.inputs == {
            "clusterName": "mlplatform-dev",
            "principalArn": entries[name]["principalArn"],
            "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            "accessScope": {"type": "cluster"},
        }
        assert hub.named(name, ENTRY).urn in grant.dependencies


def test_no_grant_follows_whoever_creates_the_cluster(hub: Rendered) -> None:
    """`accessConfig.bootstrapClusterCreatorAdminPermissions` is create-only (EKS CreateCluster reads it once; the
    provider forces a new cluster when it changes). True would give cluster-admin to whichever identity ran the
    first `pulumi up`, invisible in the blueprint and kept after that person leaves; false leaves exactly the
    declared admins. Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html"""
    cluster = hub.named("mlplatform-cluster", "aws:eks/cluster:Cluster")
    assert cluster.inputs["accessConfig"] == {"authenticationMode": "API",
                                              "bootstrapClusterCreatorAdminPermissions": False}


def test_every_in_cluster_resource_waits_for_the_network_path_and_the_admins(hub: Rendered) -> None:
    needed = {hub.one(ATTACHMENT).urn,
              *(hub.named(f"mlplatform-network-private-{z}", ROUTE_TABLE).urn for z in ZONES),
              *(r.urn for r in hub.inventory.of_type(SG_INGRESS)),
              *(g.urn for g in hub.inventory.of_type(GRANT))}
    provider = hub.one("pulumi:providers:kubernetes")
    assert needed <= set(provider.dependencies)
    for release in hub.inventory.of_type("kubernetes:helm.sh/v3:Release"):
        assert needed <= set(release.dependencies), release.name
    assert len(hub.handle.api_ready) == len(needed)


def test_without_a_hub_there_is_no_attachment_and_no_hub_route(dev: Rendered) -> None:
    assert dev.inventory.of_type(ATTACHMENT) == []
    assert all(len(t.inputs["routes"]) == 1 for t in dev.inventory.of_type(ROUTE_TABLE))


def test_kubeconfig_authenticates_as_the_providers_profile_and_role() -> None:
    """The provider's `aws:profile` and last `aws:assumeRoles` role reach `aws eks get-token`, so the token is
    minted for the identity that holds the access entry, not the runner's default credentials."""
    mocks = install_mocks("mlplatform", "test", config={
        "aws:profile": "ml-deployer",
        "aws:assumeRoles": json.dumps([{"roleArn": "arn:aws:iam::111122223333:role/hop"},
                                       {"roleArn": "arn:aws:iam::111122223333:role/platform-admins"}]),
    })
    rendered = render(mocks, plan_of("dev"))
    [user] = json.loads(rendered.values["kubeconfig"])["users"]
    assert user["user"]["exec"] == {
        "apiVersion": "client.authentication.k8s.io/v1beta1",
        "command": "aws",
        "args": ["--region", "us-east-1", "eks", "get-token", "--cluster-name", "mlplatform-dev",
                 "--role-arn", "arn:aws:iam::111122223333:role/platform-admins", "--output", "json"],
        "interactiveMode": "Never",
        # Access keys in the runner's environment would beat the profile (environment variables come first in the
        # CLI's chain, docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html); set but empty they are
        # skipped (botocore/credentials.py EnvProvider.load: `if access_key:`), so the profile mints the token.
        "env": [{"name": "AWS_PROFILE", "value": "ml-deployer"}, {"name": "AWS_ACCESS_KEY_ID", "value": ""},
                {"name": "AWS_SECRET_ACCESS_KEY", "value": ""}, {"name": "AWS_SESSION_TOKEN", "value": ""}],
    }


def test_exec_identity_reads_only_what_is_set() -> None:
    assert exec_identity(None, None) == ExecIdentity()
    assert exec_identity("p", []) == ExecIdentity(profile="p")
    assert exec_identity(None, [{"roleArn": "arn:aws:iam::1:role/r", "sessionName": "s"}]) == ExecIdentity(
        role_arn="arn:aws:iam::1:role/r")
    plain = json.loads(kubeconfig("c", "https://e", "ca", "eu-west-1"))["users"][0]["user"]["exec"]
    assert "env" not in plain and "--role-arn" not in plain["args"]


def test_a_deployer_outside_cluster_admins_is_warned_before_anything_is_created() -> None:
    admins = ["arn:aws:iam::111122223333:role/team/platform-admins", "arn:aws:iam::111122223333:user/ci/deployer"]
    # an assumed role drops its path: matched by account and role name
    assert deployer_warning("arn:aws:sts::111122223333:assumed-role/platform-admins/ci-42", admins) is None
    assert deployer_warning("arn:aws:iam::111122223333:user/ci/deployer", admins) is None
    assert admin_arn("arn:aws:sts::111122223333:assumed-role/platform-admins/ci-42") == (
        "arn:aws:iam::111122223333:role/platform-admins")
    assert deployer_warning("arn:aws:sts::444455556666:assumed-role/platform-admins/ci", admins) == (
        "arn:aws:sts::444455556666:assumed-role/platform-admins/ci runs this deploy but is not in cluster.admins "
        "(arn:aws:iam::111122223333:role/team/platform-admins, arn:aws:iam::111122223333:user/ci/deployer): the "
        "cluster grants no admin to its creator, so the in-cluster steps will be refused; add it, or deploy as a "
        "listed admin")
    assert deployer_warning("arn:aws:iam::111122223333:user/alice", admins) is not None


def test_build_asks_who_deploys_before_registering(dev: Rendered) -> None:
    assert dev.invokes[0] == "aws:index/getCallerIdentity:getCallerIdentity"
