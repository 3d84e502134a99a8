"""How the first `pulumi up` of a stack reaches its Kubernetes API: the in-cluster steps run in the same program
that creates the network, so a stack must declare a path that exists before the cluster does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from components.plan import ClusterPlan
from components.spec import Cloud


class PathKind(StrEnum):
    DNS_ENDPOINT = "dns-endpoint"  # GKE's DNS-based control-plane endpoint, authorized by Google IAM
    PUBLIC_ALLOWLIST = "public-allowlist"  # a public endpoint open to the listed CIDRs only
    HUB = "hub"  # an existing hub network the stack attaches to (transit gateway, VNet peering + DNS link)
    INSIDE = "inside-network"  # no declared path: the run must start inside the network it creates


@dataclass(frozen=True)
class DeployPath:
    kind: PathKind
    description: str

    @property
    def warning(self) -> bool:
        """True when a first deploy from outside the new network cannot reach the API."""
        return self.kind is PathKind.INSIDE


def deploy_path(plan: ClusterPlan) -> DeployPath:
    if plan.cloud is Cloud.GCP:
        return DeployPath(PathKind.DNS_ENDPOINT, "DNS endpoint, Google IAM (no network path needed)")
    if plan.public_endpoint:
        return DeployPath(PathKind.PUBLIC_ALLOWLIST, f"from allowlisted CIDRs ({', '.join(plan.authorized_cidrs)})")
    if plan.hub is not None:
        return DeployPath(PathKind.HUB, f"from hub {plan.hub.id} ({', '.join(plan.hub.cidrs)})")
    return DeployPath(
        PathKind.INSIDE,
        "WARNING: private endpoint and no network.hub: the first `pulumi up` must run inside the network it "
        "creates; declare network.hub or a public allowlist",
    )
