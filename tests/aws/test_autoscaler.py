"""Cluster Autoscaler: pinned chart, values, Pod Identity binding and a least-privilege IAM policy."""

from __future__ import annotations

import json

from components import catalog
from components.aws.autoscaler import nodegroups_arn
from tests.aws.conftest import Rendered

RELEASE = "kubernetes:helm.sh/v3:Release"
ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
AUTOSCALER_URN = "urn:pulumi:test::mlplatform::mlplatform:index:Platform$mlplatform:aws:ClusterAutoscaler"


def test_release_is_the_pinned_chart_with_auto_discovery_on_the_system_pool(dev: Rendered) -> None:
    release = dev.named("mlplatform-autoscaler", RELEASE)
    pinned = catalog.chart("cluster-autoscaler")
    assert release.name == "mlplatform-autoscaler"
    assert release.parent == f"{AUTOSCALER_URN}::mlplatform-autoscaler"
    assert release.provider.endswith("mlplatform-k8s")
    assert {k: release.inputs[k] for k in ("chart", "version", "repositoryOpts", "namespace", "atomic")} == {
        "chart": "cluster-autoscaler",
        "version": pinned.version,
        "repositoryOpts": {"repo": "https://kubernetes.github.io/autoscaler"},
        "namespace": "kube-system",
        "atomic": True,
    }
    assert release.inputs["values"] == {
        "cloudProvider": "aws",
        "image": {"tag": "v1.35.2"},  # the cluster is 1.35: the autoscaler's minor must match
        "awsRegion": "us-east-1",
        "autoDiscovery": {"clusterName": "mlplatform-dev"},
        "fullnameOverride": "cluster-autoscaler",
        "rbac": {"serviceAccount": {"create": True, "name": "cluster-autoscaler"}},
        "nodeSelector": {"mlplatform.io/pool": "system"},
        "extraArgs": {"expander": "least-waste", "balance-similar-node-groups": True},
    }


def test_release_waits_for_its_identity_the_agent_the_system_nodes_and_the_api_path(dev: Rendered) -> None:
    deps = set(dev.named("mlplatform-autoscaler", RELEASE).dependencies)
    assert dev.named("mlplatform-autoscaler-identity-association", ASSOCIATION).urn in deps
    assert dev.named("mlplatform-cluster-pod-identity-agent", "aws:eks/addon:Addon").urn in deps
    assert dev.named("mlplatform-cluster-system", "aws:eks/nodeGroup:NodeGroup").urn in deps
    # CoreDNS (a Deployment EKS reports ACTIVE once its pods run): the autoscaler resolves the AWS APIs at start.
    assert dev.named("mlplatform-cluster-coredns", "aws:eks/addon:Addon").urn in deps
    # api_ready: the admin's access policy and the API's security-group rule
    assert dev.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").urn in deps
    assert dev.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").urn in deps


def test_service_account_is_bound_to_a_pod_identity_role(dev: Rendered) -> None:
    association = dev.named("mlplatform-autoscaler-identity-association", ASSOCIATION)
    role = dev.named("mlplatform-autoscaler-identity", "aws:iam/role:Role")
    identity = dev.named("mlplatform-autoscaler-identity", "mlplatform:aws:PodIdentity")
    assert identity.parent == f"{AUTOSCALER_URN}::mlplatform-autoscaler"
    assert association.parent == identity.urn
    assert role.parent == identity.urn
    inputs = dict(association.inputs)
    assert inputs.pop("roleArn").startswith("arn:aws:iam::123456789012:role/mlplatform-autoscaler-identity-")
    assert inputs == {
        "clusterName": "mlplatform-dev",
        "namespace": "kube-system",
        "serviceAccount": "cluster-autoscaler",
        "tags": {"team": "ml", "mlplatform-platform": "mlplatform", "mlplatform-environment": "dev",
                 "mlplatform-managed-by": "pulumi"},
    }
    assert json.loads(role.inputs["assumeRolePolicy"]) == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
                       "Action": ["sts:AssumeRole", "sts:TagSession"]}],
    }


def test_policy_scales_only_this_clusters_groups_and_reads_only_its_node_groups(dev: Rendered) -> None:
    policy = json.loads(dev.named("mlplatform-autoscaler-identity-policy", "aws:iam/rolePolicy:RolePolicy")
                        .inputs["policy"])
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["ScaleOwnedGroups"] == {
        "Sid": "ScaleOwnedGroups",
        "Effect": "Allow",
        "Action": ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        "Resource": "*",
        "Condition": {"StringEquals": {
            "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
            "aws:ResourceTag/k8s.io/cluster-autoscaler/mlplatform-dev": "owned",
        }},
    }
    assert statements["DescribeNodegroups"]["Action"] == ["eks:DescribeNodegroup"]
    assert statements["DescribeNodegroups"]["Resource"] == (
        "arn:aws:eks:us-east-1:123456789012:nodegroup/mlplatform-dev/*/*"
    )
    read = statements["Discover"]["Action"]
    assert all(a.split(":")[1].startswith(("Describe", "Get")) for a in read)
    assert set(statements) == {"Discover", "ScaleOwnedGroups", "DescribeNodegroups"}


def test_nodegroups_arn_is_derived_from_the_cluster_arn() -> None:
    assert nodegroups_arn("arn:aws:eks:eu-west-1:111122223333:cluster/ml") == (
        "arn:aws:eks:eu-west-1:111122223333:nodegroup/ml/*/*"
    )
