"""Spot interruption per cloud in the plan: every spot pool's line (notice, handling, Ray worker grace), the grace
period on the Ray worker group of a spot pool, none on an on-demand pool.

What the plan cannot prove is the cloud's timing, read from its docs (the catalog's sources): EC2 gives two
minutes (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html); GKE gives pods
15 s of a 30 s graceful node shutdown
(https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms#termination_and_graceful_shutdown_of_spot_vms);
Azure's Scheduled Events announce Preempt at least 30 s ahead
(https://learn.microsoft.com/azure/virtual-machines/linux/scheduled-events) and AKS node auto-drain cordons and
drains on it by default, best effort (https://learn.microsoft.com/azure/aks/node-auto-drain, read 2026-12-07): no
resource of the stack turns it on, so nothing under mocks can show it; the test pins what `plan` says and the grace.
"""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.handle import plan_scheduling
from components.k8s.ray_cluster import ray_cluster_spec
from components.plan import ClusterPlan, interruption_lines, plan_platform, spot_pools
from components.spec import Cloud, load_blueprint
from tests.blueprints import ADMINS

REGIONS = {"aws": "us-east-1", "gcp": "us-central1", "azure": "eastus"}
POOL = {"name": "gpu", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2}
RAY = {"mlflow": {"database": {"size": "medium"}}, "ray": {"workers": [{"pool": "gpu", "maxWorkers": 2}]}}


def plan_of(cloud: str, capacity: Any, environment: str = "dev") -> ClusterPlan:
    return plan_platform(load_blueprint({
        "cloud": cloud, "region": REGIONS[cloud], "environment": environment, "tags": {"team": "ml"},
        "cluster": {"kubernetesVersion": catalog.supported_versions(Cloud(cloud))[-1], "admins": ADMINS[cloud],
                    **({"systemPool": {"nodes": 3}} if environment == "prod" else {})},
        "nodePools": [{**POOL, "capacity": capacity}],
        "services": RAY,
    }))


def worker_grace(plan: ClusterPlan) -> Any:
    assert plan.services.ray is not None
    spec = ray_cluster_spec(plan.services.ray, {p.name: p for p in plan.pools}, plan_scheduling(plan),
                            plan.system.labels)
    [group] = [g for g in spec["workerGroupSpecs"] if g["groupName"] == "gpu"]
    return group["template"]["spec"].get("terminationGracePeriodSeconds")


@pytest.mark.parametrize(
    ("cloud", "line", "grace"),
    [
        ("aws", "gpu: spot notice 120 s on aws; AWS Node Termination Handler (queue mode) cordons and drains on the "
         "interruption warning, rebalance recommendation, state change, ASG terminate lifecycle action and "
         "scheduled change; Ray worker grace 90 s", 90),
        ("gcp", "gpu: spot notice 30 s on gcp; GKE graceful node shutdown (kubelet) on the Spot VM's preemption; "
         "Ray worker grace 15 s", 15),
        ("azure", "gpu: spot notice 30 s on azure; AKS node auto-drain (default, best effort) cordons and drains on "
         "the Scheduled Events Preempt; Ray worker grace 15 s", 15),
    ],
)
def test_every_spot_pool_states_its_handling_and_ray_workers_stop_within_the_notice(
    cloud: str, line: str, grace: int
) -> None:
    plan = plan_of(cloud, "spot")
    assert [p.name for p in spot_pools(plan)] == ["gpu"]
    assert interruption_lines(plan) == (line,)
    assert worker_grace(plan) == grace


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure"])
def test_an_on_demand_pool_has_no_interruption_line_and_no_grace_override(cloud: str) -> None:
    plan = plan_of(cloud, "on-demand", "prod")
    assert spot_pools(plan) == () and interruption_lines(plan) == ()
    assert worker_grace(plan) is None


def test_a_spot_fallback_counts_on_every_cloud_since_every_cloud_builds_it() -> None:
    assert [p.name for p in spot_pools(plan_of("aws", ["on-demand", "spot"], "prod"))] == ["gpu"]
    assert worker_grace(plan_of("aws", ["on-demand", "spot"], "prod")) == 90
    for cloud in ("gcp", "azure"):  # GKE and AKS build the spot tier too (ComputeClass, priority expander)
        plan = plan_of(cloud, ["on-demand", "spot"], "prod")
        assert [p.name for p in spot_pools(plan)] == ["gpu"]
        assert worker_grace(plan) == worker_grace(plan_of(cloud, "spot"))


def test_each_clouds_notice_is_sourced_and_dated() -> None:
    for facts in catalog.SPOT_INTERRUPTION.values():
        assert facts.source.url.startswith("https://") and facts.source.as_of.year >= 2026
        assert 0 < facts.worker_grace_seconds < facts.notice_seconds
    assert catalog.SPOT_INTERRUPTION[Cloud.AZURE].handler_source is not None
    assert catalog.SPOT_INTERRUPTION[Cloud.AZURE].handler_source.url == "https://learn.microsoft.com/azure/aks/node-auto-drain"
