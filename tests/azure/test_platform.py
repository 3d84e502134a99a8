"""`build` as Platform calls it: the shared device plugin goes through the one Kubernetes provider, which waits
for the API path (hub peerings, DNS link) and the admins' role propagation, and the plugin waits for the pools."""

from __future__ import annotations

import pulumi

from components.platform import Platform, PlatformArgs
from components.spec import load_blueprint
from mlplatform.engine.inventory import Inventory
from tests.azure.conftest import blueprint

HUB = ("/subscriptions/00000000-0000-4000-8000-0000000000aa/resourceGroups/rg-network-hub/providers/"
       "Microsoft.Network/virtualNetworks/vnet-hub")


def test_the_device_plugin_reaches_the_api_only_after_the_hub_path_and_the_role_wait(mocks: Inventory) -> None:
    @pulumi.runtime.test
    def run() -> None:
        raw = blueprint("dev", network={"hub": {"id": HUB, "cidrs": ["10.100.0.0/16"]}})
        Platform("mlplatform", PlatformArgs(blueprint=load_blueprint(raw)))

    run()
    [provider] = mocks.of_type("pulumi:providers:kubernetes")
    path = [*mocks.of_type("azure-native:network:VirtualNetworkPeering"),
            *mocks.of_type("azure-native:privatedns:VirtualNetworkLink"),
            *(r for r in mocks.of_type("time:index/sleep:Sleep") if r.name == "mlplatform-admins-propagation")]
    assert len(path) == 4 and {r.urn for r in path} <= set(provider.dependencies)
    [plugin] = mocks.of_type("kubernetes:helm.sh/v3:Release")
    assert plugin.provider.endswith("mlplatform-k8s")  # every Kubernetes call goes through that provider
    [pool] = mocks.of_type("azure-native:containerservice:AgentPool")
    # The system pool (inline in the cluster) is what it waits for; the GPU pool scales from zero: see nodes_ready.
    assert pool.urn not in plugin.dependencies
    assert mocks.of_type("azure-native:containerservice:ManagedCluster")[0].urn in plugin.dependencies
