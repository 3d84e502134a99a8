"""Per-cloud network facts the blueprint is checked against: address ranges the cluster takes for itself,
the default stack network, and the limits each cloud puts on access lists and node disks.

`network.cidr` is the stack's VPC/VNet range; each cloud folder derives its subnets from it. Pod and service
ranges that live outside that range (GKE secondary ranges, AKS overlay and service CIDRs, the EKS service CIDR)
must not overlap it, the hub's ranges or the access lists, or traffic to them is routed to the wrong place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog.types import Source
from components.spec.enums import Cloud

_READ = date(2026, 11, 30)

EKS_QUOTAS = Source(
    "Amazon EKS service quotas (public endpoint access CIDR ranges per cluster)",
    "https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html",
    _READ,
)
EKS_SERVICE_CIDR = Source(
    "Amazon EKS API: KubernetesNetworkConfigRequest.serviceIpv4Cidr (create-only; must not overlap the VPC)",
    "https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html",
    _READ,
)
EBS_VOLUME_LIMITS = Source(
    "Amazon EBS volume types: gp3 size 1 GiB - 16 TiB",
    "https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html",
    _READ,
)
GKE_AUTHORIZED_NETWORKS = Source(
    "GKE: add authorized networks for control plane access (limits on CIDR ranges)",
    "https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks",
    _READ,
)
GKE_ALIAS_IPS = Source(
    "GKE: VPC-native clusters, secondary ranges for Pods and Services",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips",
    _READ,
)
GCE_BOOT_DISK = Source(
    "Compute Engine: persistent disk and Hyperdisk size limits",
    "https://cloud.google.com/compute/docs/disks/persistent-disks",
    _READ,
)
AKS_AUTHORIZED_RANGES = Source(
    "AKS: secure access to the API server using authorized IP address ranges (at most 200 ranges)",
    "https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges",
    _READ,
)
AKS_CNI_OVERLAY = Source(
    "AKS: Azure CNI Overlay networking (pod CIDR, service CIDR, DNS service IP)",
    "https://learn.microsoft.com/en-us/azure/aks/azure-cni-overlay",
    _READ,
)
AKS_AGENT_POOL_API = Source(
    "AKS REST API: ManagedClusterAgentPoolProfile.osDiskSizeGB (0-2048)",
    "https://learn.microsoft.com/en-us/rest/api/aks/agent-pools/create-or-update",
    _READ,
)


@dataclass(frozen=True)
class NetworkFacts:
    """One cloud's address plan defaults and access-list limits."""

    cloud: Cloud
    default_cidr: str
    # Ranges the cluster uses outside `network.cidr` (pods, services): nothing else may overlap them.
    cluster_ranges: Mapping[str, str]
    max_authorized_cidrs: int
    max_root_volume_gib: int
    sources: tuple[Source, ...]


NETWORKS: Mapping[Cloud, NetworkFacts] = MappingProxyType({
    Cloud.AWS: NetworkFacts(
        Cloud.AWS,
        default_cidr="10.0.0.0/16",
        # vpc-cni gives pods VPC addresses; only the service range is outside the VPC.
        cluster_ranges=MappingProxyType({"services": "172.20.0.0/16"}),
        max_authorized_cidrs=40,
        max_root_volume_gib=16384,
        sources=(EKS_QUOTAS, EKS_SERVICE_CIDR, EBS_VOLUME_LIMITS),
    ),
    Cloud.GCP: NetworkFacts(
        Cloud.GCP,
        default_cidr="10.0.0.0/16",
        cluster_ranges=MappingProxyType({"pods": "10.16.0.0/14", "services": "10.20.0.0/20"}),
        max_authorized_cidrs=50,
        max_root_volume_gib=65536,
        sources=(GKE_AUTHORIZED_NETWORKS, GKE_ALIAS_IPS, GCE_BOOT_DISK),
    ),
    Cloud.AZURE: NetworkFacts(
        Cloud.AZURE,
        default_cidr="10.64.0.0/16",
        cluster_ranges=MappingProxyType({"pods": "10.240.0.0/12", "services": "172.16.0.0/16"}),
        max_authorized_cidrs=200,
        max_root_volume_gib=2048,
        sources=(AKS_AUTHORIZED_RANGES, AKS_CNI_OVERLAY, AKS_AGENT_POOL_API),
    ),
})

# The stack network's prefix bounds: each cloud carves its node (and database) subnets out of it.
MIN_NETWORK_PREFIX = 16
MAX_NETWORK_PREFIX = 20


def network_facts(cloud: Cloud) -> NetworkFacts:
    return NETWORKS[cloud]
