"""The second `pulumi up` changes nothing, and an edit AKS cannot apply in place replaces, deleting first.

One test per resource type: it lists the create-only inputs the resource sends, fails when one is unset (the
provider would read back AKS's default and diff on every run) or is not marked for replacement (the update would
be rejected by AKS), and pins the replacement order.
"""

from __future__ import annotations

from typing import Any

from mlplatform.diff import compare
from mlplatform.diff.replace import replace_paths, stateful_reason
from mlplatform.engine.inventory import Inventory
from tests.azure.conftest import Rendered, fresh_render, plan_of

CLUSTER = "azure-native:containerservice:ManagedCluster"
POOL = "azure-native:containerservice:AgentPool"


def at(inputs: Any, path: str) -> list[Any]:
    """Values at a replaceOnChanges path (`a.b`, `list[*].c`) in recorded wire inputs."""
    values = [inputs]
    for part in path.split("."):
        key, spread = (part[:-3], True) if part.endswith("[*]") else (part, False)
        values = [v.get(key) if isinstance(v, dict) else None for v in values]
        if spread:
            values = [item for v in values for item in (v or [])]
    return values


def test_managed_cluster_create_only_inputs(prod: Rendered) -> None:
    """AKS fixes at creation the DNS prefix, node resource group, network plugin and its ranges, the custom
    private DNS zone, and the system pool's VM size, zones, OS disk type and size and subnet: an update answers
    "Changing property '...' is not allowed" (REST ManagedClusters - Create Or Update, API 2025-09-01; AKS docs
    "Resize node pools": a system pool's size changes by adding a new pool). Each is sent explicitly and marked
    for replacement; the cluster's name is fixed, so the old one is deleted first (and prod's `protect` stops
    that replacement for a human to decide)."""
    cluster = prod.named("mlplatform-cluster", CLUSTER)
    assert list(cluster.replace_on_changes) == [
        "dnsPrefix", "nodeResourceGroup", "networkProfile.networkPlugin", "networkProfile.networkPluginMode",
        "networkProfile.podCidr", "networkProfile.serviceCidr", "networkProfile.dnsServiceIP",
        "apiServerAccessProfile.enablePrivateCluster", "apiServerAccessProfile.privateDNSZone",
        "agentPoolProfiles[*].vmSize",
        "agentPoolProfiles[*].availabilityZones", "agentPoolProfiles[*].osDiskSizeGB",
        "agentPoolProfiles[*].osDiskType", "agentPoolProfiles[*].vnetSubnetID",
        # "can only be set at cluster or node pool creation time" (learn.microsoft.com/azure/aks/enable-host-encryption)
        "agentPoolProfiles[*].enableEncryptionAtHost",
    ]
    for path in cluster.replace_on_changes:
        values = at(cluster.inputs, path)
        assert values and all(v not in (None, "", [], "[unknown]") for v in values), path
    assert cluster.delete_before_replace and cluster.protect


def test_switching_private_and_public_is_a_replacement_and_diff_says_so(prod: Rendered) -> None:
    """Private <-> public replaces the cluster: the private cluster's privateDNSZone is fixed at creation and the
    providers model the switch as a new cluster (azurerm `private_cluster_enabled` is ForceNew, "Changing this
    forces a new resource to be created", registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/
    kubernetes_cluster; the in-place switch is unsupported, hashicorp/terraform-provider-azurerm#22767). The
    offline diff reads the same paths, so a review shows the stop before prod's `protect` does."""
    public = fresh_render(plan_of("prod", endpoint={"public": True, "allowedCidrs": ["203.0.113.0/24"]}))
    old = prod.named("mlplatform-cluster", CLUSTER)
    new = public.named("mlplatform-cluster", CLUSTER)
    assert old.inputs["apiServerAccessProfile"]["enablePrivateCluster"] is True
    assert new.inputs["apiServerAccessProfile"]["enablePrivateCluster"] is False
    changed = tuple(c.path for c in compare(Inventory("a", [old]), Inventory("b", [new]))[0].changes)
    assert replace_paths(new, changed) == (
        "apiServerAccessProfile.enablePrivateCluster", "apiServerAccessProfile.privateDNSZone")
    assert stateful_reason(CLUSTER) is not None  # listed first, as a loss of the cluster's state


def test_agent_pool_create_only_inputs(prod: Rendered) -> None:
    """A pool's VM size, priority, eviction policy and spot max price ("You can't change ScaleSetPriority or
    SpotMaxPrice after creation", learn.microsoft.com/azure/aks/spot-node-pool), OS disk type and size, zones,
    subnet and capacity reservation group are fixed at creation. Each that applies to the pool's capacity is
    sent (AKS would otherwise pick a default, e.g. a 128 GiB disk, that the next run diffs against), all are
    marked for replacement, and the fixed pool name means delete first. `count` is owned by the autoscaler."""
    spot = prod.named("mlplatform-t4-spot", POOL)
    reserved = prod.named("mlplatform-a100-rsv", POOL)
    on_demand = prod.named("mlplatform-a100", POOL)
    create_only = ["vmSize", "scaleSetPriority", "scaleSetEvictionPolicy", "spotMaxPrice", "osDiskType",
                   "osDiskSizeGB", "availabilityZones", "vnetSubnetID", "capacityReservationGroupID",
                   "enableEncryptionAtHost"]
    sent = {
        spot.name: {"vmSize", "scaleSetPriority", "scaleSetEvictionPolicy", "spotMaxPrice", "osDiskType",
                    "osDiskSizeGB", "vnetSubnetID", "enableEncryptionAtHost"},
        reserved.name: {"vmSize", "scaleSetPriority", "osDiskType", "osDiskSizeGB", "availabilityZones",
                        "vnetSubnetID", "capacityReservationGroupID", "enableEncryptionAtHost"},
        on_demand.name: {"vmSize", "scaleSetPriority", "osDiskType", "osDiskSizeGB", "vnetSubnetID",
                         "enableEncryptionAtHost"},
    }
    for pool in (spot, reserved, on_demand):
        assert list(pool.replace_on_changes) == create_only
        assert {k for k in create_only if pool.inputs.get(k) not in (None, "", [])} == sent[pool.name]
        assert pool.delete_before_replace
        assert list(pool.ignore_changes) == ["count"]
        assert pool.inputs["count"] == pool.inputs["minCount"]  # sent once, at creation
