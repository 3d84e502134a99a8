"""The same blueprint planned for each cloud yields the same pools: accelerators, sizes, capacity, scheduling."""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.handle import plan_scheduling
from components.plan import ClusterPlan, plan_platform
from components.spec import Capacity, Cloud, load_blueprint
from tests.blueprints import ADMINS

REGION = {Cloud.AWS: "us-east-1", Cloud.GCP: "us-central1", Cloud.AZURE: "eastus"}


def blueprint(cloud: Cloud, environment: str = "dev", **pool: Any) -> dict[str, Any]:
    return {
        "cloud": cloud.value,
        "region": REGION[cloud],
        "environment": environment,
        "cluster": {"kubernetesVersion": "1.35", "systemPool": {"nodes": 3}, "admins": ADMINS[cloud.value]},
        "nodePools": [
            {"name": "t4-dev", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 4},
            {"name": "a100-train", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2, **pool},
        ],
    }


def plans(environment: str = "dev", **pool: Any) -> dict[Cloud, ClusterPlan]:
    return {c: plan_platform(load_blueprint(blueprint(c, environment, **pool))) for c in Cloud}


def neutral(plan: ClusterPlan) -> list[tuple[object, ...]]:
    return [
        (p.name, p.accelerator, p.accelerators_per_node, p.capacity, p.min_nodes, p.max_nodes, dict(p.labels))
        for p in plan.pools
    ]


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_pools_are_the_same_on_every_cloud(environment: str) -> None:
    by_cloud = plans(environment)
    assert neutral(by_cloud[Cloud.AWS]) == neutral(by_cloud[Cloud.GCP]) == neutral(by_cloud[Cloud.AZURE])
    expected = Capacity.SPOT if environment == "dev" else Capacity.ON_DEMAND
    assert {p.capacity for plan in by_cloud.values() for p in plan.pools} == {expected}


def test_gpu_counts_per_node_match_the_shapes_on_every_cloud() -> None:
    for plan in plans().values():
        for pool in plan.pools:
            assert {s.accelerator_count for s in pool.shapes} == {pool.accelerators_per_node}
            assert {s.accelerator for s in pool.shapes} == {pool.accelerator}


def test_scheduling_semantics_are_the_same_on_every_cloud() -> None:
    """A pod with the handle's selector and tolerations lands on the same pool on any cloud."""
    by_cloud = {c: plan_scheduling(p) for c, p in plans().items()}
    for scheduling in by_cloud.values():
        for name, pool in scheduling.items():
            assert pool.node_selector["mlplatform.io/pool"] == name
            assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in pool.tolerations
    assert [s.node_selector for s in by_cloud[Cloud.AWS].values()] == [
        s.node_selector for s in by_cloud[Cloud.AZURE].values()
    ]


def test_azure_spot_pools_tolerate_the_taint_aks_adds() -> None:
    azure = plan_scheduling(plans()[Cloud.AZURE])["a100-train"]
    aws = plan_scheduling(plans()[Cloud.AWS])["a100-train"]
    spot = {"key": "kubernetes.azure.com/scalesetpriority", "operator": "Exists", "effect": "NoSchedule"}
    assert spot in azure.tolerations
    assert spot not in aws.tolerations


def test_unavoidable_differences_are_listed_by_the_catalog() -> None:
    aws, gcp, azure = (catalog.traits(c) for c in (Cloud.AWS, Cloud.GCP, Cloud.AZURE))
    assert gcp.tpus and not aws.tpus and not azure.tpus
    h100 = {
        c: plan_platform(
            load_blueprint(
                {
                    **blueprint(c),
                    "nodePools": [
                        {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 1,
                         "capacity": "on-demand"}  # Azure offers no spot ND H100 v5
                    ],
                }
            )
        )
        for c in Cloud
    }
    interconnects = {c: plan.pools[0].shape.interconnect for c, plan in h100.items()}
    assert "EFA" in interconnects[Cloud.AWS]
    assert "GPUDirect-TCPX" in interconnects[Cloud.GCP]
    assert "InfiniBand" in interconnects[Cloud.AZURE]


def test_azure_pool_names_drop_dashes_and_others_keep_them() -> None:
    names = {c: [p.cloud_name for p in plan.pools] for c, plan in plans().items()}
    assert names == {
        Cloud.AWS: ["t4-dev", "a100-train"],
        Cloud.GCP: ["t4-dev", "a100-train"],
        Cloud.AZURE: ["t4dev", "a100train"],
    }


def test_pools_name_zones_only_where_the_catalog_read_them() -> None:
    by_cloud = plans()
    aws, gcp, azure = by_cloud[Cloud.AWS], by_cloud[Cloud.GCP], by_cloud[Cloud.AZURE]
    # AWS node groups need zonal subnets: the zones that offer the shape (p4de.24xlarge in us-east-1: use1-az4 and
    # use1-az6, eks_zones.AZ_OFFERINGS), every cluster zone where they all do.
    assert [p.shape.machine_type for p in aws.pools] == ["g4dn.xlarge", "p4de.24xlarge"]
    assert [p.zones for p in aws.pools] == [aws.zones, ("use1-az4",)]
    # GCP: the zones the catalog read each shape offered in (a2-ultragpu-8g: us-central1-a and -c).
    assert gcp.pools[1].zones == ("us-central1-a", "us-central1-c")
    # Azure: no zone facts for GPU sizes, so the scale sets are regional rather than pinned to guessed zones.
    assert [p.zones for p in azure.pools] == [(), ()]
