"""GPU user pools: spot/on-demand/reserved capacity, autoscaler bounds, taints, labels, GPU driver, pool names."""

from __future__ import annotations

import pytest

from components import catalog
from components.azure.node_pool import reservation_scope
from components.spec import Cloud
from mlplatform.engine.mock_outputs.azure import guid
from tests.azure.conftest import RESERVATION, Rendered, tags

POOL = "azure-native:containerservice:AgentPool"
ROLE = "azure-native:authorization:RoleAssignment"
GPU_TAINT = "nvidia.com/gpu=true:NoSchedule"


def pool_inputs(env: str, *, agent_pool: str, vm_size: str, min_nodes: int, max_nodes: int,
                labels: dict[str, str]) -> dict[str, object]:
    """Inputs every accelerator pool shares; capacity fields are added per test."""
    return {
        "agentPoolName": agent_pool,
        "resourceName": f"mlplatform-{env}",
        "resourceGroupName": f"rg-mlplatform-{env}-eastus",
        "mode": "User",
        "type": "VirtualMachineScaleSets",
        "osType": "Linux",
        "osSKU": "Ubuntu",
        "vmSize": vm_size,
        "enableAutoScaling": True,
        "minCount": min_nodes,
        "maxCount": max_nodes,
        "count": min_nodes,
        "osDiskType": "Managed",
        "osDiskSizeGB": 200,
        "enableEncryptionAtHost": True,
        "vnetSubnetID": "mlplatform-network-nodes-id",
        "nodeLabels": labels,
        "nodeTaints": [GPU_TAINT],
        "gpuProfile": {"driver": "Install"},
        "tags": tags(env),
    }


# Regular and reserved pools: one GPU node at a time, no spare 8-GPU VM bought for the upgrade
# (learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling). Spot pools send no upgradeSettings: AKS refuses
# both fields on them with InvalidParameter, "Spot pools can't set max surge" (hashicorp/terraform-provider-azurerm
# #19355) and "Spot pools can't set maxUnavailable" (hashicorp/terraform-provider-azurerm#31129).
ONE_NODE_AT_A_TIME = {"upgradeSettings": {"maxSurge": "0", "maxUnavailable": "1"}}


def labels(accelerator: str, capacity: str, pool: str) -> dict[str, str]:
    return {"mlplatform.io/accelerator": accelerator, "mlplatform.io/capacity": capacity, "mlplatform.io/pool": pool}


def test_dev_pool_is_spot_evicted_by_delete_and_scales_from_zero(dev: Rendered) -> None:
    pool = dev.named("mlplatform-a100-spot", POOL)
    assert pool.inputs == {
        **pool_inputs("dev", agent_pool="a100spot", vm_size="Standard_NC24ads_A100_v4", min_nodes=0, max_nodes=4,
                      labels=labels("nvidia-a100-80gb", "spot", "a100-spot")),
        "scaleSetPriority": "Spot",
        "scaleSetEvictionPolicy": "Delete",
        "spotMaxPrice": -1,
    }
    # AKS adds the spot taint itself; the platform sends only its own GPU taint, pods tolerate both.
    assert not any(t.startswith("kubernetes.azure.com/") for t in pool.inputs["nodeTaints"])
    tolerations = [dict(t) for t in dev.handle.scheduling["a100-spot"].tolerations]
    assert tolerations == [
        {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "kubernetes.azure.com/scalesetpriority", "operator": "Exists", "effect": "NoSchedule"},
    ]
    assert dev.ignored[(POOL, "mlplatform-a100-spot")] == ["count"]  # the autoscaler owns the node count
    assert dev.values["pool_names"] == {"a100-spot": "a100spot"}


def test_prod_pools_by_capacity(prod: Rendered) -> None:
    on_demand = prod.named("mlplatform-a100", POOL)
    assert on_demand.inputs == {
        **pool_inputs("prod", agent_pool="a100", vm_size="Standard_NC24ads_A100_v4", min_nodes=0, max_nodes=4,
                      labels=labels("nvidia-a100-80gb", "on-demand", "a100")),
        **ONE_NODE_AT_A_TIME,
        "scaleSetPriority": "Regular",
    }
    capped = prod.named("mlplatform-t4-spot", POOL)
    assert capped.inputs == {
        **pool_inputs("prod", agent_pool="t4spot", vm_size="Standard_NC4as_T4_v3", min_nodes=0, max_nodes=2,
                      labels=labels("nvidia-t4", "spot", "t4-spot")),
        "scaleSetPriority": "Spot",
        "scaleSetEvictionPolicy": "Delete",
        "spotMaxPrice": 0.12345,
    }
    reserved = prod.named("mlplatform-a100-rsv", POOL)
    assert reserved.inputs == {
        **pool_inputs("prod", agent_pool="a100rsv", vm_size="Standard_NC96ads_A100_v4", min_nodes=1, max_nodes=2,
                      labels=labels("nvidia-a100-80gb", "reserved", "a100-rsv")),
        **ONE_NODE_AT_A_TIME,
        "scaleSetPriority": "Regular",
        "capacityReservationGroupID": RESERVATION,
        "availabilityZones": ["1"],  # the reservation's zone only: capacity exists nowhere else
    }
    assert prod.values["pool_names"] == {"a100": "a100", "t4-spot": "t4spot", "a100-rsv": "a100rsv"}


def test_reserved_pool_waits_for_its_identity_to_reach_the_reservation(prod: Rendered) -> None:
    access = prod.named("mlplatform-a100-rsv-reservation-access", ROLE)
    assert access.inputs == {
        "scope": "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-capacity",
        "roleDefinitionId": "/subscriptions/00000000-0000-0000-0000-000000000002/providers/"
                            "Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
        "principalId": guid("mlplatform-cluster-identity/principal"),
        "principalType": "ServicePrincipal",
    }
    # AKS reads the reservation with the identity when it creates the pool: the grant must have propagated first.
    wait = prod.named("mlplatform-a100-rsv-reservation-propagation", "time:index/sleep:Sleep")
    assert wait.inputs == {"createDuration": "10m",
                           "triggers": {"reservation": "mlplatform-a100-rsv-reservation-access-id"}}
    assert access.urn in wait.dependencies and wait.urn in prod.named("mlplatform-a100-rsv", POOL).dependencies
    names = [r.name for r in prod.inventory.of_type(ROLE)]
    assert "mlplatform-a100-reservation-access" not in names and "mlplatform-t4-spot-reservation-access" not in names


def test_pools_are_children_of_their_component_and_follow_the_cluster(prod: Rendered) -> None:
    cluster = prod.named("mlplatform-cluster", "azure-native:containerservice:ManagedCluster")
    for name in ("mlplatform-a100", "mlplatform-t4-spot", "mlplatform-a100-rsv"):
        component = prod.named(name, "mlplatform:azure:AcceleratorPool")
        pool = prod.named(name, POOL)
        assert pool.parent == component.urn
        assert pool.urn == f"urn:pulumi:test::mlplatform::mlplatform:azure:AcceleratorPool${POOL}::{name}"
        assert cluster.urn in pool.dependencies


@pytest.mark.parametrize("bad", ["crg-h100", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/d"])
def test_a_reservation_must_be_a_capacity_reservation_group_id(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a capacity reservation group ID"):
        reservation_scope(bad)


def test_gpu_pools_are_regional_unless_the_catalog_knows_the_size_is_offered_zone_by_zone(dev: Rendered) -> None:
    # AKS fails a pool whose VM size is missing from any listed zone (Azure/AKS#1444); Azure price rows carry
    # no zone, so no GPU size has a zonal fact and every GPU pool is left to place nodes across the region.
    assert catalog.published_zones(Cloud.AZURE, "eastus", "Standard_NC24ads_A100_v4") == ()
    assert dev.plan.pools[0].zones == ()
    assert "availabilityZones" not in dev.named("mlplatform-a100-spot", POOL).inputs


def test_pools_are_created_one_after_another_because_aks_serializes_agent_pool_operations(prod: Rendered) -> None:
    # A second concurrent agent-pool create fails with 409 OperationNotAllowed ("Another agentpool operation
    # ... is in progress"), so each pool waits for the one before it, in blueprint order.
    a100, t4, h100 = (prod.named(f"mlplatform-{n}", POOL) for n in ("a100", "t4-spot", "a100-rsv"))
    assert all(p.urn not in a100.dependencies for p in (t4, h100))
    assert a100.urn in t4.dependencies
    assert t4.urn in h100.dependencies
