"""A capacity preference list on AWS: one managed node group per tier of the same pool (same pool label and taints,
its own capacity type and name) ordered by the Cluster Autoscaler's priority expander through the chart's
`expanderPriorities` (the chart writes the ConfigMap cluster-autoscaler-priority-expander in kube-system).

What mocks cannot prove: the Auto Scaling group EKS creates for a managed node group is named
`eks-<node group name>-<node group UUID>` (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html);
the expander regexes match those names. The expander reads priorities as a map of integer to regex list
(https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/expander/priority/readme.md).
"""

from __future__ import annotations

import re

import pytest

from components.aws.autoscaler import expander_priorities
from components.spec import BlueprintError
from tests.aws.conftest import GPU_POOL, fresh_render, plan_of

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
RELEASE = "kubernetes:helm.sh/v3:Release"
UUID = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"


def test_spot_then_on_demand_is_two_node_groups_of_one_pool_behind_the_priority_expander() -> None:
    plan = plan_of("dev", pools=[{**GPU_POOL, "capacity": ["spot", "on-demand"]}])
    built = fresh_render(plan)
    groups = {g.inputs["nodeGroupName"]: g for g in built.inventory.of_type(NODE_GROUP)
              if g.inputs.get("nodeGroupName", "").startswith("gpu")}
    assert sorted(groups) == ["gpu", "gpu-on-demand"]
    assert groups["gpu"].inputs["capacityType"] == "SPOT"
    assert groups["gpu-on-demand"].inputs["capacityType"] == "ON_DEMAND"
    for group in groups.values():  # pods select the pool label and tolerate the taint: they land on either
        assert group.inputs["labels"]["mlplatform.io/pool"] == "gpu"
        assert group.inputs["taints"] == groups["gpu"].inputs["taints"]
        assert group.inputs["scalingConfig"]["maxSize"] == 3
    assert groups["gpu"].inputs["labels"]["mlplatform.io/capacity"] == "spot"
    assert groups["gpu-on-demand"].inputs["labels"]["mlplatform.io/capacity"] == "on-demand"
    values = built.named("mlplatform-autoscaler", RELEASE).inputs["values"]
    assert values["extraArgs"]["expander"] == "priority,least-waste"
    priorities = values["expanderPriorities"]
    assert sorted(priorities) == ["0", "10", "20"]
    assert priorities["0"] == [".*"]
    [spot] = priorities["20"]
    [on_demand] = priorities["10"]
    assert re.match(spot, f"eks-gpu-{UUID}") and not re.match(spot, f"eks-gpu-on-demand-{UUID}")
    assert re.match(on_demand, f"eks-gpu-on-demand-{UUID}") and not re.match(on_demand, f"eks-gpu-{UUID}")


def test_a_single_tier_keeps_todays_resources_and_expander() -> None:
    plan = plan_of("dev", pools=[{**GPU_POOL, "capacity": "spot"}])
    assert plan.pools[0].alternates == ()
    assert expander_priorities(plan.pools) == {}


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        ([], "nodePools[0].capacity: is an empty list"),
        (["spot", "spot"], "nodePools[0].capacity: names spot more than once"),
        (["reserved", "on-demand"], "nodePools[0].reservation: is required with capacity: reserved"),
    ],
)
def test_invalid_preference_lists_are_rejected_with_their_path(capacity: list[str], message: str) -> None:
    with pytest.raises(BlueprintError) as caught:
        plan_of("dev", pools=[{**GPU_POOL, "capacity": capacity}])
    assert message in str(caught.value)


def test_spot_on_the_system_pool_is_rejected() -> None:
    with pytest.raises(BlueprintError, match="cluster.systemPool.capacity: 'spot' is not allowed"):
        plan_of("dev", systemPool={"capacity": "spot"})


def test_reserved_then_on_demand_places_only_the_reserved_tier_in_the_reservation_zone() -> None:
    plan = plan_of("prod", pools=[{**GPU_POOL, "capacity": ["reserved", "on-demand"],
                                   "reservation": "cr-0123456789abcdef0", "reservationZone": "use1-az2"}])
    [pool] = plan.pools
    assert pool.tiers[0].value == "reserved" and pool.zones == ("use1-az2",)
    [fallback] = pool.alternates
    assert (fallback.cloud_name, fallback.reservation, fallback.zones) == ("gpu-on-demand", None, plan.zones)
