"""Node rules: metadata protection, no public IPs or SSH, hardened images, least-privilege node identity."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs

from policies import resources as res
from policies.security_baseline.cluster import Check, report_checks

IAM_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
BROAD_AWS_POLICIES = ("arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/PowerUserAccess")
HARDENED_EKS_AMIS = ("AL2023_", "BOTTLEROCKET_")
GKE_DEFAULT_SA_SUFFIX = "-compute@developer.gserviceaccount.com"


def _gke_node_configs(props: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Node configs of a GKE cluster (its default pool's) or node pool."""
    found = res.get(props, "nodeConfig")
    return [found] if isinstance(found, Mapping) else []


def _launch_template_metadata(props: Mapping[str, Any]) -> list[str]:
    problems = []
    if res.get(props, "metadataOptions", "httpTokens") != "required":
        problems.append("IMDSv1 is allowed; set metadataOptions.httpTokens: required")
    hops = res.as_int(res.get(props, "metadataOptions", "httpPutResponseHopLimit"))
    if hops is None or hops > 1:
        problems.append(
            f"metadata hop limit is {hops or 'the default'}; set httpPutResponseHopLimit: 1 so pods cannot reach it"
        )
    return problems


def _eks_node_group_metadata(props: Mapping[str, Any]) -> list[str]:
    if res.get(props, "launchTemplate") is None:
        return ["no launch template, so the AMI's metadata defaults apply; use one with IMDSv2 and hop limit 1"]
    return []


def _gke_metadata(props: Mapping[str, Any]) -> list[str]:
    configs = _gke_node_configs(props)
    if configs and res.get(configs[0], "workloadMetadataConfig", "mode") != "GKE_METADATA":
        return ["pods can read the node's metadata; set nodeConfig.workloadMetadataConfig.mode: GKE_METADATA"]
    return []


def node_metadata_protected(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Pods cannot read node credentials from the metadata service (IMDSv2 hop limit 1; GKE metadata server)."""
    report_checks(METADATA, args, report)


METADATA: Mapping[str, Check] = MappingProxyType(
    {
        res.AWS_LAUNCH_TEMPLATE: _launch_template_metadata,
        res.EKS_NODE_GROUP: _eks_node_group_metadata,
        res.GKE_CLUSTER: _gke_metadata,
        res.GKE_NODE_POOL: _gke_metadata,
    }
)


def _eks_node_group_access(props: Mapping[str, Any]) -> list[str]:
    return ["SSH remote access is configured (remoteAccess)"] if res.get(props, "remoteAccess") is not None else []


def _launch_template_access(props: Mapping[str, Any]) -> list[str]:
    nics = res.as_list(res.get(props, "networkInterfaces"))
    public = [n for n in nics if str(res.get(n, "associatePublicIpAddress")).lower() == "true"]
    problems = ["network interfaces get public IPs (associatePublicIpAddress)"] if public else []
    if res.get(props, "keyName"):
        problems.append("an SSH key pair is installed on the nodes (keyName)")
    return problems


def _gke_cluster_access(props: Mapping[str, Any]) -> list[str]:
    if res.get(props, "privateClusterConfig", "enablePrivateNodes") is True:
        return []
    return ["nodes get public IPs; set privateClusterConfig.enablePrivateNodes"]


def _gke_pool_access(props: Mapping[str, Any]) -> list[str]:
    if res.get(props, "networkConfig", "enablePrivateNodes") is False:
        return ["this pool's nodes get public IPs (networkConfig.enablePrivateNodes: false)"]
    return []


def _aks_pool_access(props: Mapping[str, Any]) -> list[str]:
    return ["nodes get public IPs (enableNodePublicIP)"] if res.get(props, "enableNodePublicIP") is True else []


def _aks_cluster_access(props: Mapping[str, Any]) -> list[str]:
    problems = []
    for pool in res.as_list(res.get(props, "agentPoolProfiles")):
        problems += [f"pool {res.get(pool, 'name')!r}: {p}" for p in _aks_pool_access(pool)]
    return problems


def no_public_node_access(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Nodes have no public IPs and no SSH access."""
    report_checks(NODE_ACCESS, args, report)


NODE_ACCESS: Mapping[str, Check] = MappingProxyType(
    {
        res.EKS_NODE_GROUP: _eks_node_group_access,
        res.AWS_LAUNCH_TEMPLATE: _launch_template_access,
        res.GKE_CLUSTER: _gke_cluster_access,
        res.GKE_NODE_POOL: _gke_pool_access,
        res.AKS_AGENT_POOL: _aks_pool_access,
        res.AKS_CLUSTER: _aks_cluster_access,
    }
)


def _eks_image(props: Mapping[str, Any]) -> list[str]:
    ami = res.get(props, "amiType")
    if ami is None and res.get(props, "launchTemplate") is not None:
        return []  # a custom AMI in the launch template: out of this rule's sight
    if ami is None or not str(ami).startswith(HARDENED_EKS_AMIS):
        return [f"AMI type {ami or 'default'} is not Amazon Linux 2023 or Bottlerocket"]
    return []


def _gke_image(props: Mapping[str, Any]) -> list[str]:
    problems = []
    if res.get(props, "enableShieldedNodes") is False:
        problems.append("Shielded GKE nodes are off (enableShieldedNodes)")
    for config in _gke_node_configs(props):
        if not str(res.get(config, "imageType") or "COS_CONTAINERD").startswith("COS"):
            problems.append(f"node image {res.get(config, 'imageType')} is not Container-Optimized OS")
        if res.get(config, "shieldedInstanceConfig", "enableSecureBoot") is not True:
            problems.append("secure boot is off (nodeConfig.shieldedInstanceConfig.enableSecureBoot)")
    return problems


def hardened_node_images(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Nodes boot a hardened, supported image: AL2023/Bottlerocket on EKS; shielded COS with secure boot on GKE."""
    report_checks(IMAGES, args, report)


IMAGES: Mapping[str, Check] = MappingProxyType(
    {res.EKS_NODE_GROUP: _eks_image, res.GKE_CLUSTER: _gke_image, res.GKE_NODE_POOL: _gke_image}
)


def _gke_identity(props: Mapping[str, Any]) -> list[str]:
    problems = []
    for config in _gke_node_configs(props):
        found = res.peek(config, "serviceAccount")
        if found is res.UNKNOWN:
            continue  # the email of a service account the stack creates: a dedicated identity
        account = str(found or "default")
        if account == "default" or account.endswith(GKE_DEFAULT_SA_SUFFIX):
            problems.append(f"nodes run as the Compute Engine default service account ({account})")
    return problems


def _aws_attachment(props: Mapping[str, Any]) -> list[str]:
    arn = str(res.get(props, "policyArn") or "")
    return (
        [f"attaches {arn.rsplit('/', 1)[-1]}, far beyond what nodes or pods need"] if arn in BROAD_AWS_POLICIES else []
    )


def least_privilege_node_identity(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Nodes use a dedicated, narrow identity: no GKE default service account, no admin policies on AWS roles."""
    report_checks(IDENTITY, args, report)


IDENTITY: Mapping[str, Check] = MappingProxyType(
    {res.GKE_CLUSTER: _gke_identity, res.GKE_NODE_POOL: _gke_identity, IAM_ATTACHMENT: _aws_attachment}
)
