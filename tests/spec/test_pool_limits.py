"""Pools per cluster at each cloud's documented ceiling and one past it, counted as the stack creates them.

Every cloud builds one pool (EKS: managed node group) per capacity tier of each pool, plus the system pool. AWS:
default quota 30, adjustable (the blueprint declares a raised value); GCP: 1,000 node pools; Azure: 100, a hard
limit. The render side of the count (a pool per tier) is pinned by ``tests/<cloud>/test_capacity_preference.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.catalog.pool_limits import POOL_LIMITS
from components.spec import BlueprintError, Cloud, load_blueprint
from components.spec.rules_limits import pools_created
from tests.blueprints import ADMINS
from tests.spec.test_rejections import BASE, Raw, mutated

REGIONS = {Cloud.AWS: "us-east-1", Cloud.GCP: "us-central1", Cloud.AZURE: "eastus"}


def _stack(cloud: Cloud, pools: int, **pool_values: Any) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        raw.update(cloud=cloud.value, region=REGIONS[cloud])
        raw["cluster"]["admins"] = ADMINS[cloud.value]
        raw["nodePools"] = [{"name": f"t{i}", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 1,
                             **pool_values} for i in range(pools)]
        raw.pop("services", None)

    return change


def _pool_problems(raw: Raw) -> list[str]:
    try:
        load_blueprint(raw)
    except BlueprintError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_documented_figures() -> None:
    assert {c: (lim.limit, lim.adjustable) for c, lim in POOL_LIMITS.items()} == {
        Cloud.AWS: (30, True), Cloud.GCP: (1000, False), Cloud.AZURE: (100, False)}


@pytest.mark.parametrize("cloud", [Cloud.AWS, Cloud.AZURE, Cloud.GCP])
def test_at_the_limit_is_accepted_and_one_more_pool_refused(cloud: Cloud) -> None:
    limit = POOL_LIMITS[cloud].limit
    at_limit = load_blueprint(mutated(_stack(cloud, limit - 1)))  # + the system pool
    assert pools_created(at_limit) == limit
    [problem] = _pool_problems(mutated(_stack(cloud, limit)))
    assert problem.startswith(f"nodePools: {limit} pools make {limit + 1} {POOL_LIMITS[cloud].noun} with the system "
                              "pool")
    assert f"above {cloud}'s limit of {limit} per cluster ({POOL_LIMITS[cloud].source.url})" in problem


def test_aws_counts_one_group_per_capacity_tier() -> None:
    # 14 pools x 2 tiers + the system group = 29, then 30 at 14.5: 15 pools with one on a single tier.
    tiers = {"capacity": ["spot", "on-demand"]}
    raw = mutated(_stack(Cloud.AWS, 14, **tiers))
    raw["nodePools"].append({"name": "t14", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 1})
    assert pools_created(load_blueprint(raw)) == 30
    [problem] = _pool_problems(mutated(_stack(Cloud.AWS, 15, **tiers)))
    assert problem.startswith("nodePools: 15 pools make 31 EKS managed node groups with the system pool (one per "
                              "capacity tier of a preference list), above aws's limit of 30")
    assert problem.endswith("declare it as cluster.nodePoolQuota")


@pytest.mark.parametrize("cloud", [Cloud.AZURE, Cloud.GCP])
def test_gke_and_aks_count_one_pool_per_capacity_tier_too(cloud: Cloud) -> None:
    # A preference list is a pool per tier there as well (a ComputeClass / the priority expander orders them).
    limit = POOL_LIMITS[cloud].limit
    pairs = (limit - 1) // 2  # pools of two tiers that fit beside the system pool
    assert pools_created(load_blueprint(mutated(_stack(cloud, pairs, capacity=["spot", "on-demand"])))) == \
        2 * pairs + 1
    [problem] = _pool_problems(mutated(_stack(cloud, pairs + 1, capacity=["spot", "on-demand"])))
    assert f"{pairs + 1} pools make {2 * pairs + 3} {POOL_LIMITS[cloud].noun} with the system pool (one per " \
        "capacity tier of a preference list)" in problem


def test_a_raised_eks_quota_moves_the_ceiling_both_sides() -> None:
    def quota(value: int) -> Raw:
        raw = mutated(_stack(Cloud.AWS, 40))
        raw["cluster"]["nodePoolQuota"] = value
        return raw

    assert load_blueprint(quota(41)).cluster.node_pool_quota == 41
    [problem] = _pool_problems(quota(40))
    assert "41 EKS managed node groups with the system pool (one per capacity tier of a preference list), above the " \
        "declared quota of 40 per cluster" in problem


def test_a_quota_on_a_hard_limit_is_refused_at_its_path() -> None:
    raw = mutated(_stack(Cloud.AZURE, 2))
    raw["cluster"]["nodePoolQuota"] = 150
    assert _pool_problems(raw) == [
        "cluster.nodePoolQuota: 150: azure has a hard limit of 100 AKS node pools per cluster that no quota raises "
        f"({POOL_LIMITS[Cloud.AZURE].source.url}); remove nodePoolQuota"]


def test_base_is_far_below() -> None:
    assert pools_created(load_blueprint(BASE)) == 3
