"""A capacity preference list on AKS: one user pool per tier of the same pool (same labels and taints; spot pools
carry AKS's own spot taint and send no upgradeSettings), ordered by the managed autoscaler's `priority` expander and
the ConfigMap the platform writes in kube-system.

What mocks cannot prove, reasoned from the sources: AKS accepts a single expander (`expander` is an enum of
least-waste, most-pods, priority, random: https://github.com/Azure/AKS/issues/2610); with `priority` the managed
autoscaler reads the user's `cluster-autoscaler-priority-expander` ConfigMap in kube-system
(https://github.com/Azure/AKS/issues/1931, shipped); an AKS node group is the pool's scale set
`aks-<pool>-<hash>-vmss` (https://github.com/kubernetes/autoscaler/pull/1896), which the regexes match; AKS adds the
`kubernetes.azure.com/scalesetpriority=spot:NoSchedule` taint to spot pools itself
(https://learn.microsoft.com/azure/aks/spot-node-pool), so it is tolerated, not sent.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from components.azure.autoscaler import expander_priorities
from components.handle import plan_scheduling
from components.spec import BlueprintError
from tests.azure.conftest import RESERVATION, SPOT_POOL, fresh_render, plan_of

AGENT_POOL = "azure-native:containerservice:AgentPool"
CLUSTER = "azure-native:containerservice:ManagedCluster"
CONFIG_MAP = "kubernetes:core/v1:ConfigMap"
A100 = {**SPOT_POOL, "name": "a100", "minNodes": 1}
RESERVED_FIRST = {**A100, "capacity": ["reserved", "on-demand", "spot"], "reservation": RESERVATION,
                  "reservationZone": "1"}
ONE_AT_A_TIME = {"maxSurge": "0", "maxUnavailable": "1"}


def _pools(built: Any) -> dict[str, Any]:
    return {r.inputs["agentPoolName"]: r.inputs for r in built.inventory.of_type(AGENT_POOL)}


def test_reserved_on_demand_spot_is_three_user_pools_behind_the_priority_expander() -> None:
    built = fresh_render(plan_of("prod", pools=[RESERVED_FIRST]))
    pools = _pools(built)
    assert sorted(pools) == ["a100", "a100od", "a100spot"]
    reserved, on_demand, spot = pools["a100"], pools["a100od"], pools["a100spot"]
    assert reserved["capacityReservationGroupID"] == RESERVATION and reserved["availabilityZones"] == ["1"]
    assert reserved["scaleSetPriority"] == "Regular" and reserved["upgradeSettings"] == ONE_AT_A_TIME
    assert on_demand["scaleSetPriority"] == "Regular" and on_demand["upgradeSettings"] == ONE_AT_A_TIME
    assert "capacityReservationGroupID" not in on_demand
    assert (spot["scaleSetPriority"], spot["scaleSetEvictionPolicy"], spot["spotMaxPrice"]) == ("Spot", "Delete", -1)
    assert "upgradeSettings" not in spot and "capacityReservationGroupID" not in spot
    assert (reserved["minCount"], on_demand["minCount"], spot["minCount"]) == (1, 0, 0)
    for tier, pool in (("reserved", reserved), ("on-demand", on_demand), ("spot", spot)):
        assert pool["maxCount"] == 4 and pool["enableAutoScaling"] is True
        assert pool["nodeLabels"] == {"mlplatform.io/accelerator": "nvidia-a100-80gb", "mlplatform.io/capacity": tier,
                                      "mlplatform.io/pool": "a100"}
        assert pool["nodeTaints"] == ["nvidia.com/gpu=true:NoSchedule"]  # AKS adds the spot taint itself


def test_the_cluster_uses_the_priority_expander_and_the_config_map_orders_the_scale_sets() -> None:
    built = fresh_render(plan_of("prod", pools=[RESERVED_FIRST]))
    assert built.one(CLUSTER).inputs["autoScalerProfile"] == {"expander": "priority"}
    config_map = built.named("mlplatform-priority-expander", CONFIG_MAP)
    assert config_map.inputs["metadata"] == {"name": "cluster-autoscaler-priority-expander", "namespace": "kube-system"}
    priorities = yaml.safe_load(config_map.inputs["data"]["priorities"])
    assert sorted(priorities) == [0, 10, 20, 30]
    assert priorities[0] == [".*"]
    [first], [second], [third] = priorities[30], priorities[20], priorities[10]
    assert re.match(first, "aks-a100-12345678-vmss") and not re.match(first, "aks-a100od-12345678-vmss")
    assert re.match(second, "aks-a100od-12345678-vmss") and not re.match(second, "aks-a100spot-12345678-vmss")
    assert re.match(third, "aks-a100spot-12345678-vmss") and not re.match(third, "aks-a100-12345678-vmss")
    pool_urns = {r.urn for r in built.inventory.of_type(AGENT_POOL)}
    assert pool_urns <= set(config_map.dependencies)
    assert "mlplatform:azure:PriorityExpander$kubernetes:core/v1:ConfigMap" in config_map.urn


def test_tier_pools_join_the_agent_pool_chain() -> None:
    """AKS runs one agent-pool operation at a time: each tier waits for the pool created before it."""
    built = fresh_render(plan_of("dev", pools=[{**A100, "capacity": ["spot", "on-demand"]}]))
    pools = {r.inputs["agentPoolName"]: r for r in built.inventory.of_type(AGENT_POOL)}
    assert pools["a100"].urn in pools["a100od"].dependencies


def test_a_spot_fallback_is_tolerated_by_the_pools_pods() -> None:
    plan = plan_of("prod", pools=[{**A100, "capacity": ["on-demand", "spot"]}])
    assert [dict(t) for t in plan_scheduling(plan)["a100"].tolerations] == [
        {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "kubernetes.azure.com/scalesetpriority", "operator": "Exists", "effect": "NoSchedule"},
    ]


def test_a_single_tier_keeps_the_default_expander_and_writes_no_config_map() -> None:
    plan = plan_of("dev", pools=[{**A100, "capacity": "spot"}])
    assert expander_priorities(plan.pools) == {}
    built = fresh_render(plan)
    assert "autoScalerProfile" not in built.one(CLUSTER).inputs
    assert [r for r in built.inventory.of_type(CONFIG_MAP)
            if r.inputs["metadata"].get("name") == "cluster-autoscaler-priority-expander"] == []


@pytest.mark.parametrize(
    ("pool", "message"),
    [
        ({**A100, "capacity": []}, "nodePools[0].capacity: is an empty list"),
        ({**A100, "capacity": ["on-demand", "on-demand"]}, "nodePools[0].capacity: names on-demand more than once"),
        ({**A100, "capacity": ["reserved", "spot"]}, "nodePools[0].reservation: is required with capacity: reserved"),
        ({**A100, "capacity": ["reserved", "spot"], "reservation": "crg-h100", "reservationZone": "1"},
         "nodePools[0].reservation: 'crg-h100' is not usable on azure"),
        ({**A100, "name": "a100-trains", "capacity": ["on-demand", "spot"]},
         "nodePools[0].capacity: the spot tier is the azure pool 'a100trainsspot', which breaks azure's rule"),
    ],
)
def test_invalid_preference_lists_are_rejected_before_anything_registers(pool: dict[str, Any], message: str) -> None:
    with pytest.raises(BlueprintError) as caught:
        plan_of("dev", pools=[pool])
    assert message in str(caught.value)


def test_a_tier_name_taken_by_another_pool_is_rejected() -> None:
    with pytest.raises(BlueprintError, match=r"nodePools\[0\].capacity: the on-demand tier is the azure pool "
                                             "'a100od', which another pool already names"):
        plan_of("dev", pools=[{**A100, "capacity": ["spot", "on-demand"]}, {**A100, "name": "a100od"}])


def test_spot_on_the_system_pool_is_rejected() -> None:
    with pytest.raises(BlueprintError, match="cluster.systemPool.capacity: 'spot' is not allowed"):
        plan_of("dev", systemPool={"capacity": "spot"})
