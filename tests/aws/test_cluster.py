"""The EKS control plane, its key, role, logs and add-on, the system node group, the kubeconfig and the handle."""

from __future__ import annotations

import hashlib
import json

from tests.aws.conftest import ZONES, Rendered, fresh_render, plan_of

CLUSTER = "aws:eks/cluster:Cluster"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
CLUSTER_URN = "urn:pulumi:test::mlplatform::mlplatform:index:Platform$mlplatform:aws:Cluster::mlplatform-cluster"
TAGS = {"team": "ml", "mlplatform-platform": "mlplatform", "mlplatform-environment": "dev",
        "mlplatform-managed-by": "pulumi"}
KEY_ID = hashlib.sha256(b"mlplatform-cluster-secrets").hexdigest()[:32]  # the mock key id
PRIVATE_SUBNETS = [f"mlplatform-network-private-{z}-id" for z in ZONES]


def test_dev_cluster_is_private_encrypted_audited_and_uses_access_entries(dev: Rendered) -> None:
    cluster = dev.named("mlplatform-cluster", CLUSTER)
    key = dev.one("aws:kms/key:Key")
    inputs = dict(cluster.inputs)
    assert inputs.pop("roleArn").startswith("arn:aws:iam::123456789012:role/mlplatform-cluster-role-")
    assert inputs.pop("encryptionConfig") == {
        "resources": ["secrets"], "provider": {"keyArn": f"arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"}
    }
    assert inputs == {
        "name": "mlplatform-dev",
        "version": "1.35",
        "vpcConfig": {"subnetIds": PRIVATE_SUBNETS, "endpointPrivateAccess": True, "endpointPublicAccess": False},
        "enabledClusterLogTypes": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        "accessConfig": {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False},
        "bootstrapSelfManagedAddons": False,
        "kubernetesNetworkConfig": {"serviceIpv4Cidr": "172.20.0.0/16"},
        "deletionProtection": False,
        "upgradePolicy": {"supportType": "STANDARD"},
        "tags": TAGS,
    }
    assert cluster.parent == CLUSTER_URN
    assert key.urn in cluster.dependencies
    assert key.inputs == {
        "description": "Envelope encryption of Kubernetes secrets in EKS cluster mlplatform-dev",
        "enableKeyRotation": True,
        "deletionWindowInDays": 7.0,
        "keyUsage": "ENCRYPT_DECRYPT",
        "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
        "tags": TAGS,
    }


def test_cluster_waits_for_its_role_key_grant_and_log_group(dev: Rendered) -> None:
    cluster = dev.named("mlplatform-cluster", CLUSTER)
    for name, type_token in [
        ("mlplatform-cluster-role-AmazonEKSClusterPolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
        ("mlplatform-cluster-role-kms", "aws:iam/rolePolicy:RolePolicy"),
        ("mlplatform-cluster-logs", "aws:cloudwatch/logGroup:LogGroup"),
    ]:
        assert dev.named(name, type_token).urn in cluster.dependencies
    logs = dev.one("aws:cloudwatch/logGroup:LogGroup")
    assert logs.inputs == {"name": "/aws/eks/mlplatform-dev/cluster", "retentionInDays": 30.0, "tags": TAGS}
    grant = json.loads(dev.named("mlplatform-cluster-role-kms", "aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    key_arn = cluster.inputs["encryptionConfig"]["provider"]["keyArn"]
    assert grant["Statement"] == [{
        "Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        "Resource": key_arn,
    }]


def test_roles_trust_one_service_and_carry_only_managed_eks_policies(dev: Rendered) -> None:
    roles = {r.name: r for r in dev.inventory.of_type("aws:iam/role:Role")}
    trust = {n: json.loads(r.inputs["assumeRolePolicy"])["Statement"] for n, r in roles.items()}
    assert trust["mlplatform-cluster-role"] == [
        {"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"}, "Action": ["sts:AssumeRole"]}
    ]
    assert trust["mlplatform-cluster-node-role"] == [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole"]}
    ]
    attached = sorted(
        (a.inputs["role"].rsplit("-", 1)[0], a.inputs["policyArn"])
        for a in dev.inventory.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    )
    assert attached == [
        ("mlplatform-cluster-ebs-csi-role", "arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicy"),
        ("mlplatform-cluster-node-role", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"),
        ("mlplatform-cluster-node-role", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"),
        ("mlplatform-cluster-node-role", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"),
        ("mlplatform-cluster-role", "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"),
    ]


def test_pod_identity_agent_addon_is_installed_before_the_system_nodes(dev: Rendered) -> None:
    addon = dev.named("mlplatform-cluster-pod-identity-agent", "aws:eks/addon:Addon")
    assert addon.inputs == {
        "clusterName": "mlplatform-dev",
        "addonName": "eks-pod-identity-agent",
        "resolveConflictsOnCreate": "OVERWRITE",
        "resolveConflictsOnUpdate": "OVERWRITE",
        "tags": TAGS,
    }
    assert addon.urn in dev.named("mlplatform-cluster-system", NODE_GROUP).dependencies


def test_system_node_group_is_on_demand_fixed_size_labelled_and_hardened(dev: Rendered) -> None:
    group = dev.named("mlplatform-cluster-system", NODE_GROUP)
    template = dev.named("mlplatform-cluster-system-lt", LAUNCH_TEMPLATE)
    assert group.inputs == {
        "clusterName": "mlplatform-dev",
        "nodeGroupNamePrefix": "system-",
        "version": "1.35",
        "nodeRoleArn": group.inputs["nodeRoleArn"],
        "subnetIds": PRIVATE_SUBNETS,
        "amiType": "AL2023_x86_64_STANDARD",
        "capacityType": "ON_DEMAND",
        "instanceTypes": ["m7i.2xlarge"],
        "scalingConfig": {"minSize": 2.0, "maxSize": 2.0, "desiredSize": 2.0},
        "labels": {"mlplatform.io/pool": "system"},
        "launchTemplate": {"id": "mlplatform-cluster-system-lt-id", "version": "1"},
        "updateConfig": {"maxUnavailable": 1.0},
        "tags": TAGS,
    }
    assert group.inputs["nodeRoleArn"].startswith("arn:aws:iam::123456789012:role/mlplatform-cluster-node-role-")
    assert template.inputs["metadataOptions"] == {
        "httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": 1.0
    }
    assert template.inputs["blockDeviceMappings"] == [{
        "deviceName": "/dev/xvda",
        "ebs": {"volumeSize": 50.0, "volumeType": "gp3", "encrypted": "true", "deleteOnTermination": "true"},
    }]
    # the node group waits for every managed policy of its role
    for policy in ("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"):
        attachment = dev.named(f"mlplatform-cluster-node-role-{policy}",
                               "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        assert attachment.urn in group.dependencies


def test_system_node_group_name_is_a_prefix_so_a_size_change_replaces_it_create_first(dev: Rendered) -> None:
    # instanceTypes cannot change in place; a fixed name would make the create-first replacement fail with
    # "NodeGroup already exists", and delete-first would leave CoreDNS and the autoscaler without nodes.
    group = dev.named("mlplatform-cluster-system", NODE_GROUP)
    assert "nodeGroupName" not in group.inputs
    assert group.inputs["nodeGroupNamePrefix"] == "system-"
    assert (NODE_GROUP, "mlplatform-cluster-system") not in dev.delete_first
    assert dev.ignored[(NODE_GROUP, "mlplatform-cluster-system")] == []


def test_private_api_endpoint_admits_https_from_inside_the_vpc(dev: Rendered) -> None:
    # The endpoint's ENIs carry the EKS-created cluster security group, which admits only its own members.
    rule = dev.named("mlplatform-cluster-api-from-vpc", SG_INGRESS)
    cluster_sg = "sg-" + hashlib.sha256(b"mlplatform-dev").hexdigest()[:17]  # the mock cluster's security group
    assert rule.inputs == {
        "securityGroupId": cluster_sg,
        "cidrIpv4": "10.0.0.0/16",
        "ipProtocol": "tcp",
        "fromPort": 443.0,
        "toPort": 443.0,
        "description": "Kubernetes API from inside the VPC",
        "tags": TAGS,
    }
    assert rule.parent == CLUSTER_URN
    assert dev.named("mlplatform-cluster", CLUSTER).urn in rule.dependencies
    assert dev.named("mlplatform-network", "aws:ec2/vpc:Vpc").inputs["cidrBlock"] == rule.inputs["cidrIpv4"]


def test_kubeconfig_is_secret_and_uses_the_aws_exec_plugin(dev: Rendered) -> None:
    config = json.loads(dev.values["kubeconfig"])
    [cluster] = config["clusters"]
    assert cluster["cluster"]["server"] == dev.values["endpoint"]
    assert cluster["cluster"]["certificate-authority-data"]
    [user] = config["users"]
    assert user["user"] == {"exec": {
        "apiVersion": "client.authentication.k8s.io/v1beta1",
        "command": "aws",
        "args": ["--region", "us-east-1", "eks", "get-token", "--cluster-name", "mlplatform-dev", "--output", "json"],
        "interactiveMode": "Never",
    }}
    assert "token" not in json.dumps(user["user"]).replace("get-token", "")
    provider = dev.one("pulumi:providers:kubernetes")
    assert provider.name == "mlplatform-k8s"
    assert provider.inputs["kubeconfig"] == "[secret]"


def test_handle_exposes_cluster_name_endpoint_pools_and_nodes(dev: Rendered) -> None:
    handle = dev.handle
    assert dev.values["name"] == "mlplatform-dev"
    assert dev.values["endpoint"].endswith(".gr7.us-east-1.eks.amazonaws.com")
    assert dev.values["pool_names"] == {"gpu": "gpu"}
    assert dict(handle.system_node_selector) == {"mlplatform.io/pool": "system"}
    assert set(handle.scheduling) == {"gpu"}
    assert len(handle.nodes_ready) == 2  # the system group and the scratch StorageClass, not the pool's group


def test_prod_cluster_has_deletion_protection_and_long_retention(prod: Rendered) -> None:
    cluster = prod.named("mlplatform-cluster", CLUSTER)
    assert cluster.inputs["deletionProtection"] is True
    assert cluster.inputs["name"] == "mlplatform-prod"
    assert prod.one("aws:kms/key:Key").inputs["deletionWindowInDays"] == 30
    assert prod.named("mlplatform-cluster-system", NODE_GROUP).inputs["scalingConfig"] == {
        "minSize": 3.0, "maxSize": 3.0, "desiredSize": 3.0
    }


def test_public_endpoint_is_limited_to_the_authorized_cidrs() -> None:
    rendered = fresh_render(plan_of("dev", endpoint={"public": True, "allowedCidrs": ["203.0.113.0/24"]}))
    assert rendered.named("mlplatform-cluster", CLUSTER).inputs["vpcConfig"] == {
        "subnetIds": PRIVATE_SUBNETS,
        "endpointPrivateAccess": True,
        "endpointPublicAccess": True,
        "publicAccessCidrs": ["203.0.113.0/24"],
    }


def test_private_endpoint_admits_https_from_each_listed_private_network() -> None:
    hub = {"id": "tgw-0a1b2c3d4e5f60718", "cidrs": ["10.100.0.0/16"]}
    rendered = fresh_render(plan_of("dev", network={"hub": hub},
                                    endpoint={"privateAccessCidrs": ["10.20.0.0/16", "192.168.8.0/24"]}))
    rules = {r.name: (r.inputs["cidrIpv4"], r.inputs["description"]) for r in rendered.inventory.of_type(SG_INGRESS)}
    assert rules == {
        "mlplatform-cluster-api-from-vpc": ("10.0.0.0/16", "Kubernetes API from inside the VPC"),
        "mlplatform-cluster-api-from-hub-10-100-0-0-16": (
            "10.100.0.0/16", "Kubernetes API from hub tgw-0a1b2c3d4e5f60718 (10.100.0.0/16)"),
        "mlplatform-cluster-api-from-10-20-0-0-16": ("10.20.0.0/16", "Kubernetes API from 10.20.0.0/16"),
        "mlplatform-cluster-api-from-192-168-8-0-24": ("192.168.8.0/24", "Kubernetes API from 192.168.8.0/24"),
    }
    assert rendered.named("mlplatform-cluster", CLUSTER).inputs["vpcConfig"]["endpointPublicAccess"] is False
