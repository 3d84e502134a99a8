"""Mock provider outputs for aws resources (see package docstring).

Values mimic the real shapes (ARNs, EKS endpoint, ASG names) with a fixed fake account so tests can assert
ARN-derived strings. The region is the stack's `aws:region` when set.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from pulumi.runtime.config import get_config

Outputs = Callable[[str, Mapping[str, Any]], dict[str, Any]]

ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


def _region() -> str:
    return get_config("aws:region") or DEFAULT_REGION


def _hex(name: str, length: int = 17) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:length]


def _arn(service: str, resource: str, *, regional: bool = True) -> str:
    return f"arn:aws:{service}:{_region() if regional else ''}:{ACCOUNT}:{resource}"


def _role(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    role_name = inputs.get("name") or f"{name}-{_hex(name, 7)}"
    return {"name": role_name, "arn": _arn("iam", f"role/{role_name}", regional=False), "uniqueId": f"AROA{_hex(name)}"}


def _cluster(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    cluster = inputs.get("name") or name
    return {
        "name": cluster,
        "arn": _arn("eks", f"cluster/{cluster}"),
        "endpoint": f"https://{_hex(cluster, 32).upper()}.gr7.{_region()}.eks.amazonaws.com",
        "certificateAuthority": {"data": base64.b64encode(f"mock-ca-{cluster}".encode()).decode()},
        "vpcConfig": {**inputs.get("vpcConfig", {}), "clusterSecurityGroupId": f"sg-{_hex(cluster)}"},
        "status": "ACTIVE",
        "platformVersion": "eks.1",
    }


def _node_group(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    prefix = inputs.get("nodeGroupNamePrefix")
    # A prefix gets the provider's 26-digit unique suffix (a timestamp and a counter).
    group = inputs.get("nodeGroupName") or (f"{prefix}{int(_hex(name, 20), 16):026d}" if prefix else name)
    cluster = inputs.get("clusterName") or "cluster"
    uid = _hex(f"{cluster}/{group}", 32)
    return {
        "nodeGroupName": group,
        "arn": _arn("eks", f"nodegroup/{cluster}/{group}/{uid}"),
        "status": "ACTIVE",
        "resources": [{"autoscalingGroups": [{"name": f"eks-{group}-{uid}"}]}],
    }


def _launch_template(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    template = inputs.get("name") or f"{name}-{_hex(name, 7)}"
    return {
        "name": template,
        "arn": _arn("ec2", f"launch-template/lt-{_hex(name)}"),
        "latestVersion": 1,
        "defaultVersion": 1,
    }


def _bucket(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    bucket = inputs.get("bucket") or f"{inputs.get('bucketPrefix') or name}{int(_hex(name, 20), 16):026d}"
    return {"bucket": bucket, "arn": f"arn:aws:s3:::{bucket}", "bucketRegionalDomainName":
            f"{bucket}.s3.{_region()}.amazonaws.com"}


def _db_instance(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    identifier = inputs.get("identifier") or name
    address = f"{identifier}.c{_hex(identifier, 12)}.{_region()}.rds.amazonaws.com"
    return {"address": address, "endpoint": f"{address}:{inputs.get('port', 5432)}",
            "arn": _arn("rds", f"db:{identifier}"), "resourceId": f"db-{_hex(identifier, 26).upper()}"}


def _json_document(key: str) -> Outputs:
    """A policy given as a document object is stored (and read back) as its JSON string."""

    def outputs(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
        given = inputs.get(key)
        return {key: json.dumps(given, sort_keys=True, default=str)} if isinstance(given, Mapping) else {}

    return outputs


def _prefixed(name: str, prefix: object) -> str:
    """A `namePrefix` completed as the provider does: the prefix and a 26-digit unique suffix (here stable)."""
    return f"{prefix}{int(_hex(name, 20), 16):026d}" if prefix else name


OUTPUTS: Mapping[str, Outputs] = MappingProxyType({
    "aws:iam/role:Role": _role,
    "aws:kms/key:Key": lambda name, _: {"arn": _arn("kms", f"key/{_hex(name, 32)}"), "keyId": _hex(name, 32)},
    "aws:cloudwatch/logGroup:LogGroup": lambda name, inputs: {
        "arn": _arn("logs", f"log-group:{inputs.get('name') or _prefixed(name, inputs.get('namePrefix'))}")
    },
    "aws:eks/cluster:Cluster": _cluster,
    "aws:eks/nodeGroup:NodeGroup": _node_group,
    "aws:eks/addon:Addon": lambda name, inputs: {
        "arn": _arn("eks", f"addon/{inputs.get('clusterName')}/{inputs.get('addonName')}/{_hex(name, 32)}"),
        "addonVersion": "v1.0.0-eksbuild.1",
    },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": lambda name, inputs: {
        "associationId": f"a-{_hex(name)}",
        "associationArn": _arn("eks", f"podidentityassociation/{inputs.get('clusterName')}/a-{_hex(name)}"),
    },
    "aws:ec2/launchTemplate:LaunchTemplate": _launch_template,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": lambda name, _: {
        "arn": _arn("ec2", f"security-group-rule/sgr-{_hex(name)}"), "securityGroupRuleId": f"sgr-{_hex(name)}"
    },
    "aws:ec2/vpc:Vpc": lambda name, _: {"arn": _arn("ec2", f"vpc/vpc-{_hex(name)}")},
    "aws:ec2/subnet:Subnet": lambda name, _: {"arn": _arn("ec2", f"subnet/subnet-{_hex(name)}")},
    "aws:ec2/eip:Eip": lambda name, _: {"allocationId": f"eipalloc-{_hex(name)}", "publicIp": "192.0.2.10"},
    "aws:ec2/natGateway:NatGateway": lambda name, _: {"publicIp": "192.0.2.10"},
    "aws:s3/bucket:Bucket": _bucket,
    "aws:s3/bucketPolicy:BucketPolicy": _json_document("policy"),
    "aws:rds/instance:Instance": _db_instance,
    "aws:ec2/securityGroup:SecurityGroup": lambda name, inputs: {
        "arn": _arn("ec2", f"security-group/sg-{_hex(name)}")
    },
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": lambda name, _: {"vpcOwnerId": ACCOUNT},
    "aws:eks/accessEntry:AccessEntry": lambda name, inputs: {
        "accessEntryArn": _arn("eks", f"access-entry/{inputs.get('clusterName')}/{_hex(name, 32)}"),
        "userName": inputs.get("principalArn"),
    },
})
INVOKES: Mapping[str, Outputs] = MappingProxyType({
    # The deployer: the admin role every test blueprint and committed stack declares, assumed by CI.
    "aws:index/getCallerIdentity:getCallerIdentity": lambda _, __: {
        "accountId": "111122223333", "arn": "arn:aws:sts::111122223333:assumed-role/platform-admins/mlplatform-ci",
        "userId": "AROAEXAMPLE:mlplatform-ci", "id": "111122223333",
    },
    # No cluster exists yet in the mock account: every stack renders as its first deploy.
    "aws:eks/getClusters:getClusters": lambda _, __: {"id": _region(), "names": []},
})
