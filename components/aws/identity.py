"""IAM for the cluster: service roles with AWS managed policies, and Pod Identity bindings for service accounts.

Why a module of its own: the control plane, the nodes, the Cluster Autoscaler (and later MLflow) all need an
IAM role; one helper keeps trust policies, managed-policy ARNs and tagging in one place.

Workload identity is EKS Pod Identity, not IRSA: the trust policy names one fixed service principal
(`pods.eks.amazonaws.com`), so no per-cluster OIDC provider, issuer URL or thumbprint has to be created and kept
in sync; the binding (namespace + service account -> role) is an EKS API object owned by this stack; and pods
reach the agent on a link-local address through the node, which keeps IMDS closed to them (hop limit 1).
Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

# The commercial partition; GovCloud / China would need "aws-us-gov" / "aws-cn" here.
MANAGED_POLICY_PREFIX = "arn:aws:iam::aws:policy/"
POLICY_VERSION = "2012-10-17"
ASSUME_ROLE = "sts:AssumeRole"
TAG_SESSION = "sts:TagSession"
POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com"


def managed_policy_arn(policy: str) -> str:
    """`AmazonEKSClusterPolicy` -> its ARN in the commercial partition."""
    return f"{MANAGED_POLICY_PREFIX}{policy}"


def trust_policy(service: str, actions: Sequence[str] = (ASSUME_ROLE,)) -> str:
    """A role trust policy that lets one AWS service principal assume the role."""
    return json.dumps({
        "Version": POLICY_VERSION,
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": list(actions)}],
    })


@dataclass(frozen=True)
class ServiceRole:
    """A role and its managed-policy attachments; `arn` resolves only once every policy is attached."""

    role: aws.iam.Role
    attachments: tuple[aws.iam.RolePolicyAttachment, ...]
    arn: pulumi.Output[str]


def service_role(
    name: str,
    *,
    service: str,
    policies: Sequence[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
    actions: Sequence[str] = (ASSUME_ROLE,),
) -> ServiceRole:
    """Role `name` assumable by `service`, with AWS managed `policies` attached as `{name}-{policy}`.

    Consumers take `arn` so that whatever uses the role (a cluster, a node group) waits for its permissions:
    EKS rejects a node group whose role lacks the worker policies at creation time.
    """
    role = aws.iam.Role(name, assume_role_policy=trust_policy(service, actions), tags=dict(tags), opts=opts)
    attachments = tuple(
        aws.iam.RolePolicyAttachment(
            f"{name}-{policy}", role=role.name, policy_arn=managed_policy_arn(policy), opts=opts
        )
        for policy in policies
    )
    arn = pulumi.Output.all(role.arn, *(a.id for a in attachments)).apply(lambda values: str(values[0]))
    return ServiceRole(role=role, attachments=attachments, arn=arn)


@dataclass(frozen=True, kw_only=True)
class PodIdentityArgs:
    cluster_name: pulumi.Input[str]
    namespace: str
    service_account: str
    policy: pulumi.Input[str]  # IAM policy document (JSON) granted to the service account, inline on the role
    tags: Mapping[str, str] = field(default_factory=dict)


class PodIdentity(pulumi.ComponentResource):
    """An IAM role that exactly one Kubernetes service account of one cluster assumes through EKS Pod Identity."""

    role: aws.iam.Role
    role_arn: pulumi.Output[str]
    association_id: pulumi.Output[str]

    def __init__(self, name: str, args: PodIdentityArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:aws:PodIdentity", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.role = aws.iam.Role(
            name,
            assume_role_policy=trust_policy(POD_IDENTITY_PRINCIPAL, (ASSUME_ROLE, TAG_SESSION)),
            tags=dict(args.tags),
            opts=child,
        )
        policy = aws.iam.RolePolicy(f"{name}-policy", role=self.role.name, policy=args.policy, opts=child)
        association = aws.eks.PodIdentityAssociation(
            f"{name}-association",
            cluster_name=args.cluster_name,
            namespace=args.namespace,
            service_account=args.service_account,
            role_arn=self.role.arn,
            tags=dict(args.tags),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy]),
        )
        self.role_arn = self.role.arn
        self.association_id = association.association_id
        self.register_outputs(
            {"role": self.role.name, "role_arn": self.role_arn, "association_id": self.association_id}
        )
