"""Cluster: the EKS control plane (private endpoint, KMS-encrypted secrets, retained audit logs, access entries for
the declared admins), managed core add-ons, the node IAM role, the on-demand system node group and an exec-plugin
kubeconfig that authenticates as the provider's identity.

Access is `API` mode (access entries, no aws-auth ConfigMap); who administers the cluster is `cluster.admins`
(see access.py), not the creator. Managed node groups create their nodes' EC2_LINUX access entries themselves.
The EKS-created cluster security group on the private endpoint admits only its own members: port 443 is opened
to the VPC, the hub's ranges and the listed private networks. The service range is set explicitly (create-only,
and the one `validate` checks overlaps against). In prod the cluster and its key are protected. Node groups pin the
cluster's version
(the provider never upgrades a node group whose version is unset). The system group's name is a prefix, so a
replacement (a new instance type) is create-first and the add-ons never lose their nodes.
Sources: https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html,
https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html,
https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html,
https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html (private-only API: allow 443 from clients)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pulumi
import pulumi_aws as aws

from components import catalog
from components.aws.access import cluster_admins
from components.aws.addons import AFTER_SYSTEM_NODES, BEFORE_NODES, POD_IDENTITY_ADDON, managed_addon, versioned_addons
from components.aws.credentials import ExecIdentity
from components.aws.identity import POLICY_VERSION, service_role
from components.aws.launch_template import autoscaling_group_name, node_launch_template, propagate_tags
from components.plan import SYSTEM_POOL_NAME, ClusterPlan
from components.spec import Environment

EKS_SERVICE = "eks.amazonaws.com"
EC2_SERVICE = "ec2.amazonaws.com"
CLUSTER_POLICIES = ("AmazonEKSClusterPolicy",)
NODE_POLICIES = ("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy")
# What the control plane needs on the secrets key (envelope encryption of Kubernetes secrets).
KMS_CLUSTER_ACTIONS = ("kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey")
ENCRYPTED_RESOURCES = ("secrets",)
LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
AUTHENTICATION_MODE = "API"
BOOTSTRAP_CREATOR_ADMIN = False  # create-only; admins are declared (access.py)
BOOTSTRAP_SELF_MANAGED_ADDONS = False  # create-only; the managed add-ons are the only copies (addons.py)
KEY_USAGE = "ENCRYPT_DECRYPT"  # create-only, set explicitly
KEY_SPEC = "SYMMETRIC_DEFAULT"  # create-only, set explicitly; EKS envelope encryption needs a symmetric key
SERVICE_RANGE = "services"  # the catalog's name for the EKS service CIDR
SYSTEM_AMI_TYPE = "AL2023_x86_64_STANDARD"
# EKS defaults to EXTENDED support, billed at six times the standard control-plane rate once a version leaves
# standard support; STANDARD upgrades the cluster instead, which keeps the default cheap.
SUPPORT_TYPE = "STANDARD"
ON_DEMAND = "ON_DEMAND"
SYSTEM_ROOT_VOLUME_GIB = 50
MAX_UNAVAILABLE = 1
API_PORT = 443
API_PROTOCOL = "tcp"
LOG_GROUP_NAME = "/aws/eks/{cluster}/cluster"  # the group EKS writes to (fixed by EKS)
KUBECONFIG_USER = "aws"
EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"
EXEC_COMMAND = "aws"

LOG_RETENTION_DAYS: Mapping[Environment, int] = MappingProxyType({
    Environment.DEV: 30, Environment.STAGING: 90, Environment.PROD: 365,
})
KEY_DELETION_WINDOW_DAYS: Mapping[Environment, int] = MappingProxyType({
    Environment.DEV: 7, Environment.STAGING: 30, Environment.PROD: 30,
})


def _audit_log_group(
    name: str, plan: ClusterPlan, tags: Mapping[str, str], parent: pulumi.Resource
) -> list[aws.cloudwatch.LogGroup]:
    """The control-plane log group, owned by the stack outside prod only.

    EKS writes to `/aws/eks/<cluster>/cluster`, a fixed name, and creates the group itself (never expiring) when it
    does not exist (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html). Outside prod the
    stack creates it to set a retention and deletes it on destroy, so a dev stack is re-creatable. In prod the audit
    trail must outlive the stack: a group the stack created and retained would fail the next `up` with
    ResourceAlreadyExistsException, so prod leaves the group to EKS: it survives a destroy and a rebuild writes
    into it. Its retention is EKS's (never expire); docs/deploy-aws.md says how to set one.
    """
    if plan.protect:
        return []
    return [aws.cloudwatch.LogGroup(
        f"{name}-logs",
        name=LOG_GROUP_NAME.format(cluster=plan.name),
        retention_in_days=LOG_RETENTION_DAYS[plan.environment],
        tags=dict(tags),
        opts=pulumi.ResourceOptions(parent=parent),
    )]


@dataclass(frozen=True, kw_only=True)
class ClusterArgs:
    plan: ClusterPlan
    subnet_ids: Sequence[pulumi.Input[str]]  # private subnets, at least two zones, for the control plane ENIs
    system_subnet_ids: Sequence[pulumi.Input[str]]  # private subnets of the system pool's zones
    vpc_cidr: str  # clients inside the VPC (bastion, CI runner) may reach the API endpoint
    exec_identity: ExecIdentity = field(default_factory=ExecIdentity)  # the provider's identity, for the kubeconfig


class Cluster(pulumi.ComponentResource):
    """An EKS cluster with a private API endpoint by default and an on-demand system node group."""

    cluster_name: pulumi.Output[str]
    cluster_arn: pulumi.Output[str]
    kubernetes_version: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    security_group_id: pulumi.Output[str]  # the EKS-created cluster security group, on every managed node
    kubeconfig: pulumi.Output[str]
    node_role_arn: pulumi.Output[str]
    system_node_group: aws.eks.NodeGroup
    pod_identity_agent: aws.eks.Addon
    addons: tuple[aws.eks.Addon, ...]  # every managed add-on; accelerator node groups come after them
    api_ready: tuple[pulumi.Resource, ...]  # admins' access policies and the API security-group rules

    def __init__(self, name: str, args: ClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:aws:Cluster", name, None, opts)
        plan = args.plan
        child = pulumi.ResourceOptions(parent=self)
        tags = dict(plan.tags)

        key = aws.kms.Key(
            f"{name}-secrets",
            description=f"Envelope encryption of Kubernetes secrets in EKS cluster {plan.name}",
            enable_key_rotation=True,
            deletion_window_in_days=KEY_DELETION_WINDOW_DAYS[plan.environment],
            key_usage=KEY_USAGE,
            customer_master_key_spec=KEY_SPEC,
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, protect=plan.protect),
        )
        role = service_role(f"{name}-role", service=EKS_SERVICE, policies=CLUSTER_POLICIES, tags=tags, opts=child)
        key_use = aws.iam.RolePolicy(
            f"{name}-role-kms",
            role=role.role.name,
            policy=key.arn.apply(lambda arn: json.dumps({
                "Version": POLICY_VERSION,
                "Statement": [{"Effect": "Allow", "Action": list(KMS_CLUSTER_ACTIONS), "Resource": arn}],
            })),
            opts=child,
        )
        logs = _audit_log_group(name, plan, tags, self)
        cluster = aws.eks.Cluster(
            name,
            name=plan.name,
            version=plan.kubernetes_version,
            role_arn=role.arn,
            vpc_config=aws.eks.ClusterVpcConfigArgs(
                subnet_ids=list(args.subnet_ids),
                endpoint_private_access=True,
                endpoint_public_access=plan.public_endpoint,
                public_access_cidrs=list(plan.authorized_cidrs) if plan.public_endpoint else None,
            ),
            encryption_config=aws.eks.ClusterEncryptionConfigArgs(
                provider=aws.eks.ClusterEncryptionConfigProviderArgs(key_arn=key.arn),
                resources=list(ENCRYPTED_RESOURCES),
            ),
            enabled_cluster_log_types=list(LOG_TYPES),
            access_config=aws.eks.ClusterAccessConfigArgs(
                authentication_mode=AUTHENTICATION_MODE,
                bootstrap_cluster_creator_admin_permissions=BOOTSTRAP_CREATOR_ADMIN,
            ),
            bootstrap_self_managed_addons=BOOTSTRAP_SELF_MANAGED_ADDONS,
            kubernetes_network_config=aws.eks.ClusterKubernetesNetworkConfigArgs(
                service_ipv4_cidr=catalog.network_facts(plan.cloud).cluster_ranges[SERVICE_RANGE],
            ),
            deletion_protection=plan.protect,
            upgrade_policy=aws.eks.ClusterUpgradePolicyArgs(support_type=SUPPORT_TYPE),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[key_use, *logs], protect=plan.protect),
        )
        rules = [
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-api-from-{suffix}",
                security_group_id=cluster.vpc_config.cluster_security_group_id,
                cidr_ipv4=cidr,
                ip_protocol=API_PROTOCOL,
                from_port=API_PORT,
                to_port=API_PORT,
                description=f"Kubernetes API from {who}",
                tags=tags,
                opts=child,
            )
            for suffix, (cidr, who) in api_clients(plan, args.vpc_cidr).items()
        ]
        grants = cluster_admins(name, cluster.name, plan.admins, tags, child)
        self.pod_identity_agent = managed_addon(f"{name}-pod-identity-agent", cluster.name, POD_IDENTITY_ADDON, tags,
                                                child)
        before_nodes = versioned_addons(name, cluster.name, BEFORE_NODES, plan.kubernetes_version, tags, child)

        node_role = service_role(f"{name}-node-role", service=EC2_SERVICE, policies=NODE_POLICIES, tags=tags,
                                 opts=child)
        template = node_launch_template(
            f"{name}-{SYSTEM_POOL_NAME}-lt", root_volume_gib=SYSTEM_ROOT_VOLUME_GIB, tags=tags, opts=child
        )
        nodes = plan.system.nodes
        self.system_node_group = aws.eks.NodeGroup(
            f"{name}-{SYSTEM_POOL_NAME}",
            cluster_name=cluster.name,
            node_group_name_prefix=f"{SYSTEM_POOL_NAME}-",
            version=cluster.version,
            node_role_arn=node_role.arn,
            subnet_ids=list(args.system_subnet_ids),
            ami_type=SYSTEM_AMI_TYPE,
            capacity_type=ON_DEMAND,
            instance_types=[plan.system.shape.machine_type],
            scaling_config=aws.eks.NodeGroupScalingConfigArgs(min_size=nodes, max_size=nodes, desired_size=nodes),
            labels=dict(plan.system.labels),
            launch_template=aws.eks.NodeGroupLaunchTemplateArgs(
                id=template.id, version=template.latest_version.apply(str)
            ),
            update_config=aws.eks.NodeGroupUpdateConfigArgs(max_unavailable=MAX_UNAVAILABLE),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.pod_identity_agent, *before_nodes]),
        )
        propagate_tags(f"{name}-{SYSTEM_POOL_NAME}", autoscaling_group_name(self.system_node_group), tags, child)
        after_system = versioned_addons(name, cluster.name, AFTER_SYSTEM_NODES, plan.kubernetes_version, tags,
                                        pulumi.ResourceOptions(parent=self, depends_on=[self.system_node_group]))
        self.addons = (self.pod_identity_agent, *before_nodes, *after_system)
        self.api_ready = (*grants, *rules)

        self.cluster_name = cluster.name
        self.cluster_arn = cluster.arn
        self.kubernetes_version = cluster.version
        self.endpoint = cluster.endpoint
        self.security_group_id = cluster.vpc_config.cluster_security_group_id
        self.node_role_arn = node_role.arn
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(cluster.name, cluster.endpoint, cluster.certificate_authority.data).apply(
                lambda v: kubeconfig(str(v[0]), str(v[1]), str(v[2]), plan.region, args.exec_identity)
            )
        )
        self.register_outputs({
            "cluster_name": self.cluster_name,
            "cluster_arn": self.cluster_arn,
            "kubernetes_version": self.kubernetes_version,
            "endpoint": self.endpoint,
            "security_group_id": self.security_group_id,
            "kubeconfig": self.kubeconfig,
            "node_role_arn": self.node_role_arn,
            "system_node_group": self.system_node_group.node_group_name,
            "pod_identity_agent": self.pod_identity_agent.arn,
            "addons": [a.arn for a in self.addons],
        })


def kubeconfig(cluster_name: str, endpoint: str, ca_data: str, region: str,
               identity: ExecIdentity | None = None) -> str:
    """A kubeconfig (JSON, which is YAML) whose user runs `aws eks get-token` as `identity`: short-lived tokens,
    none stored."""
    identity = identity or ExecIdentity()
    exec_config: dict[str, object] = {
        "apiVersion": EXEC_API_VERSION,
        "command": EXEC_COMMAND,
        "args": ["--region", region, "eks", "get-token", "--cluster-name", cluster_name, *identity.args(),
                 "--output", "json"],
        "interactiveMode": "Never",
    }
    if identity.env():
        exec_config["env"] = identity.env()
    return json.dumps({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster_name, "cluster": {"server": endpoint, "certificate-authority-data": ca_data}}],
        "contexts": [{"name": cluster_name, "context": {"cluster": cluster_name, "user": KUBECONFIG_USER}}],
        "current-context": cluster_name,
        "users": [{"name": KUBECONFIG_USER, "user": {"exec": exec_config}}],
    })


def api_clients(plan: ClusterPlan, vpc_cidr: str) -> dict[str, tuple[str, str]]:
    """Name suffix -> (CIDR, who) of every network admitted to the private endpoint on 443: the VPC, the hub's
    ranges and the listed private networks, each CIDR once."""
    clients = {"vpc": (vpc_cidr, "inside the VPC")}
    if plan.hub is not None:
        clients.update({f"hub-{_slug(c)}": (c, f"hub {plan.hub.id} ({c})") for c in plan.hub.cidrs})
    seen = {cidr for cidr, _ in clients.values()}
    clients.update({_slug(c): (c, c) for c in plan.private_access_cidrs if c not in seen})
    return clients


def _slug(cidr: str) -> str:
    """10.20.0.0/16 -> 10-20-0-0-16, a stable resource-name suffix."""
    return cidr.replace(".", "-").replace("/", "-").replace(":", "-")
