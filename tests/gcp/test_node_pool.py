"""AcceleratorPool under mocks: GPU, single-host TPU and multi-host TPU pools, spot vs reserved vs on-demand."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pulumi
import pytest

from components.catalog import shapes_gcp
from components.catalog.gke_local_ssd import BUNDLED_LOCAL_SSD, NOT_BUNDLED
from components.gcp.node_pool import AcceleratorPool, AcceleratorPoolArgs, local_ssd, per_zone
from components.plan import ClusterPlan
from mlplatform.engine.inventory import Inventory, Registration
from tests.blueprints import ADMINS

Run = Callable[[Callable[[], Mapping[str, Any]]], dict[str, Any]]
PlanOf = Callable[..., ClusterPlan]

NODE_POOL = "gcp:container/nodePool:NodePool"
SA = "nodes@mlplatform-mock.iam.gserviceaccount.com"
ZONES = ["us-central1-a", "us-central1-b", "us-central1-c"]
TAGS = {
    "team": "ml",
    "mlplatform-environment": "dev",
    "mlplatform-managed-by": "pulumi",
    "mlplatform-platform": "mlplatform",
}
LATEST_DRIVER = {"gpuDriverVersion": "LATEST"}
CONTROL_PLANE = "1.35.4-gke.1100000"
SHARED = {
    "serviceAccount": SA,
    "oauthScopes": ["https://www.googleapis.com/auth/cloud-platform"],
    "workloadMetadataConfig": {"mode": "GKE_METADATA"},
    "shieldedInstanceConfig": {"enableSecureBoot": True, "enableIntegrityMonitoring": True},
    "imageType": "COS_CONTAINERD",
    "resourceLabels": TAGS,
}


def pools_of(plan: ClusterPlan, run: Run, mocks: Inventory) -> tuple[dict[str, Registration], dict[str, Any]]:
    """Build every pool of ``plan`` as the cloud folder would; return node pools by logical name, and pool names."""

    def program() -> dict[str, pulumi.Output[str]]:
        built = {
            pool.name: AcceleratorPool(
                f"mlplatform-{pool.name}",
                AcceleratorPoolArgs(
                    pool=pool, cluster="mlplatform-dev", location="us-central1", service_account=SA,
                    version=CONTROL_PLANE, tags=plan.tags,
                ),
            )
            for pool in plan.pools
        }
        return {name: p.pool_name for name, p in built.items()}

    names = run(program)
    components = {r.urn: r for r in mocks.of_type("mlplatform:gcp:AcceleratorPool")}
    node_pools = {}
    for reg in mocks.of_type(NODE_POOL):
        assert components[reg.parent].name == reg.name, "each node pool is the primary child of its component"
        node_pools[reg.name] = reg
    assert len(node_pools) == len(components) == len(plan.pools)
    return node_pools, names


def test_dev_pools_gpu_and_tpu_are_spot_tainted_labelled_and_scale_from_zero(
    mocks: Inventory, run: Run, plan_of: PlanOf
) -> None:
    plan = plan_of(nodePools=[
        {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2},
        {"name": "v5e", "accelerator": "tpu-v5e", "topology": "2x4", "minNodes": 1, "maxNodes": 3},
        {"name": "v5p", "accelerator": "tpu-v5p", "topology": "2x2x4"},
        {"name": "v6e", "accelerator": "tpu-v6e", "topology": "4x4", "minNodes": 4},
    ])
    pools, names = pools_of(plan, run, mocks)
    assert names == {"h100": "h100", "v5e": "v5e", "v5p": "v5p", "v6e": "v6e"}

    gpu = pools["mlplatform-h100"].inputs
    assert gpu == {
        "name": "h100",
        "cluster": "mlplatform-dev",
        "location": "us-central1",
        "nodeLocations": ZONES,
        "initialNodeCount": 0.0,
        # The pool runs the control plane's version: raising kubernetesVersion upgrades it in the same run.
        "version": CONTROL_PLANE,
        "autoscaling": {"totalMinNodeCount": 0.0, "totalMaxNodeCount": 2.0, "locationPolicy": "ANY"},
        "management": {"autoRepair": True, "autoUpgrade": True},
        "upgradeSettings": {"strategy": "SURGE", "maxSurge": 0.0, "maxUnavailable": 1.0},
        "nodeConfig": {
            **SHARED,
            "machineType": "a3-highgpu-8g",
            # A3 High bundles 16 Local SSDs; GKE reads them back, so an unset count would replace the pool.
            "ephemeralStorageLocalSsdConfig": {"localSsdCount": 16.0},
            "guestAccelerators": [
                {"type": "nvidia-h100-80gb", "count": 8.0, "gpuDriverInstallationConfig": LATEST_DRIVER}
            ],
            "gvnic": {"enabled": True},
            "spot": True,
            "reservationAffinity": {"consumeReservationType": "NO_RESERVATION"},
            "labels": {
                "mlplatform.io/accelerator": "nvidia-h100-80gb",
                "mlplatform.io/capacity": "spot",
                "mlplatform.io/pool": "h100",
            },
            # Exactly the taint GKE itself puts on GPU nodes: nothing conflicting is declared.
            "taints": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}],
            "diskSizeGb": 200.0,
            "diskType": "pd-balanced",
        },
    }
    assert "preemptible" not in gpu["nodeConfig"]
    for reg in pools.values():  # GKE sets its own cloud.google.com/* labels (TPU type/topology, spot)
        assert not any(key.startswith("cloud.google.com/") for key in reg.inputs["nodeConfig"]["labels"])

    single = pools["mlplatform-v5e"].inputs
    assert "placementPolicy" not in single
    assert "guestAccelerators" not in single["nodeConfig"]
    assert single["nodeConfig"]["machineType"] == "ct5lp-hightpu-8t"
    assert single["nodeConfig"]["taints"] == [{"key": "google.com/tpu", "value": "present", "effect": "NO_SCHEDULE"}]
    assert single["nodeConfig"]["spot"] is True
    assert single["autoscaling"] == {"totalMinNodeCount": 1.0, "totalMaxNodeCount": 3.0, "locationPolicy": "ANY"}
    assert single["initialNodeCount"] == 1.0  # per zone; the pool's zones are those offering the machine type
    assert single["nodeLocations"] == [z for z in ZONES if z in single["nodeLocations"]]

    multi = pools["mlplatform-v5p"].inputs
    assert multi["placementPolicy"] == {"type": "COMPACT", "tpuTopology": "2x2x4"}
    [v5p_zone] = plan.pools[2].zones
    assert multi["nodeLocations"] == [v5p_zone]
    # A 2x2x4 slice is 16 chips on 4 hosts of 4 chips: all 4 nodes or none.
    assert multi["autoscaling"] == {"minNodeCount": 0.0, "maxNodeCount": 4.0, "locationPolicy": "ANY"}
    assert multi["initialNodeCount"] == 0.0
    assert multi["nodeConfig"]["machineType"] == "ct5p-hightpu-4t"
    assert multi["nodeConfig"]["labels"]["mlplatform.io/accelerator"] == "tpu-v5p"
    assert "guestAccelerators" not in multi["nodeConfig"]

    always_on = pools["mlplatform-v6e"].inputs
    assert always_on["placementPolicy"] == {"type": "COMPACT", "tpuTopology": "4x4"}
    assert always_on["autoscaling"] == {"minNodeCount": 4.0, "maxNodeCount": 4.0, "locationPolicy": "ANY"}
    assert always_on["initialNodeCount"] == 4.0
    [v6e_zone] = plan.pools[3].zones  # the first cluster zone that offers ct6e: one zone, one placement
    assert always_on["nodeLocations"] == [v6e_zone]
    assert always_on["nodeConfig"]["machineType"] == "ct6e-standard-4t"
    assert always_on["nodeConfig"]["diskType"] == "hyperdisk-balanced"
    for reg in pools.values():  # no spare 8-GPU node or TPU slice is needed to upgrade
        assert reg.inputs["upgradeSettings"] == {"strategy": "SURGE", "maxSurge": 0.0, "maxUnavailable": 1.0}
    for tpu in ("mlplatform-v5e", "mlplatform-v5p", "mlplatform-v6e"):
        assert "ephemeralStorageLocalSsdConfig" not in pools[tpu].inputs["nodeConfig"]


def test_prod_pools_reserved_consume_the_named_reservation_on_demand_balance(
    mocks: Inventory, run: Run, plan_of: PlanOf
) -> None:
    plan = plan_of(
        environment="prod",
        cluster={
            "kubernetesVersion": plan_of().kubernetes_version, "systemPool": {"nodes": 3}, "admins": ADMINS["gcp"]
        },
        nodePools=[
            {
                "name": "a100",
                "accelerator": "nvidia-a100-80gb",
                "acceleratorsPerNode": 8,
                "capacity": "reserved",
                "reservation": "a100-res",
                "reservationZone": "us-central1-a",
                "minNodes": 2,
                "maxNodes": 4,
            },
            {"name": "l4", "accelerator": "nvidia-l4", "acceleratorsPerNode": 1, "maxNodes": 5},
            {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2},
        ],
    )
    pools, _ = pools_of(plan, run, mocks)
    # On-demand 8-GPU machines are scarce in every zone: ANY takes the zone that has them instead of insisting on
    # balance (https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#location_policy).
    assert pools["mlplatform-h100"].inputs["autoscaling"]["locationPolicy"] == "ANY"
    assert pools["mlplatform-h100"].inputs["nodeConfig"]["spot"] is False

    reserved = pools["mlplatform-a100"].inputs
    assert reserved["nodeConfig"]["reservationAffinity"] == {
        "consumeReservationType": "SPECIFIC_RESERVATION",
        "key": "compute.googleapis.com/reservation-name",
        "values": ["a100-res"],
    }
    assert reserved["nodeConfig"]["spot"] is False
    assert reserved["nodeConfig"]["labels"]["mlplatform.io/capacity"] == "reserved"
    assert reserved["autoscaling"] == {"totalMinNodeCount": 2.0, "totalMaxNodeCount": 4.0, "locationPolicy": "ANY"}
    assert reserved["nodeLocations"] == ["us-central1-a"]  # the reservation's zone only
    assert reserved["initialNodeCount"] == 2.0
    assert "gvnic" not in reserved["nodeConfig"]
    assert reserved["nodeConfig"]["ephemeralStorageLocalSsdConfig"] == {"localSsdCount": 8.0}  # A2 Ultra 8g

    on_demand = pools["mlplatform-l4"].inputs
    assert on_demand["nodeConfig"]["spot"] is False
    assert "reservationAffinity" not in on_demand["nodeConfig"]
    assert on_demand["autoscaling"] == {
        "totalMinNodeCount": 0.0,
        "totalMaxNodeCount": 5.0,
        "locationPolicy": "BALANCED",
    }
    assert on_demand["nodeConfig"]["guestAccelerators"][0]["type"] == "nvidia-l4"
    assert "ephemeralStorageLocalSsdConfig" not in on_demand["nodeConfig"]  # G2: Local SSD optional, none bundled
    assert on_demand["nodeConfig"]["resourceLabels"]["mlplatform-environment"] == "prod"


@pytest.mark.parametrize(
    ("total", "zones", "expected"), [(0, 3, 0), (1, 3, 1), (2, 3, 1), (3, 3, 1), (4, 3, 2), (4, 1, 4)]
)
def test_per_zone_counts_reach_the_total(total: int, zones: int, expected: int) -> None:
    assert per_zone(total, zones) == expected
    assert per_zone(total, zones) * zones >= total


def test_every_gcp_shape_is_classified_for_bundled_local_ssd_read_back() -> None:
    """Create-only read-back: GKE reports a bundled machine type's Local SSDs in
    nodeConfig.ephemeralStorageLocalSsdConfig.localSsdCount (create-only), so a pool that leaves it unset is
    replaced on every `up` (cluster-toolkit#2968; Compute Engine accelerator-optimized machine table). Every
    GCP shape must be either a bundled row (the count is sent) or a series read as not bundled (nothing is read
    back); a new shape row fails here until someone reads its machine table."""
    machine_types = {s.machine_type for shapes in shapes_gcp.ACCELERATOR.values() for s in shapes}
    machine_types |= {s.machine_type for s in shapes_gcp.SYSTEM.values()}
    for machine_type in sorted(machine_types):
        bundled = machine_type in BUNDLED_LOCAL_SSD
        not_bundled = machine_type.startswith(NOT_BUNDLED)
        assert bundled != not_bundled, f"{machine_type}: classify it in components/catalog/gke_local_ssd.py"
        config = local_ssd(machine_type)
        if bundled:
            assert config is not None and config.local_ssd_count == BUNDLED_LOCAL_SSD[machine_type].count
        else:
            assert config is None
    assert {m: r.count for m, r in BUNDLED_LOCAL_SSD.items()} == {
        "a3-highgpu-8g": 16,
        "a2-ultragpu-1g": 1,
        "a2-ultragpu-2g": 2,
        "a2-ultragpu-4g": 4,
        "a2-ultragpu-8g": 8,
    }
