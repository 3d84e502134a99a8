"""Rules on the network, the hub, declared admins, reservation zones, disk limits and the services section:
one bad input -> exactly that path and a message that says the fix (also run through the real program by
tests/engine/test_bad_input_registers_nothing.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.spec import load_blueprint
from tests.blueprints import ADMINS
from tests.spec.test_rejections import TPU_V5E, Raw, assert_reported, at, azure, gcp, mutated, pool

HUB = {"id": "tgw-0123456789abcdef0", "cidrs": ["10.100.0.0/16"]}


def reserved(zone: str | None) -> Callable[[Raw], None]:
    values: dict[str, Any] = {"capacity": "reserved", "reservation": "cr-0123456789abcdef0"}
    if zone is not None:
        values["reservationZone"] = zone
    return pool(1, **values)


def ray(*workers: dict[str, Any]) -> Callable[[Raw], None]:
    return at("services", value={"mlflow": {}, "ray": {"workers": list(workers)}})  # Ray needs MLflow's store


def prod(raw: Raw) -> None:
    raw.update(environment="prod")
    raw["cluster"]["systemPool"]["nodes"] = 3


def on_gcp_with_slice(raw: Raw) -> None:
    gcp(raw)
    raw["cluster"]["admins"] = ADMINS["gcp"]
    raw["nodePools"].append({**TPU_V5E, "name": "slice"})


CASES: list[tuple[str, Callable[[Raw], None], str, tuple[str, ...]]] = [
    ("network not private", at("network", value={"cidr": "8.8.0.0/16"}), "network.cidr", ("not a private IPv4",)),
    ("network too wide", at("network", value={"cidr": "10.0.0.0/8"}), "network.cidr", ("/8", "/16 to /20")),
    ("network too narrow", at("network", value={"cidr": "10.1.0.0/24"}), "network.cidr", ("/24", "/16 to /20")),
    ("network on the EKS service range", at("network", value={"cidr": "172.20.0.0/16"}), "network.cidr",
     ("overlaps the cluster's services range 172.20.0.0/16",)),
    ("network on the AKS pod range", lambda r: (azure(r), r["cluster"].update(admins=ADMINS["azure"]),
                                               at("network", value={"cidr": "10.240.0.0/16"})(r)),
     "network.cidr", ("pods range 10.240.0.0/12",)),
    ("hub id of another cloud", at("network", value={"hub": {**HUB, "id": "vnet-hub"}}), "network.hub.id",
     ("'vnet-hub'", "transit gateway ID")),
    ("hub id not a GCP network", lambda r: (on_gcp_with_slice(r), at("network", value={"hub": HUB})(r)),
     "network.hub.id", ("projects/",)),
    ("hub without ranges", at("network", value={"hub": {"id": HUB["id"]}}), "network.hub.cidrs",
     ("list the hub's private ranges",)),
    ("hub range inside the stack",
     at("network", value={"cidr": "10.1.0.0/16", "hub": {**HUB, "cidrs": ["10.1.8.0/24"]}}), "network.hub.cidrs[0]",
     ("overlaps the stack's network 10.1.0.0/16",)),
    ("hub range public", at("network", value={"hub": {**HUB, "cidrs": ["1.2.3.0/24"]}}), "network.hub.cidrs[0]",
     ("not a private IPv4",)),
    ("VPN range on the service range", at("cluster", "endpoint", value={"privateAccessCidrs": ["172.20.0.0/20"]}),
     "cluster.endpoint.privateAccessCidrs[0]", ("services range",)),
    ("too many API ranges on EKS",
     at("cluster", "endpoint", value={"public": True, "allowedCidrs": [f"203.0.113.{i}/32" for i in range(41)]}),
     "cluster.endpoint", ("41 ranges", "at most 40")),
    ("no admins", at("cluster", "admins", value=[]), "cluster.admins", ("at least one cluster admin", "IAM role")),
    ("admin not an ARN", at("cluster", "admins", value=["alice"]), "cluster.admins[0]",
     ("'alice'", "IAM role or user ARN")),
    ("admin of another cloud", lambda r: (gcp(r), at("cluster", "admins", value=ADMINS["aws"])(r)),
     "cluster.admins[0]", ("group:platform-admins@example.com",)),
    ("admin not an Entra object ID", lambda r: (azure(r), at("cluster", "admins", value=["Alice@corp"])(r)),
     "cluster.admins[0]", ("Entra ID object ID",)),
    ("admin twice", at("cluster", "admins", value=ADMINS["aws"] * 2), "cluster.admins[1]", ("listed twice",)),
    ("reserved pool without its zone", reserved(None), "nodePools[1].reservationZone",
     ("is required with capacity: reserved", "use1-az1")),
    ("reservation zone outside the cluster", reserved("use1-az6"), "nodePools[1].reservationZone",
     ("'use1-az6'", "not one of the cluster's zones")),
    ("reservation zone on a spot pool", pool(0, reservationZone="use1-az1"), "nodePools[0].reservationZone",
     ("applies to reserved pools only",)),
    ("OS disk above the AKS limit", lambda r: (azure(r), r["cluster"].update(admins=ADMINS["azure"]),
                                              pool(0, rootVolumeGib=3000)(r)),
     "nodePools[0].rootVolumeGib", ("3000", "at most 2048")),
    ("ray worker on no pool", ray({"pool": "h100", "maxWorkers": 1}), "services.ray.workers[0].pool",
     ("'h100' is not a pool", "a100, t4-dev")),
    ("ray worker on the system pool", ray({"pool": "system", "maxWorkers": 1}), "services.ray.workers[0].pool",
     ("system pool runs the Ray head",)),
    ("ray workers beyond the pool", ray({"pool": "a100", "maxWorkers": 3}), "services.ray.workers[0].maxWorkers",
     ("3 workers do not fit", "at most 2 (2 nodes x 1 per node)")),
    ("ray workers beyond the pool, split GPUs", ray({"pool": "a100", "maxWorkers": 9, "acceleratorsPerWorker": 2}),
     "services.ray.workers[0].maxWorkers", ("at most 8 (2 nodes x 4 per node)",)),
    ("ray worker GPUs not a divisor", ray({"pool": "a100", "maxWorkers": 1, "acceleratorsPerWorker": 3}),
     "services.ray.workers[0].acceleratorsPerWorker", ("3 does not divide the pool's 8",)),
    ("ray worker GPUs above the node", ray({"pool": "t4-dev", "maxWorkers": 1, "acceleratorsPerWorker": 2}),
     "services.ray.workers[0].acceleratorsPerWorker", ("2 does not divide the pool's 1",)),
    ("ray group twice on a pool", ray({"pool": "a100", "maxWorkers": 1}, {"pool": "a100", "maxWorkers": 1}),
     "services.ray.workers[1].pool", ("already has a worker group",)),
    ("ray TPU group not whole slices",
     lambda r: (on_gcp_with_slice(r), ray({"pool": "slice", "maxWorkers": 3})(r)),
     "services.ray.workers[0].maxWorkers", ("not whole slices", "4 hosts", "multiple of 4")),
    ("ray TPU worker smaller than a host",
     lambda r: (on_gcp_with_slice(r), ray({"pool": "slice", "maxWorkers": 4, "acceleratorsPerWorker": 1})(r)),
     "services.ray.workers[0].acceleratorsPerWorker", ("multi-host TPU slice", "set 4")),
    ("small database in prod", lambda r: (prod(r), at("services", value={"mlflow": {}})(r)),
     "services.mlflow.database.size", ("'small'", "medium or large in prod")),
    ("pools past EKS's node-group quota",
     at("nodePools", value=[{"name": f"t{i}", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 1}
                            for i in range(30)]),
     "nodePools", ("30 pools make 31 EKS managed node groups", "declare it as cluster.nodePoolQuota")),
    ("a quota on AKS's hard pool limit", lambda r: (azure(r), at("cluster", "nodePoolQuota", value=120)(r)),
     "cluster.nodePoolQuota", ("hard limit of 100 AKS node pools", "remove nodePoolQuota")),
]


@pytest.mark.parametrize(("change", "path", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_at_its_path(change: Callable[[Raw], None], path: str, words: tuple[str, ...]) -> None:
    assert_reported(change, path, words)


@pytest.mark.parametrize(
    "change",
    [
        at("network", value={"cidr": "10.10.0.0/16", "hub": HUB}),
        reserved("use1-az4"),
        ray({"pool": "a100", "maxWorkers": 16, "acceleratorsPerWorker": 1}, {"pool": "t4-dev", "maxWorkers": 2}),
        lambda r: (on_gcp_with_slice(r), ray({"pool": "slice", "maxWorkers": 4})(r),
                   r["services"].update(kserve={})),
        lambda r: (prod(r), at("services", value={"mlflow": {"database": {"size": "medium"}}})(r)),
    ],
    ids=["network and hub", "reserved in its zone", "ray groups that fit", "whole TPU slice", "prod database"],
)
def test_the_boundary_values_are_accepted(change: Callable[[Raw], None]) -> None:
    """Control for the cases above: at the limit each rule accepts, so the rejections are not blanket ones."""
    load_blueprint(mutated(change))
