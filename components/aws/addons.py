"""EKS managed add-ons: vpc-cni, kube-proxy, CoreDNS, metrics-server and the node monitoring agent at the catalog's
version for the cluster's minor, and the Pod Identity agent.

The cluster is created without the self-managed copies (`bootstrapSelfManagedAddons: false`), so these are the
only ones and a version bump in the catalog upgrades them. vpc-cni, kube-proxy and the Pod Identity agent are
DaemonSets: EKS reports them ACTIVE with no nodes, and nodes need the CNI to become Ready, so they come before
every node group. CoreDNS and metrics-server are Deployments that EKS reports ACTIVE only once their pods run:
they follow the system node group they run on and come before the accelerator node groups. metrics-server (a
community add-on) serves the Metrics API, without which the HPA KServe creates per InferenceService never scales.
The node monitoring agent (a DaemonSet, so before every node group) is what node auto repair acts on: without it
no GPU fault becomes a node condition (https://docs.aws.amazon.com/eks/latest/userguide/node-health.html). Its
node agent tolerates every taint; its DCGM DaemonSet, which runs GPU diagnostics on NVIDIA instance types, tolerates
none by default (chart values.yaml `dcgmAgent.tolerations: []`), so on the tainted GPU nodes it is given the same
`operator: Exists` toleration (add-on configuration schema charts/configuration.schema.json, `dcgmAgent.tolerations`).
Sources: https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html,
https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html (bootstrapSelfManagedAddons),
https://docs.aws.amazon.com/eks/latest/userguide/community-addons.html (metrics-server)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType

import pulumi
import pulumi_aws as aws

from components.catalog.eks_addons import (
    COREDNS,
    KUBE_PROXY,
    METRICS_SERVER,
    NODE_MONITORING_AGENT,
    VPC_CNI,
    addon_version,
)

POD_IDENTITY_ADDON = "eks-pod-identity-agent"
ADDON_CONFLICTS = "OVERWRITE"
BEFORE_NODES = (VPC_CNI, KUBE_PROXY, NODE_MONITORING_AGENT)
AFTER_SYSTEM_NODES = (COREDNS, METRICS_SERVER)
# The VPC CNI enforces Kubernetes NetworkPolicy only with its network policy agent on (add-on configuration key
# `enableNetworkPolicy`, a string). Source: https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html
TOLERATE_ALL = {"operator": "Exists"}
ADDON_CONFIGURATION: Mapping[str, Mapping[str, object]] = MappingProxyType({
    VPC_CNI: {"enableNetworkPolicy": "true"},
    NODE_MONITORING_AGENT: {"dcgmAgent": {"tolerations": [TOLERATE_ALL]}},
})


def managed_addon(
    name: str,
    cluster_name: pulumi.Input[str],
    addon: str,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
    version: str | None = None,
) -> aws.eks.Addon:
    """One managed add-on; EKS's copy of its objects wins over local edits on create and update."""
    return aws.eks.Addon(
        name,
        cluster_name=cluster_name,
        addon_name=addon,
        addon_version=version,
        configuration_values=json.dumps(dict(ADDON_CONFIGURATION[addon])) if addon in ADDON_CONFIGURATION else None,
        resolve_conflicts_on_create=ADDON_CONFLICTS,
        resolve_conflicts_on_update=ADDON_CONFLICTS,
        tags=dict(tags),
        opts=opts,
    )


def versioned_addons(
    name: str,
    cluster_name: pulumi.Input[str],
    addons: tuple[str, ...],
    kubernetes_version: str,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> list[aws.eks.Addon]:
    """`<name>-<addon>` for each add-on, pinned to the catalog's version for `kubernetes_version`."""
    return [
        managed_addon(f"{name}-{addon}", cluster_name, addon, tags, opts, addon_version(addon, kubernetes_version))
        for addon in addons
    ]
