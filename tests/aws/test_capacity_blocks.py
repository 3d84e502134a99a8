"""AWS Capacity Blocks for ML and spot diversification: the node groups and launch templates each tier produces,
the blueprint errors raised before anything registers, and what `cost` and `plan` say of the tiers.

What mocks cannot prove, reasoned from AWS's docs:
- EKS rejects a CAPACITY_BLOCK node group whose launch template lacks `instanceMarketOptions.marketType:
  capacity-block`, the reservation target or the instance type, and wants subnets in the block's AZ only
  (https://docs.aws.amazon.com/eks/latest/userguide/capacity-blocks-mng.html); EC2 refuses a launch into a block
  from a subnet of another AZ (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-launch.html).
- A launch template that names an instance type excludes `instanceTypes` on the node group
  (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html, instanceTypes).
- Outside the block's window a launch fails; EKS scales the group to 0 forty minutes before the end (the EKS page).
The wire values themselves are checked against botocore's EKS and EC2 models (the AWS API's own enums).
"""

from __future__ import annotations

from typing import Any

import botocore.session  # type: ignore[import-untyped]
import pytest

from components.aws.launch_template import MARKET_CAPACITY_BLOCK
from components.aws.node_pool import CAPACITY_TYPE
from components.catalog.capacity import CAPACITY_BLOCKS
from components.plan import capacity_degradations
from components.spec import BlueprintError, Capacity
from mlplatform.economics.cost import estimate
from mlplatform.engine.inventory import Inventory
from tests.aws.conftest import plan_of, render

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
BLOCK = "cr-0123456789abcdef0"
H100_BLOCK: dict[str, Any] = {
    "name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 4,
    "capacity": ["capacity-block", "on-demand"], "reservation": BLOCK, "reservationZone": "use1-az4",
}
A100_40_SPOT: dict[str, Any] = {
    "name": "a100", "accelerator": "nvidia-a100-40gb", "acceleratorsPerNode": 8, "maxNodes": 2,
    "capacity": ["spot", "on-demand"],
}


def test_the_wire_values_are_the_aws_apis_own() -> None:
    session = botocore.session.get_session()
    assert CAPACITY_TYPE[Capacity.CAPACITY_BLOCK] in session.get_service_model("eks").shape_for("CapacityTypes").enum
    assert MARKET_CAPACITY_BLOCK in session.get_service_model("ec2").shape_for("MarketType").enum
    instance_types = session.get_service_model("ec2").shape_for("InstanceType").enum
    assert set(CAPACITY_BLOCKS) <= set(instance_types)


def test_capacity_block_then_on_demand_builds_a_block_group_pinned_to_its_zone(mocks: Inventory) -> None:
    rendered = render(mocks, plan_of("prod", pools=[H100_BLOCK, A100_40_SPOT]))
    block = rendered.named("mlplatform-h100", NODE_GROUP).inputs
    assert block["capacityType"] == "CAPACITY_BLOCK"
    assert "instanceTypes" not in block  # the template pins the block's type
    assert block["subnetIds"] == ["mlplatform-network-private-use1-az4-id"]
    assert block["scalingConfig"] == {"minSize": 0.0, "maxSize": 4.0, "desiredSize": 0.0}
    assert block["labels"]["mlplatform.io/capacity"] == "capacity-block"
    template = rendered.named("mlplatform-h100-lt", LAUNCH_TEMPLATE).inputs
    assert template["instanceMarketOptions"] == {"marketType": "capacity-block"}
    target = {"capacityReservationTarget": {"capacityReservationId": BLOCK}}
    assert template["capacityReservationSpecification"] == target
    assert template["instanceType"] == "p5.48xlarge"
    # The fallback tier: an on-demand group of the same pool, in the type's zones, with no reservation.
    fallback = rendered.named("mlplatform-h100-on-demand", NODE_GROUP).inputs
    assert (fallback["capacityType"], fallback["instanceTypes"]) == ("ON_DEMAND", ["p5.48xlarge"])
    assert fallback["labels"]["mlplatform.io/pool"] == "h100"
    plain = rendered.named("mlplatform-h100-on-demand-lt", LAUNCH_TEMPLATE).inputs
    assert {"instanceMarketOptions", "capacityReservationSpecification", "instanceType"}.isdisjoint(plain)

    # Spot diversification in the same stack: the spot group lists p4d and its equivalent p4de (both offered in
    # us-east-1), its template pins no type; the on-demand fallback runs the primary only.
    spot = rendered.named("mlplatform-a100", NODE_GROUP).inputs
    assert (spot["capacityType"], spot["instanceTypes"]) == ("SPOT", ["p4d.24xlarge", "p4de.24xlarge"])
    assert "instanceType" not in rendered.named("mlplatform-a100-lt", LAUNCH_TEMPLATE).inputs
    assert rendered.named("mlplatform-a100-on-demand", NODE_GROUP).inputs["instanceTypes"] == ["p4d.24xlarge"]


def test_a_spot_group_lists_only_equivalents_its_region_offers() -> None:
    """p4de.24xlarge is not sold in us-east-2: a spot A100 40 GB group there lists p4d.24xlarge alone."""
    from components.plan import plan_platform
    from components.spec import load_blueprint
    from tests.blueprints import ADMINS

    plan = plan_platform(load_blueprint({
        "cloud": "aws", "region": "us-east-2", "environment": "dev",
        "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["aws"]}, "nodePools": [A100_40_SPOT],
    }))
    assert [s.machine_type for s in plan.pools[0].shapes] == ["p4d.24xlarge"]


def test_cost_prices_each_spot_type_and_flags_the_block_unpriced_never_zero() -> None:
    plan = plan_of("prod", pools=[H100_BLOCK, A100_40_SPOT])
    cost = estimate(plan, budget=None)
    lines = {line.pool: line for line in cost.lines}
    block = lines["h100"]
    assert block.capacity is Capacity.CAPACITY_BLOCK and block.usd_per_node_hour is None
    assert block.notes[0].startswith("capacity-block is unpriced: AWS sets a Capacity Block's rate when it is bought")
    assert block.notes[-1] == "preference capacity-block > on-demand; at full scale: capacity-block n/a, " \
                              "on-demand $220.16/h"
    assert cost.missing == ("h100",)
    spot = lines["a100"]
    # us-east-1, the cheapest EKS zone of each (list-2026): p4d 5.0933 (use1-az6), p4de 5.8394 (use1-az6).
    assert spot.usd_per_node_hour == pytest.approx(5.8394)
    assert "spot diversified across p4d.24xlarge $5.0933/node-h, p4de.24xlarge $5.8394/node-h; summed at the " \
           "highest" in spot.notes
    assert spot.notes[-1] == "preference spot > on-demand; at full scale: spot $11.68/h, on-demand $43.92/h"


def test_plan_states_the_block_window_for_every_block_tier() -> None:
    plan = plan_of("prod", pools=[H100_BLOCK, {**A100_40_SPOT, "capacity": "on-demand"}])
    [line] = capacity_degradations(plan)
    assert line.startswith(f"h100: capacity-block {BLOCK} runs only inside the Capacity Block's window: before the "
                           "start the autoscaler's scale-up fails and it falls back to the next tier; EKS scales the "
                           "group to 0 forty minutes before the end")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"minNodes": 1}, "nodePools[0].minNodes: 1 cannot be kept with capacity-block: nothing launches outside the "
                          "block's window and EKS upgrades need the group at 0; use 0"),
        ({"maxNodes": 65}, "nodePools[0].maxNodes: 65 is more than the largest Capacity Block (64 instances); use at "
                           "most the block's instance count"),
        ({"capacity": ["capacity-block", "reserved"]},
         "nodePools[0].capacity: lists both reserved and capacity-block, but a pool consumes one reservation"),
        ({"accelerator": "nvidia-a100-80gb"},
         "nodePools[0].capacity: AWS sells no Capacity Block of p4de.24xlarge in us-east-1; blocks are sold for "
         "p4d.24xlarge (us-east-2, us-west-2); p5.48xlarge (ap-northeast-1, us-east-1, us-east-2, us-west-2)"),
        ({"reservationZone": None}, "nodePools[0].reservationZone: is required with capacity: capacity-block"),
        ({"reservation": None}, "nodePools[0].reservation: is required with capacity: capacity-block"),
        ({"reservationZone": "use1-az6"}, "nodePools[0].reservationZone: 'use1-az6' is not one of the cluster's zones"),
        ({"capacity": ["capacity-block", "capacity-block"]},
         "nodePools[0].capacity: names capacity-block more than once"),
    ],
    ids=["min-nodes", "max-nodes", "with-reserved", "type-not-sold-here", "no-zone", "no-reservation", "other-az",
         "repeated"],
)
def test_a_bad_capacity_block_fails_before_anything_registers(
    mocks: Inventory, change: dict[str, Any], message: str
) -> None:
    pool = {k: v for k, v in {**H100_BLOCK, **change}.items() if v is not None}
    with pytest.raises(BlueprintError) as raised:
        plan_of("prod", pools=[pool])
    assert message in str(raised.value)
    assert list(mocks.registrations) == []


def test_capacity_block_is_refused_off_aws_and_on_the_system_pool() -> None:
    with pytest.raises(BlueprintError) as raised:
        plan_of("prod", pools=[], systemPool={"nodes": 3, "capacity": "capacity-block"})
    assert "cluster.systemPool.capacity: 'capacity-block' is not allowed; a Capacity Block ends at a fixed time" \
        in str(raised.value)
    from components.spec import load_blueprint
    from tests.blueprints import ADMINS

    with pytest.raises(BlueprintError) as off_aws:
        load_blueprint({
            "cloud": "gcp", "region": "us-central1", "environment": "prod",
            "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["gcp"], "systemPool": {"nodes": 3}},
            "nodePools": [{**H100_BLOCK, "reservation": "my-block", "reservationZone": "us-central1-a"}],
        })
    assert "nodePools[0].capacity: capacity-block is AWS's Capacity Blocks for ML; gcp has no such tier" \
        in str(off_aws.value)
