"""Planning decisions that are the same on every cloud: zones, TPU slices, tags, protection."""

from __future__ import annotations

from typing import Any

from components.plan import TAG_ENVIRONMENT, TAG_PLATFORM, plan_platform
from components.spec import load_blueprint
from tests.blueprints import ADMINS


def gcp(*pools: dict[str, Any], environment: str = "dev", **cluster: Any) -> dict[str, Any]:
    return {
        "cloud": "gcp",
        "region": "us-central1",
        "environment": environment,
        "tags": {"team": "ml"},
        "cluster": {"kubernetesVersion": "1.35", "systemPool": {"nodes": 3}, "admins": ADMINS["gcp"], **cluster},
        "nodePools": list(pools),
    }


def test_multi_host_tpu_slice_derives_its_size_and_stays_in_one_zone() -> None:
    plan = plan_platform(load_blueprint(gcp({"name": "v5e", "accelerator": "tpu-v5e", "topology": "4x4"})))
    [pool] = plan.pools
    assert pool.tpu is not None and pool.tpu.multi_host
    assert (pool.min_nodes, pool.max_nodes) == (0, 4)
    assert pool.accelerators_per_node == 4
    assert pool.shape.machine_type == "ct5lp-hightpu-4t"
    assert len(pool.zones) == 1
    assert pool.node_selector["cloud.google.com/gke-tpu-topology"] == "4x4"


def test_single_host_tpu_uses_the_blueprint_bounds() -> None:
    plan = plan_platform(
        load_blueprint(gcp({"name": "v5e", "accelerator": "tpu-v5e", "topology": "2x4", "maxNodes": 3}))
    )
    [pool] = plan.pools
    assert (pool.min_nodes, pool.max_nodes, pool.accelerators_per_node) == (0, 3, 8)
    assert pool.shape.machine_type == "ct5lp-hightpu-8t"


def test_zonal_cluster_keeps_everything_in_one_zone() -> None:
    plan = plan_platform(
        load_blueprint(
            gcp(
                {"name": "t4", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 1},
                availability="zonal",
            )
        )
    )
    assert len(plan.zones) == 1
    assert plan.pools[0].zones == plan.zones


def test_platform_tags_are_added_and_prod_is_protected() -> None:
    dev = plan_platform(load_blueprint(gcp()))
    prod = plan_platform(load_blueprint(gcp(environment="prod")))
    assert dev.tags[TAG_ENVIRONMENT] == "dev" and dev.tags[TAG_PLATFORM] == "mlplatform"
    assert dev.tags["team"] == "ml"
    assert (dev.protect, prod.protect) == (False, True)
    assert dev.name == "mlplatform-dev"


def test_pools_use_only_the_cluster_zones_that_offer_their_shape() -> None:
    plan = plan_platform(load_blueprint(gcp({"name": "v6e", "accelerator": "tpu-v6e", "topology": "2x4",
                                             "maxNodes": 1})))
    assert plan.zones == ("us-central1-a", "us-central1-b", "us-central1-c")
    assert plan.pools[0].zones == ("us-central1-b",)  # v6e is open in us-central1-b only (c: reservations)
