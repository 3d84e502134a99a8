"""How a first deploy reaches a private AKS API: the stack's own private DNS zone and the hub it peers with.

- Private DNS zone, owned by the stack: `<cluster>.privatelink.<region>.azmk8s.io`, the subzone form AKS accepts
  for a custom zone (learn.microsoft.com/azure/aks/private-clusters, "Configure a private DNS zone"). A VNet can
  link only one zone of a given name, so a per-cluster subzone lets dev and prod both link to one hub. The
  cluster's control-plane identity gets Private DNS Zone Contributor on it (cluster.py); AKS writes the API
  server's A record there and links it to the cluster's VNet.
- Hub (`network.hub`): VNet peering both ways and a link of the zone to the hub VNet, so runners in the hub resolve
  and reach the private API. The hub-side peering lives in the hub's resource group, in the subscription its ID
  names, and is written through `hub_provider` (build() makes an azure-native provider for that subscription:
  an ARM call in the deploying subscription for a group of another fails with ResourceGroupNotFound). The
  deploying identity needs on the hub VNet `Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write`
  (and read/delete), `Microsoft.Network/virtualNetworks/peer/action` and, for the DNS link,
  `Microsoft.Network/virtualNetworks/join/action`: the built-in Network Contributor on the hub VNet covers them.
- Gateway transit is not used (no `useRemoteGateways`): it fails when the hub has no gateway
  (learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview, "Gateways and on-premises
  connectivity"). So clients of a VPN gateway in the hub do not learn the stack's range and do not reach the API;
  forwarded traffic is admitted on the stack's side so a hub firewall or NVA can route VPN pools in. The docs
  promise runners in the hub VNet and NVA-routed pools, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_azure_native
from pulumi_azure_native import network, privatedns

from components.plan import ClusterPlan, HubPlan

ZONE_LOCATION = "global"
HUB_PEERING = "peer-hub"
HUB_LINK = "link-hub"


@dataclass(frozen=True)
class HubVnet:
    """The parts of a hub VNet's resource ID (the spec checked its format)."""

    subscription: str
    resource_group: str
    name: str


def hub_vnet(hub: HubPlan) -> HubVnet:
    parts = hub.id.strip("/").split("/")
    return HubVnet(subscription=parts[1], resource_group=parts[3], name=parts[7])


def private_zone_name(plan: ClusterPlan) -> str:
    return f"{plan.name}.privatelink.{plan.region}.azmk8s.io"


def hub_provider(name: str, hub: HubPlan, parent: pulumi.Resource) -> pulumi_azure_native.Provider:
    """azure-native in the hub's subscription. It authenticates as the stack's default provider does when that one
    reads the environment (ARM_* variables, OIDC, managed identity or the Azure CLI login); credentials set only
    as `azure-native:*` stack config are not passed on (docs/deploy-azure.md)."""
    return pulumi_azure_native.Provider(
        f"{name}-hub",
        subscription_id=hub_vnet(hub).subscription,
        opts=pulumi.ResourceOptions(parent=parent),
    )


def hub_peering_name(plan: ClusterPlan) -> str:
    """The hub-side peering's name: unique among every stack the hub peers with (cluster and region)."""
    return f"peer-{plan.name}-{plan.region}"


@dataclass(frozen=True, kw_only=True)
class ApiAccessArgs:
    plan: ClusterPlan
    resource_group_name: pulumi.Input[str]
    vnet_name: pulumi.Input[str]
    vnet_id: pulumi.Input[str]
    hub_provider: pulumi.ProviderResource | None = None  # azure-native in the hub's subscription (with a hub)
    after: tuple[pulumi.Resource, ...] = ()  # the VNet's subnets: peering waits for them (one write per VNet)


class ApiAccess(pulumi.ComponentResource):
    """The private API's DNS zone (private clusters) and the hub peering + DNS link (when a hub is declared)."""

    zone_id: pulumi.Output[str] | None
    ready: tuple[pulumi.Resource, ...]  # what a Kubernetes call from the hub needs: peerings and the DNS link

    def __init__(self, name: str, args: ApiAccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:ApiAccess", name, None, opts)
        plan = args.plan
        kept = pulumi.ResourceOptions(parent=self, protect=plan.protect)
        ready: list[pulumi.Resource] = []
        zone = None
        if not plan.public_endpoint:
            zone = privatedns.PrivateZone(
                name,
                private_zone_name=private_zone_name(plan),
                resource_group_name=args.resource_group_name,
                location=ZONE_LOCATION,
                tags=dict(plan.tags),
                opts=kept,
            )
        if plan.hub is not None:
            hub = hub_vnet(plan.hub)
            ours = network.VirtualNetworkPeering(
                f"{name}-to-hub",
                virtual_network_peering_name=HUB_PEERING,
                resource_group_name=args.resource_group_name,
                virtual_network_name=args.vnet_name,
                remote_virtual_network=network.SubResourceArgs(id=plan.hub.id),
                allow_virtual_network_access=True,
                allow_forwarded_traffic=True,
                allow_gateway_transit=False,
                use_remote_gateways=False,
                opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.after)),
            )
            theirs = network.VirtualNetworkPeering(
                f"{name}-from-hub",
                virtual_network_peering_name=hub_peering_name(plan),
                resource_group_name=hub.resource_group,
                virtual_network_name=hub.name,
                remote_virtual_network=network.SubResourceArgs(id=args.vnet_id),
                allow_virtual_network_access=True,
                allow_forwarded_traffic=False,
                allow_gateway_transit=False,
                use_remote_gateways=False,
                opts=pulumi.ResourceOptions(parent=self, depends_on=[ours], provider=args.hub_provider),
            )
            ready += [ours, theirs]
            if zone is not None:
                ready.append(privatedns.VirtualNetworkLink(
                    f"{name}-hub-link",
                    virtual_network_link_name=HUB_LINK,
                    private_zone_name=zone.name,
                    resource_group_name=args.resource_group_name,
                    location=ZONE_LOCATION,
                    virtual_network=privatedns.SubResourceArgs(id=plan.hub.id),
                    registration_enabled=False,
                    tags=dict(plan.tags),
                    opts=pulumi.ResourceOptions(parent=self),
                ))
        self.zone_id = zone.id if zone is not None else None
        self.ready = tuple(ready)
        self.register_outputs({"zone_id": self.zone_id})
