"""ClusterAutoscaler: scales the accelerator node groups up from zero and back (AWS only).

Why a module only AWS has: GKE and AKS run the node autoscaler as part of the managed service; on EKS with
managed node groups it is a workload we install. Pinned chart from the catalog, auto-discovery of the Auto
Scaling groups EKS tags with `k8s.io/cluster-autoscaler/enabled` and `k8s.io/cluster-autoscaler/<cluster>`,
credentials through EKS Pod Identity, scheduled on the system pool.
The IAM policy is the autoscaler's documented minimum, with the two mutating calls limited to Auto Scaling
groups tagged as owned by this cluster and `eks:DescribeNodegroup` limited to this cluster's node groups.
Source: https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components import catalog
from components.aws.identity import POLICY_VERSION, PodIdentity, PodIdentityArgs
from components.catalog.charts import CLUSTER_AUTOSCALER
from components.plan import PoolPlan

NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "cluster-autoscaler"
CLOUD_PROVIDER = "aws"
EXPANDER = "least-waste"
PRIORITY_EXPANDER = "priority,least-waste"  # priority first; least-waste breaks ties within a priority
PRIORITY_STEP = 10
MANAGED_ASG_NAME = "^eks-{node_group}-[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$"
"""The Auto Scaling group EKS creates for a managed node group: eks-<node group name>-<node group UUID>."""
ASG_TAG_ENABLED = "k8s.io/cluster-autoscaler/enabled"
ASG_TAG_CLUSTER = "k8s.io/cluster-autoscaler/{cluster}"
ASG_TAG_ENABLED_VALUE = "true"
ASG_TAG_OWNED = "owned"
RESOURCE_TAG = "aws:ResourceTag/"
READ_ACTIONS = (
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
    "autoscaling:DescribeTags",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
)
SCALE_ACTIONS = ("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup")
NODEGROUP_ACTIONS = ("eks:DescribeNodegroup",)


def nodegroups_arn(cluster_arn: str) -> str:
    """`arn:aws:eks:<region>:<account>:cluster/<name>` -> the ARN pattern of that cluster's node groups."""
    return f"{cluster_arn.replace(':cluster/', ':nodegroup/', 1)}/*/*"


def owned_group_condition(cluster_name: str) -> dict[str, str]:
    """IAM `StringEquals` tags that match only this cluster's autoscaled groups (what EKS tags its ASGs with)."""
    return {
        f"{RESOURCE_TAG}{ASG_TAG_ENABLED}": ASG_TAG_ENABLED_VALUE,
        f"{RESOURCE_TAG}{ASG_TAG_CLUSTER.format(cluster=cluster_name)}": ASG_TAG_OWNED,
    }


def autoscaler_policy(cluster_name: str, cluster_arn: str) -> str:
    """Least-privilege IAM policy (JSON) for the autoscaler of one cluster."""
    owned = owned_group_condition(cluster_name)
    return json.dumps({
        "Version": POLICY_VERSION,
        "Statement": [
            {"Sid": "Discover", "Effect": "Allow", "Action": list(READ_ACTIONS), "Resource": "*"},
            {"Sid": "ScaleOwnedGroups", "Effect": "Allow", "Action": list(SCALE_ACTIONS), "Resource": "*",
             "Condition": {"StringEquals": owned}},
            {"Sid": "DescribeNodegroups", "Effect": "Allow", "Action": list(NODEGROUP_ACTIONS),
             "Resource": nodegroups_arn(cluster_arn)},
        ],
    })


def expander_priorities(pools: Sequence[PoolPlan]) -> dict[int, list[str]]:
    """The priority expander's table for pools with a capacity preference list: each tier's node group by its
    Auto Scaling group name, the preferred tier highest; every other group at 0 (`.*`) so it stays eligible.
    Empty when no pool lists more than one tier. The chart writes it as the ConfigMap
    `cluster-autoscaler-priority-expander` in kube-system.
    Source: https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/expander/priority/readme.md
    """
    listed = [p for p in pools if p.alternates]
    if not listed:
        return {}
    depth = max(len(p.node_groups) for p in listed)
    table: dict[int, list[str]] = {0: [".*"]}
    for pool in listed:
        for rank, group in enumerate(pool.node_groups):
            pattern = MANAGED_ASG_NAME.format(node_group=re.escape(group.cloud_name))
            table.setdefault((depth - rank) * PRIORITY_STEP, []).append(pattern)
    return dict(sorted(table.items()))


def autoscaler_values(
    cluster_name: str,
    region: str,
    node_selector: Mapping[str, str],
    kubernetes_version: str,
    priorities: Mapping[int, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Chart values: auto-discovery by cluster name, Pod Identity service account, system pool placement,
    the autoscaler image whose minor matches the cluster's, and the priority expander when pools list tiers."""
    values: dict[str, Any] = {
        "cloudProvider": CLOUD_PROVIDER,
        "image": {"tag": catalog.cluster_autoscaler_image_tag(kubernetes_version)},
        "awsRegion": region,
        "autoDiscovery": {"clusterName": cluster_name},
        "fullnameOverride": SERVICE_ACCOUNT,
        "rbac": {"serviceAccount": {"create": True, "name": SERVICE_ACCOUNT}},
        "nodeSelector": dict(node_selector),
        "extraArgs": {"expander": EXPANDER, "balance-similar-node-groups": True},
    }
    if priorities:
        values["extraArgs"]["expander"] = PRIORITY_EXPANDER
        values["expanderPriorities"] = {str(k): list(v) for k, v in priorities.items()}
    return values


@dataclass(frozen=True, kw_only=True)
class ClusterAutoscalerArgs:
    cluster_name: pulumi.Input[str]
    cluster_arn: pulumi.Input[str]
    region: str
    kubernetes_version: str
    node_selector: Mapping[str, str]
    provider: k8s.Provider
    # What must exist before the pod starts: the system nodes and the Pod Identity agent.
    after: Sequence[pulumi.Resource] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    priorities: Mapping[int, Sequence[str]] = field(default_factory=dict)  # expander_priorities(plan.pools)


class ClusterAutoscaler(pulumi.ComponentResource):
    """The Cluster Autoscaler Helm release and the IAM role its service account assumes."""

    release: k8s.helm.v3.Release
    role_arn: pulumi.Output[str]

    def __init__(self, name: str, args: ClusterAutoscalerArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:aws:ClusterAutoscaler", name, None, opts)
        identity = PodIdentity(
            f"{name}-identity",
            PodIdentityArgs(
                cluster_name=args.cluster_name,
                namespace=NAMESPACE,
                service_account=SERVICE_ACCOUNT,
                policy=pulumi.Output.all(args.cluster_name, args.cluster_arn).apply(
                    lambda v: autoscaler_policy(str(v[0]), str(v[1]))
                ),
                tags=args.tags,
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        chart = catalog.chart(CLUSTER_AUTOSCALER)
        self.release = k8s.helm.v3.Release(
            name,
            chart=chart.name,
            version=chart.version,
            repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo=chart.repository),
            namespace=NAMESPACE,
            atomic=True,
            cleanup_on_fail=True,
            values=pulumi.Output.from_input(args.cluster_name).apply(
                lambda cluster: autoscaler_values(
                    cluster, args.region, args.node_selector, args.kubernetes_version, args.priorities
                )
            ),
            opts=pulumi.ResourceOptions(parent=self, provider=args.provider, depends_on=[identity, *args.after]),
        )
        self.role_arn = identity.role_arn
        self.register_outputs({"release": self.release.name, "role_arn": self.role_arn})
