"""Stack rules where a cluster's setting lives in another resource: EKS add-ons, AKS diagnostic settings."""

from __future__ import annotations

import json
from typing import Any

from pulumi_policy import PolicyResource, ReportViolation, StackValidationArgs

from policies import resources as res

POD_IDENTITY_ADDON = "eks-pod-identity-agent"
VPC_CNI_ADDON = "vpc-cni"
AWS_OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
AZURE_DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting"
AKS_AUDIT_CATEGORIES = ("kube-audit", "kube-audit-admin")


def _addons(args: StackValidationArgs, cluster: PolicyResource, name: str) -> list[PolicyResource]:
    """The cluster's add-ons called ``name`` (linked by dependency, or by the same cluster name when known)."""
    cluster_name = res.peek(cluster.props, "name")
    return [
        r
        for r in args.resources
        if r.resource_type == res.EKS_ADDON
        and res.get(r.props, "addonName") == name
        and (
            cluster in r.dependencies
            or (cluster_name is not res.UNKNOWN and res.peek(r.props, "clusterName") == cluster_name)
        )
    ]


def workload_identity(args: StackValidationArgs, report: ReportViolation) -> None:
    """Pods get cloud credentials through workload identity, never node credentials."""
    for cluster in args.resources:
        kind, props = cluster.resource_type, cluster.props
        if kind == res.EKS_CLUSTER:
            oidc = any(r.resource_type == AWS_OIDC_PROVIDER for r in args.resources)
            if not _addons(args, cluster, POD_IDENTITY_ADDON) and not oidc:
                report(f"EKS cluster {cluster.name}: no {POD_IDENTITY_ADDON} add-on nor IAM OIDC provider", cluster.urn)
        elif kind == res.GKE_CLUSTER and not res.present(props, "workloadIdentityConfig", "workloadPool"):
            report(f"GKE cluster {cluster.name}: Workload Identity is off (workloadIdentityConfig)", cluster.urn)
        elif kind == res.AKS_CLUSTER and not (
            res.get(props, "securityProfile", "workloadIdentity", "enabled") is True
            and res.get(props, "oidcIssuerProfile", "enabled") is True
        ):
            report(
                f"AKS cluster {cluster.name}: enable securityProfile.workloadIdentity and the OIDC issuer", cluster.urn
            )


def _cni_enforces(addon: PolicyResource) -> bool:
    raw: Any = res.get(addon.props, "configurationValues")
    try:
        values = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError:
        return False
    return str(res.get(values, "enableNetworkPolicy")).lower() == "true"


def eks_network_policy(args: StackValidationArgs, report: ReportViolation) -> None:
    """EKS: the VPC CNI add-on runs with enableNetworkPolicy, so NetworkPolicy objects are enforced."""
    for cluster in args.resources:
        if cluster.resource_type != res.EKS_CLUSTER:
            continue
        if not any(_cni_enforces(a) for a in _addons(args, cluster, VPC_CNI_ADDON)):
            report(
                f"EKS cluster {cluster.name}: no {VPC_CNI_ADDON} add-on with enableNetworkPolicy: true; "
                "NetworkPolicy objects would be ignored",
                cluster.urn,
            )


def aks_audit_logs(args: StackValidationArgs, report: ReportViolation) -> None:
    """AKS: a diagnostic setting on the cluster ships the kube-audit log category somewhere durable."""
    settings = [r for r in args.resources if r.resource_type == AZURE_DIAGNOSTIC_SETTING]
    for cluster in args.resources:
        if cluster.resource_type != res.AKS_CLUSTER:
            continue
        shipped = any(
            cluster in s.property_dependencies.get("resourceUri", []) or cluster in s.dependencies
            for s in settings
            if any(
                res.get(log, "category") in AKS_AUDIT_CATEGORIES and res.get(log, "enabled") is True
                for log in res.as_list(res.get(s.props, "logs"))
            )
        )
        if not shipped:
            report(f"AKS cluster {cluster.name}: no diagnostic setting ships kube-audit logs", cluster.urn)
