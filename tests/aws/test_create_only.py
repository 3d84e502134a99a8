"""Every create-only input each AWS resource sends is set explicitly and is the same on every run.

Why: the provider forces a replacement when a create-only input differs from its state. An input left unset is
filled by AWS at creation and read back; a later default change (or a value that differs per run) then shows as a
difference on the second `pulumi up` and replaces a cluster, a node group or a database. The paths below are the
arguments the Terraform AWS provider (which pulumi-aws 7.x bridges) marks "Forces new resource" / "Changing this
value will force a new ... to be created" in its resource documentation, plus those EKS and RDS document as fixed
at creation (EKS API CreateCluster: `accessConfig.bootstrapClusterCreatorAdminPermissions`,
`bootstrapSelfManagedAddons`, `kubernetesNetworkConfig.serviceIpv4Cidr`; EKS CreateNodegroup: name, AMI type,
capacity type, instance types, subnets, node role; KMS CreateKey: KeyUsage, KeySpec).
Sources: https://www.pulumi.com/registry/packages/aws/api-docs/ (eks/cluster, eks/nodegroup, kms/key, ec2/subnet,
ec2/vpc, ec2transitgateway/vpcattachment, eks/accessentry, eks/accesspolicyassociation, eks/addon,
eks/podidentityassociation, cloudwatch/loggroup, ec2/natgateway, ec2/eip, s3/bucket*, rds/instance,
rds/parametergroup, rds/subnetgroup, ec2/securitygroup),
https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html,
https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html,
https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html,
https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from mlplatform.engine.inventory import Registration
from tests.aws.conftest import Rendered, fresh_render, plan_of

# type -> create-only input paths (dotted, wire names). A path with "|" is satisfied by either alternative.
CREATE_ONLY: Mapping[str, tuple[str, ...]] = {
    "aws:eks/cluster:Cluster": ("name", "accessConfig.bootstrapClusterCreatorAdminPermissions",
                                "bootstrapSelfManagedAddons", "kubernetesNetworkConfig.serviceIpv4Cidr",
                                "encryptionConfig.provider.keyArn"),
    "aws:eks/nodeGroup:NodeGroup": ("clusterName", "nodeGroupName|nodeGroupNamePrefix", "amiType", "capacityType",
                                    "instanceTypes", "subnetIds", "nodeRoleArn"),
    "aws:kms/key:Key": ("keyUsage", "customerMasterKeySpec"),
    "aws:cloudwatch/logGroup:LogGroup": ("name|namePrefix",),
    "aws:ec2/vpc:Vpc": ("cidrBlock",),
    "aws:ec2/subnet:Subnet": ("vpcId", "cidrBlock", "availabilityZoneId"),
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": ("transitGatewayId", "vpcId"),
    "aws:eks/accessEntry:AccessEntry": ("clusterName", "principalArn", "type"),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": ("clusterName", "principalArn", "policyArn",
                                                                "accessScope.type"),
    "aws:eks/addon:Addon": ("clusterName", "addonName"),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": ("clusterName", "namespace", "serviceAccount"),
    "aws:ec2/natGateway:NatGateway": ("subnetId", "allocationId"),
    "aws:ec2/eip:Eip": ("domain",),
    "aws:ec2/flowLog:FlowLog": ("vpcId", "trafficType", "logDestinationType", "logDestination"),
    # MLflow's data plane (RDS CreateDBInstance: identifier, engine, database name, master user, encryption,
    # and the CA the instance is created with; S3: the bucket name; parameter groups: family and name).
    "aws:s3/bucket:Bucket": ("bucketPrefix",),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ("bucket",),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ("bucket",),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ("bucket",),
    "aws:s3/bucketVersioning:BucketVersioning": ("bucket",),
    "aws:s3/bucketPolicy:BucketPolicy": ("bucket",),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ("bucket",),
    "aws:rds/instance:Instance": ("identifier", "engine", "dbName", "username", "storageEncrypted",
                                  "caCertIdentifier", "dbSubnetGroupName"),
    "aws:rds/parameterGroup:ParameterGroup": ("name", "family", "description"),
    "aws:rds/subnetGroup:SubnetGroup": ("name",),
    "aws:ec2/securityGroup:SecurityGroup": ("name", "description", "vpcId"),
}
# Types with no create-only input this stack depends on (names are generated once and kept in state).
NONE_CREATE_ONLY = {
    "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:autoscaling/tag:Tag",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "random:index/randomPassword:RandomPassword",  # generated once and kept in state; its inputs are constants
    "random:index/randomId:RandomId",  # the final snapshot's suffix: generated once per instance, kept in state
}
HUB = {"id": "tgw-0a1b2c3d4e5f60718", "cidrs": ["10.100.0.0/16"]}
MLFLOW = {"mlflow": {"enabled": True, "database": {"size": "medium"}}}


def _get(inputs: Mapping[str, Any], path: str) -> Any:
    value: Any = inputs
    for key in path.split("."):
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _value(reg: Registration, path: str) -> Any:
    for alternative in path.split("|"):
        found = _get(reg.inputs, alternative)
        if found not in (None, "", [], "[unknown]"):
            return found
    return None


def _full() -> Rendered:
    return fresh_render(plan_of("prod", network={"cidr": "10.11.0.0/16", "hub": HUB}, services=MLFLOW))


@pytest.fixture(scope="module")
def twice() -> Iterator[tuple[Rendered, Rendered]]:
    yield _full(), _full()


def test_every_aws_type_is_listed(twice: tuple[Rendered, Rendered]) -> None:
    types = {r.type for r in twice[0].inventory.custom() if r.type.startswith(("aws:", "random:"))}
    assert types == set(CREATE_ONLY) | NONE_CREATE_ONLY


def test_every_create_only_input_is_set_and_stable_across_runs(twice: tuple[Rendered, Rendered]) -> None:
    first, second = twice
    for type_token, paths in CREATE_ONLY.items():
        regs = first.inventory.of_type(type_token)
        assert regs, type_token
        for reg in regs:
            again = second.named(reg.name, type_token)
            for path in paths:
                value = _value(reg, path)
                assert value is not None, f"{type_token} {reg.name}: {path} is unset"
                assert _value(again, path) == value, f"{type_token} {reg.name}: {path} differs between runs"
