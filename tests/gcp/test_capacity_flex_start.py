"""GKE flex-start as a capacity tier: a node pool with `flexStart` and a 7-day `maxRunDuration`, no reservation,
location policy ANY, ordered by the pool's ComputeClass like any other tier; rejected on AWS and Azure (naming what
they offer), on TPU pools, on N1 (T4) machines, on the system pool, and as the preferred tier with minNodes > 0.
`cost` shows the tier unpriced (never $0) and preflight counts its GPUs against the preemptible quota.

What mocks cannot prove, reasoned from the sources: GKE creates flex-start nodes through Dynamic Workload Scheduler
only when pods are pending and removes each after at most seven days
(https://cloud.google.com/kubernetes-engine/docs/concepts/dws, read 2026-12-07; GKE 1.32.2-gke.1652000 or later
for GPUs, older than every minor the catalog supports); flex-start VMs exist for accelerator-optimized machine types
(A2, A3, A4, G2; not N1 with T4), are discounted for A4/A3/A2 and consume preemptible quota
(https://cloud.google.com/compute/docs/instances/about-flex-start-vms, read 2026-12-07). pulumi-gcp 10.2.0, the
pinned SDK, carries `nodeConfig.flexStart` and `nodeConfig.maxRunDuration` on `gcp:container/nodePool:NodePool`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from components import catalog
from components.catalog.quotas import quota_draws
from components.plan import ClusterPlan, capacity_degradations, spot_pools
from components.spec import BlueprintError, Capacity, Cloud, load_blueprint
from mlplatform.economics.cost import estimate
from tests.blueprints import ADMINS
from tests.gcp.conftest import BASE, Rendered, make_plan

NODE_POOL = "gcp:container/nodePool:NodePool"
COMPUTE_CLASS = "kubernetes:cloud.google.com/v1:ComputeClass"
H100 = {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2,
        "capacity": ["spot", "flex-start", "on-demand"]}


def _pools(built: Rendered) -> dict[str, Any]:
    return {r.inputs["name"]: r.inputs for r in built.inventory.of_type(NODE_POOL) if r.inputs["name"] != "system"}


def test_the_flex_start_tier_is_a_flex_start_node_pool_in_the_class_order(
    render: Callable[[ClusterPlan], Rendered],
) -> None:
    built = render(make_plan(nodePools=[H100]))
    pools = _pools(built)
    assert sorted(pools) == ["h100", "h100-flex-start", "h100-on-demand"]
    flex = pools["h100-flex-start"]
    assert flex["nodeConfig"]["flexStart"] is True
    assert flex["nodeConfig"]["maxRunDuration"] == "604800s"
    assert flex["nodeConfig"]["spot"] is False
    assert flex["nodeConfig"]["reservationAffinity"] == {"consumeReservationType": "NO_RESERVATION"}
    assert flex["nodeConfig"]["machineType"] == "a3-highgpu-8g"
    assert flex["autoscaling"] == {"totalMinNodeCount": 0, "totalMaxNodeCount": 2, "locationPolicy": "ANY"}
    assert flex["nodeConfig"]["labels"]["mlplatform.io/capacity"] == "flex-start"
    for other in ("h100", "h100-on-demand"):
        assert "flexStart" not in pools[other]["nodeConfig"] and "maxRunDuration" not in pools[other]["nodeConfig"]
    [order] = built.inventory.of_type(COMPUTE_CLASS)
    assert order.inputs["spec"]["priorities"] == [
        {"nodepools": ["h100"]}, {"nodepools": ["h100-flex-start"]}, {"nodepools": ["h100-on-demand"]}]
    assert order.inputs["spec"]["description"] == "mlplatform pool h100: capacity spot > flex-start > on-demand"


def test_plan_states_the_wait_and_the_seven_day_limit_and_flex_start_is_not_spot() -> None:
    plan = make_plan(nodePools=[{**H100, "capacity": ["flex-start", "on-demand"]}])
    assert capacity_degradations(plan) == (
        "h100: flex-start waits until GKE finds GPU capacity (the autoscaler falls back to the next tier meanwhile) "
        "and each node runs at most 7 days before GKE removes it, so checkpoint and expect the pods to move; billed "
        "at Dynamic Workload Scheduler prices, draws on the preemptible GPU quota",)
    assert spot_pools(plan) == ()


def test_cost_shows_flex_start_unpriced_and_preflight_counts_preemptible_gpus() -> None:
    plan = make_plan(nodePools=[{**H100, "capacity": ["flex-start", "on-demand"]}])
    line = next(ln for ln in estimate(plan, today=date(2026, 11, 30)).lines if ln.pool == "h100")
    assert line.capacity is Capacity.FLEX_START and line.usd_per_node_hour is None
    assert line.notes[0].startswith("flex-start is unpriced: GKE bills flex-start VMs at Dynamic Workload Scheduler")
    assert line.notes[1] == "preference flex-start > on-demand; at full scale: flex-start n/a, on-demand $176.98/h"
    [draw] = quota_draws(plan.pools[0].shape, Capacity.FLEX_START)
    assert (draw.quota.key, draw.per_node) == ("PREEMPTIBLE_NVIDIA_H100_GPUS", 8)


def _problems(cloud: str, region: str, pool: dict[str, Any], **cluster: Any) -> list[str]:
    raw = {**BASE, "cloud": cloud, "region": region, "nodePools": [pool],
           "cluster": {"kubernetesVersion": catalog.supported_versions(Cloud(cloud))[-1], "admins": ADMINS[cloud],
                       **cluster}}
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(raw)
    return str(caught.value).splitlines()[1:]


@pytest.mark.parametrize(
    ("cloud", "region", "pool", "line"),
    [
        ("aws", "us-east-1", H100,
         "  nodePools[0].capacity: flex-start is GKE's Dynamic Workload Scheduler provisioning; AWS offers spot, "
         "on-demand, reserved (an On-Demand Capacity Reservation) and capacity-block (a Capacity Block for ML, AWS's "
         "time-boxed GPU capacity): remove flex-start from the list"),
        ("azure", "eastus", {**H100, "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 1},
         "  nodePools[0].capacity: flex-start is GKE's Dynamic Workload Scheduler provisioning; Azure offers spot, "
         "on-demand and reserved (a capacity reservation group): remove flex-start from the list"),
        ("gcp", "us-central1", {**H100, "accelerator": "nvidia-t4", "acceleratorsPerNode": 1},
         "  nodePools[0].capacity: GKE offers no flex-start for n1-standard-4; it is offered on the "
         "accelerator-optimized series a2, a3, a4, g2 (A100, H100, L4): change the accelerator, or the tier"),
        ("gcp", "us-central1", {"name": "v5e", "accelerator": "tpu-v5e", "topology": "2x2", "maxNodes": 1,
                                "capacity": "flex-start"},
         "  nodePools[0].capacity: flex-start is offered here for GPU pools only (GKE offers TPU flex-start for "
         "v5e/v6e in a few zones, which the blueprint does not model); use spot, on-demand or reserved"),
        ("gcp", "us-central1", {**H100, "capacity": ["flex-start", "on-demand"], "minNodes": 1},
         "  nodePools[0].minNodes: 1 cannot be kept with flex-start: GKE creates flex-start nodes only for pending "
         "pods and removes each after at most 7 days; use 0"),
    ],
)
def test_flex_start_where_gke_does_not_offer_it_is_rejected(
    cloud: str, region: str, pool: dict[str, Any], line: str
) -> None:
    assert _problems(cloud, region, pool) == [line]


def test_flex_start_on_the_system_pool_is_rejected() -> None:
    assert _problems("gcp", "us-central1", H100, systemPool={"capacity": "flex-start"}) == [
        "  cluster.systemPool.capacity: 'flex-start' is not allowed; a flex-start node waits for capacity and is "
        "removed after at most 7 days, and the system pool must always run: use on-demand (or reserved)"]


@pytest.mark.parametrize(("accelerator", "per_node"), [("nvidia-l4", 1), ("nvidia-a100-40gb", 8),
                                                       ("nvidia-a100-80gb", 4)])
def test_flex_start_as_a_later_tier_with_a_kept_minimum_passes(accelerator: str, per_node: int) -> None:
    plan = make_plan(nodePools=[{**H100, "accelerator": accelerator, "acceleratorsPerNode": per_node,
                                 "capacity": ["on-demand", "flex-start"], "minNodes": 1}])
    assert plan.pools[0].tiers == (Capacity.ON_DEMAND, Capacity.FLEX_START)
    assert plan.pools[0].alternates[0].min_nodes == 0
