"""A capacity preference list on GKE: one node pool per tier of the same pool, tied to one custom ComputeClass whose
priorities name the pools in order; the pool's pods select the class.

What mocks cannot prove, reasoned from GKE's docs: a manually created node pool joins a ComputeClass only with the node
label and NoSchedule taint `cloud.google.com/compute-class=<class>`
(https://cloud.google.com/kubernetes-engine/docs/concepts/about-custom-compute-classes#manual-node-pools); a
`nodepools` priority rule takes no other field, `reservations.affinity` is one of Specific, AnyBestEffort, None and
`whenUnsatisfiable` one of ScaleUpAnyway, DoNotScaleUp
(https://cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass); only pods selecting the class follow
its priorities, so the selector is part of the mechanism, not decoration.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from components import catalog
from components.catalog.quotas import quota_draws
from components.handle import plan_scheduling
from components.plan import ClusterPlan
from components.spec import Accelerator, BlueprintError, Capacity, Cloud
from mlplatform.economics.cost import estimate
from tests.gcp.conftest import BASE, Rendered, make_plan

NODE_POOL = "gcp:container/nodePool:NodePool"
COMPUTE_CLASS = "kubernetes:cloud.google.com/v1:ComputeClass"
CLASS_LABEL = "cloud.google.com/compute-class"
A100 = {"name": "a100", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 1, "minNodes": 1, "maxNodes": 3}
RESERVED_FIRST = {**A100, "capacity": ["reserved", "spot", "on-demand"], "reservation": "a100-res",
                  "reservationZone": "us-central1-c"}
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}
CLASS_TAINT = {"key": CLASS_LABEL, "value": "mlplatform-a100", "effect": "NO_SCHEDULE"}


def _pools(built: Rendered) -> dict[str, Any]:
    return {r.inputs["name"]: r for r in built.inventory.of_type(NODE_POOL) if r.inputs["name"] != "system"}


def test_reserved_spot_on_demand_is_three_node_pools_of_one_class(render: Callable[[ClusterPlan], Rendered]) -> None:
    built = render(make_plan(nodePools=[RESERVED_FIRST]))
    pools = _pools(built)
    assert sorted(pools) == ["a100", "a100-on-demand", "a100-spot"]
    reserved, spot, on_demand = (pools[n].inputs for n in ("a100", "a100-spot", "a100-on-demand"))
    assert reserved["nodeConfig"]["reservationAffinity"] == {
        "consumeReservationType": "SPECIFIC_RESERVATION",
        "key": "compute.googleapis.com/reservation-name",
        "values": ["a100-res"],
    }
    assert reserved["nodeLocations"] == ["us-central1-c"] and reserved["nodeConfig"]["spot"] is False
    assert spot["nodeConfig"]["spot"] is True
    assert spot["nodeConfig"]["reservationAffinity"] == {"consumeReservationType": "NO_RESERVATION"}
    assert on_demand["nodeConfig"]["spot"] is False and "reservationAffinity" not in on_demand["nodeConfig"]
    # The preferred tier keeps minNodes; fallbacks start empty; each may reach maxNodes, so all scale to zero.
    assert reserved["autoscaling"]["totalMinNodeCount"] == 1
    assert spot["autoscaling"]["totalMinNodeCount"] == 0 and on_demand["autoscaling"]["totalMinNodeCount"] == 0
    assert {p["autoscaling"]["totalMaxNodeCount"] for p in (reserved, spot, on_demand)} == {3}
    for tier, pool in (("reserved", reserved), ("spot", spot), ("on-demand", on_demand)):
        assert pool["nodeConfig"]["labels"] == {
            "mlplatform.io/accelerator": "nvidia-a100-80gb",
            "mlplatform.io/capacity": tier,
            "mlplatform.io/pool": "a100",
            CLASS_LABEL: "mlplatform-a100",
        }
        assert pool["nodeConfig"]["taints"] == [GPU_TAINT, CLASS_TAINT]


def test_the_compute_class_orders_the_tier_pools_and_waits_for_them(
    render: Callable[[ClusterPlan], Rendered],
) -> None:
    built = render(make_plan(nodePools=[RESERVED_FIRST]))
    [order] = built.inventory.of_type(COMPUTE_CLASS)
    assert order.inputs["metadata"] == {"name": "mlplatform-a100"}
    assert order.inputs["spec"] == {
        "description": "mlplatform pool a100: capacity reserved > spot > on-demand",
        "priorities": [{"nodepools": ["a100"]}, {"nodepools": ["a100-spot"]}, {"nodepools": ["a100-on-demand"]}],
        "nodePoolAutoCreation": {"enabled": False},
        "activeMigration": {"optimizeRulePriority": False},
        "whenUnsatisfiable": "DoNotScaleUp",
    }
    assert "mlplatform:gcp:CapacityOrder$kubernetes:cloud.google.com/v1:ComputeClass" in order.urn
    assert {p.urn for p in _pools(built).values()} <= set(order.dependencies)
    assert "mlplatform-k8s" in order.provider  # the cluster's Kubernetes provider


def test_the_pools_pods_select_the_class_and_tolerate_every_tier() -> None:
    plan = make_plan(nodePools=[RESERVED_FIRST])
    scheduling = plan_scheduling(plan)["a100"]
    assert dict(scheduling.node_selector) == {
        "mlplatform.io/pool": "a100", "mlplatform.io/accelerator": "nvidia-a100-80gb", CLASS_LABEL: "mlplatform-a100"}
    assert [dict(t) for t in scheduling.tolerations] == [
        {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
        {"key": CLASS_LABEL, "operator": "Exists", "effect": "NoSchedule"},
    ]


def test_a_single_tier_builds_one_pool_and_no_class(render: Callable[[ClusterPlan], Rendered]) -> None:
    built = render(make_plan(nodePools=[{**A100, "capacity": "spot"}]))
    [pool] = _pools(built).values()
    assert CLASS_LABEL not in pool.inputs["nodeConfig"]["labels"]
    assert pool.inputs["nodeConfig"]["taints"] == [GPU_TAINT]
    assert built.inventory.of_type(COMPUTE_CLASS) == []


@pytest.mark.parametrize(
    ("pool", "message"),
    [
        ({**A100, "capacity": []}, "nodePools[0].capacity: is an empty list"),
        ({**A100, "capacity": ["spot", "on-demand", "spot"]}, "nodePools[0].capacity: names spot more than once"),
        ({**A100, "capacity": ["spot", "on-demand"], "reservation": "a100-res"},
         "nodePools[0].reservation: a reservation is only consumed by capacity: reserved"),
        ({**A100, "capacity": ["reserved", "on-demand"], "reservation": "projects/x/reservations/r",
          "reservationZone": "us-central1-c"}, "nodePools[0].reservation: 'projects/x/reservations/r' is not usable"),
        ({"name": "v5p", "accelerator": "tpu-v5p", "topology": "2x2x2", "capacity": ["spot", "on-demand"]},
         "nodePools[0].capacity: a multi-host 2x2x2 TPU slice is one atomic unit"),
        ({**A100, "name": "a" * 31, "capacity": ["spot", "on-demand"]},
         f"nodePools[0].capacity: the on-demand tier is the gcp pool '{'a' * 31}-on-demand', which breaks gcp's rule"),
        ({**A100, "capacity": ["spot", "on-demand"]}, "another pool already names"),
    ],
)
def test_invalid_preference_lists_are_rejected_before_anything_registers(pool: dict[str, Any], message: str) -> None:
    pools = [pool, {**A100, "name": "a100-on-demand"}] if message == "another pool already names" else [pool]
    with pytest.raises(BlueprintError) as caught:
        make_plan(nodePools=pools)
    assert message in str(caught.value)


def test_spot_on_the_system_pool_is_rejected() -> None:
    with pytest.raises(BlueprintError, match="cluster.systemPool.capacity: 'spot' is not allowed"):
        make_plan(cluster={**BASE["cluster"], "systemPool": {"capacity": "spot"}})


def test_cost_notes_every_tier_at_full_scale() -> None:
    line = next(ln for ln in estimate(make_plan(nodePools=[RESERVED_FIRST]), today=date(2026, 11, 30)).lines
                if ln.pool == "a100")
    [note] = [n for n in line.notes if n.startswith("preference ")]
    assert note.startswith("preference reserved > spot > on-demand; at full scale: reserved $")
    assert ", spot $" in note and ", on-demand $" in note


def test_tpu_v5p_draws_its_own_quota_ids_per_tier() -> None:
    """v5p has its own Compute Engine quota pair, not a tpu_family of TPUS-PER-TPU-FAMILY-per-project-region
    (see GCP_TPU_V5P_QUOTAS: unverified against a Google page, confirmed by `gcloud beta quotas info list`)."""
    [shape] = catalog.accelerator_shapes(Cloud.GCP, Accelerator.TPU_V5P, 4)
    [on_demand] = quota_draws(shape, Capacity.ON_DEMAND)
    [spot] = quota_draws(shape, Capacity.SPOT)
    assert (on_demand.quota.key, on_demand.per_node) == ("TPU-V5P-per-project-region", 4)
    assert (spot.quota.key, spot.per_node) == ("PREEMPTIBLE-TPU-V5P-per-project-region", 4)
    assert quota_draws(shape, Capacity.RESERVED) == ()
