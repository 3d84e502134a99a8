"""The first deploy's path to a private API: the stack's private DNS zone, hub peering both ways and the hub's
DNS link; the Kubernetes provider waits for all of them and for the admins' role propagation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from components.azure.access import HubVnet, hub_peering_name, hub_vnet, private_zone_name
from components.deploy_path import PathKind, deploy_path
from tests.azure.conftest import Rendered, fresh_render, plan_of, tags

HUB = ("/subscriptions/00000000-0000-4000-8000-0000000000aa/resourceGroups/rg-network-hub/providers/"
       "Microsoft.Network/virtualNetworks/vnet-hub")
PEERING = "azure-native:network:VirtualNetworkPeering"
ZONE = "azure-native:privatedns:PrivateZone"
LINK = "azure-native:privatedns:VirtualNetworkLink"
SLEEP = "time:index/sleep:Sleep"


@pytest.fixture(scope="module")
def hubbed() -> Iterator[Rendered]:
    yield fresh_render(plan_of("dev", network={"cidr": "10.66.0.0/16", "hub": {"id": HUB, "cidrs": ["10.100.0.0/16"]}}))


def test_the_hub_id_names_its_resource_group_and_vnet() -> None:
    assert hub_vnet(plan_of("dev", network={"hub": {"id": HUB, "cidrs": ["10.100.0.0/16"]}}).hub) == HubVnet(
        "00000000-0000-4000-8000-0000000000aa", "rg-network-hub", "vnet-hub")


def test_the_private_zone_is_the_stacks_own_subzone(hubbed: Rendered) -> None:
    # A VNet links one zone per name: a per-cluster subzone lets dev and prod both link to the same hub.
    zone = hubbed.one(ZONE)
    assert zone.inputs == {"privateZoneName": "mlplatform-dev.privatelink.eastus.azmk8s.io",
                           "resourceGroupName": "rg-mlplatform-dev-eastus", "location": "global", "tags": tags("dev")}
    assert not zone.protect
    cluster = hubbed.named("mlplatform-cluster", "azure-native:containerservice:ManagedCluster")
    assert cluster.inputs["apiServerAccessProfile"]["privateDNSZone"] == "mlplatform-access-id"


def test_the_vnets_peer_both_ways_and_the_hub_resolves_the_private_api(hubbed: Rendered) -> None:
    peerings = {r.name: r for r in hubbed.inventory.of_type(PEERING)}
    ours, theirs = peerings["mlplatform-access-to-hub"], peerings["mlplatform-access-from-hub"]
    assert ours.inputs == {
        "virtualNetworkPeeringName": "peer-hub",
        "resourceGroupName": "rg-mlplatform-dev-eastus",
        "virtualNetworkName": "vnet-mlplatform-dev",
        "remoteVirtualNetwork": {"id": HUB},
        "allowVirtualNetworkAccess": True,
        "allowForwardedTraffic": True,  # a hub firewall / NVA may route VPN pools in
        "allowGatewayTransit": False,
        "useRemoteGateways": False,  # fails when the hub has no gateway
    }
    # The hub side lives in the hub's resource group, named after this cluster and region (unique per hub).
    assert theirs.inputs == {
        "virtualNetworkPeeringName": "peer-mlplatform-dev-eastus",
        "resourceGroupName": "rg-network-hub",
        "virtualNetworkName": "vnet-hub",
        "remoteVirtualNetwork": {"id": "mlplatform-network-id"},
        "allowVirtualNetworkAccess": True,
        "allowForwardedTraffic": False,
        "allowGatewayTransit": False,
        "useRemoteGateways": False,
    }
    assert ours.urn in theirs.dependencies
    # The peering waits for the VNet's subnet writes (one operation at a time per VNet).
    assert hubbed.named("mlplatform-network-api-server", "azure-native:network:Subnet").urn in ours.dependencies
    assert hubbed.one(LINK).inputs == {
        "virtualNetworkLinkName": "link-hub",
        "privateZoneName": "mlplatform-dev.privatelink.eastus.azmk8s.io",
        "resourceGroupName": "rg-mlplatform-dev-eastus",
        "location": "global",
        "virtualNetwork": {"id": HUB},
        "registrationEnabled": False,
        "tags": tags("dev"),
    }


def test_the_hub_side_peering_is_written_in_the_hubs_subscription(hubbed: Rendered) -> None:
    """ARM resolves a resource group in the subscription of the call: the hub-side peering sent through the stack's
    provider fails with ResourceGroupNotFound when the hub lives in another subscription (the hub ID names it). An
    azure-native provider for that subscription writes it; our side stays on the stack's default provider
    (learn.microsoft.com/azure/virtual-network/create-peering-different-subscriptions: each side is created in its
    own subscription)."""
    [provider] = hubbed.inventory.of_type("pulumi:providers:azure-native")
    assert provider.name == "mlplatform-hub"
    assert provider.inputs["subscriptionId"] == "00000000-0000-4000-8000-0000000000aa"
    peerings = {r.name: r for r in hubbed.inventory.of_type(PEERING)}
    assert peerings["mlplatform-access-from-hub"].provider == provider.name
    assert peerings["mlplatform-access-to-hub"].provider != provider.name
    # The DNS link is our zone's child: it lives in the stack's subscription and names the hub VNet by ID.
    assert hubbed.one(LINK).provider != provider.name


def test_no_hub_no_hub_provider(dev: Rendered) -> None:
    assert not dev.inventory.of_type("pulumi:providers:azure-native")


def test_every_kubernetes_call_waits_for_the_hub_path_and_the_role_propagation(hubbed: Rendered) -> None:
    provider = hubbed.one("pulumi:providers:kubernetes")
    path = [*hubbed.inventory.of_type(PEERING), hubbed.one(LINK), hubbed.named("mlplatform-admins-propagation", SLEEP)]
    assert {r.urn for r in path} <= set(provider.dependencies)
    assert [type(r).__name__ for r in hubbed.handle.api_ready] == [
        "VirtualNetworkPeering", "VirtualNetworkPeering", "VirtualNetworkLink", "Sleep"]
    assert deploy_path(hubbed.plan).kind is PathKind.HUB


def test_a_public_cluster_with_a_hub_peers_but_owns_no_private_zone() -> None:
    built = fresh_render(plan_of("dev", network={"hub": {"id": HUB, "cidrs": ["10.100.0.0/16"]}},
                                 endpoint={"public": True, "allowedCidrs": ["198.51.100.0/24"]}))
    assert len(built.inventory.of_type(PEERING)) == 2
    assert not built.inventory.of_type(ZONE) and not built.inventory.of_type(LINK)


def test_no_hub_no_peering_but_still_the_stacks_own_zone(dev: Rendered) -> None:
    assert not dev.inventory.of_type(PEERING) and not dev.inventory.of_type(LINK)
    [zone] = dev.inventory.of_type(ZONE)
    assert zone.inputs["privateZoneName"] == "mlplatform-dev.privatelink.eastus.azmk8s.io"
    assert deploy_path(dev.plan).warning  # private without a hub: the first run cannot reach the API


def test_dev_and_prod_names_on_one_hub_do_not_collide() -> None:
    hub = {"id": HUB, "cidrs": ["10.100.0.0/16"]}
    dev, prod = plan_of("dev", network={"hub": hub}), plan_of("prod", network={"cidr": "10.65.0.0/16", "hub": hub})
    assert hub_peering_name(dev) != hub_peering_name(prod)
    assert private_zone_name(dev) != private_zone_name(prod)
