"""Every rule the blueprint enforces: one bad input -> exactly that path and a message that says the fix."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from components.spec import BlueprintError, load_blueprint
from tests.blueprints import ADMINS

Raw = dict[str, Any]

BASE: Raw = {
    "cloud": "aws",
    "region": "us-east-1",
    "environment": "dev",
    "tags": {"team": "ml-platform"},
    "cluster": {"kubernetesVersion": "1.35", "systemPool": {"size": "medium", "nodes": 2}, "admins": ADMINS["aws"]},
    "nodePools": [
        {"name": "t4-dev", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 2},
        {"name": "a100", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2},
    ],
}


def mutated(change: Callable[[Raw], None], base: Raw = BASE) -> Raw:
    raw = copy.deepcopy(base)
    change(raw)
    return raw


def pool(i: int, **values: Any) -> Callable[[Raw], None]:
    return lambda raw: raw["nodePools"][i].update(values)


def at(*keys: str | int, value: Any) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        target = raw
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def gcp(raw: Raw) -> None:
    raw.update(cloud="gcp", region="us-central1")


def azure(raw: Raw) -> None:
    raw.update(cloud="azure", region="eastus")


TPU_V5E = {"name": "tpu", "accelerator": "tpu-v5e", "topology": "4x4"}

# (id, blueprint change, path, words the message must hold)
CASES: list[tuple[str, Callable[[Raw], None], str, tuple[str, ...]]] = [
    ("pool name not DNS-1123", pool(0, name="T4_Dev"), "nodePools[0].name", ("'T4_Dev'", "DNS-1123")),
    ("pool name too long", pool(0, name="a" * 64), "nodePools[0].name", ("at most 63",)),
    (
        "pool name too long for AKS",
        lambda raw: (raw.update(cloud="azure", region="eastus"), pool(0, name="gpu-pool-number-1")(raw)),
        "nodePools[0].name",
        ("'gpupoolnumber1'", "breaks azure's rule"),
    ),
    ("pool named like the system pool", pool(0, name="system"), "nodePools[0].name", ("system pool's name",)),
    ("duplicate pool name", pool(1, name="t4-dev"), "nodePools[1].name", ("clashes with nodePools[0]",)),
    ("platform name", at("name", value="ML"), "name", ("'ML'", "DNS-1123")),
    (
        "version not MAJOR.MINOR",
        at("cluster", "kubernetesVersion", value="1.35.2"),
        "cluster.kubernetesVersion",
        ("'1.35.2'", "MAJOR.MINOR"),
    ),
    (
        "version unsupported",
        at("cluster", "kubernetesVersion", value="1.20"),
        "cluster.kubernetesVersion",
        ("'1.20'", "one of"),
    ),
    ("min above max", pool(0, minNodes=3, maxNodes=2), "nodePools[0].minNodes", ("3 is larger than maxNodes (2)",)),
    ("max below one", pool(0, maxNodes=0), "nodePools[0].maxNodes", ("0 is too small", "maxNodes >= 1")),
    ("max missing", lambda raw: raw["nodePools"][0].pop("maxNodes"), "nodePools[0].maxNodes", ("is required",)),
    ("negative size", pool(0, minNodes=-1), "nodePools[0].minNodes", ("-1", "greater than or equal to 0")),
    ("fractional size", pool(0, maxNodes=1.5), "nodePools[0].maxNodes", ("1.5", "fractional")),
    (
        "unknown accelerator",
        pool(0, accelerator="nvidia-h900"),
        "nodePools[0].accelerator",
        ("'nvidia-h900' is unknown", "nvidia-h100-80gb"),
    ),
    (
        "GPU count not offered",
        pool(1, acceleratorsPerNode=3),
        "nodePools[1].acceleratorsPerNode",
        ("3 x nvidia-a100-80gb", "offered: x8"),
    ),
    (
        "L4 not on Azure",
        lambda raw: (raw.update(cloud="azure", region="eastus"), raw["nodePools"][0].update(accelerator="nvidia-l4")),
        "nodePools[0].accelerator",
        ("not offered on azure", "nvidia-t4"),
    ),
    (
        "spot system pool",
        at("cluster", "systemPool", "capacity", value="spot"),
        "cluster.systemPool.capacity",
        ("'spot' is not allowed", "on-demand"),
    ),
    (
        "TPU on AWS",
        lambda raw: raw["nodePools"].append(dict(TPU_V5E)),
        "nodePools[2].accelerator",
        ("TPUs are only offered on gcp", "nvidia-h100-80gb x8"),
    ),
    (
        "TPU topology of another generation",
        lambda raw: (gcp(raw), raw["nodePools"].append({**TPU_V5E, "topology": "2x2x2"})),
        "nodePools[2].topology",
        ("'2x2x2' is not a tpu-v5e topology", "4x4"),
    ),
    (
        "TPU without topology",
        lambda raw: (gcp(raw), raw["nodePools"].append({"name": "tpu", "accelerator": "tpu-v5e", "maxNodes": 1})),
        "nodePools[2].topology",
        ("is required",),
    ),
    (
        "multi-host min not atomic",
        lambda raw: (gcp(raw), raw["nodePools"].append({**TPU_V5E, "minNodes": 2})),
        "nodePools[2].minNodes",
        ("scales atomically", "use 0"),
    ),
    (
        "multi-host max not the slice",
        lambda raw: (gcp(raw), raw["nodePools"].append({**TPU_V5E, "maxNodes": 8})),
        "nodePools[2].maxNodes",
        ("exactly 4 hosts",),
    ),
    ("topology on a GPU pool", pool(0, topology="2x2"), "nodePools[0].topology", ("TPU pools only",)),
    (
        "spot plus reservation",
        pool(1, capacity="spot", reservation="cr-0123"),
        "nodePools[1].reservation",
        ("only consumed by capacity: reserved",),
    ),
    (
        "AWS reservation is not a capacity reservation ID",
        pool(1, capacity="reserved", reservation="my-reservation"),
        "nodePools[1].reservation",
        ("'my-reservation' is not usable on aws", "cr-0123456789abcdef0"),
    ),
    (
        "Azure reservation is not a capacity reservation group ID",
        lambda raw: (azure(raw), pool(1, capacity="reserved", reservation="cr-0123456789abcdef0")(raw)),
        "nodePools[1].reservation",
        ("is not usable on azure", "capacityReservationGroups"),
    ),
    ("reserved without reservation", pool(1, capacity="reserved"), "nodePools[1].reservation", ("is required",)),
    (
        "spot price with 6 decimals",
        lambda raw: (azure(raw), pool(0, spotMaxPrice=0.123456)(raw)),
        "nodePools[0].spotMaxPrice",
        ("more than 5 decimal places",),
    ),
    (
        "spot price below -1",
        lambda raw: (azure(raw), pool(0, spotMaxPrice=-2)(raw)),
        "nodePools[0].spotMaxPrice",
        ("-2", "use -1"),
    ),
    ("spot price cap on AWS", pool(0, spotMaxPrice=0.5), "nodePools[0].spotMaxPrice", ("cannot be enforced",)),
    (
        "spot price cap on GCP",
        lambda raw: (gcp(raw), pool(0, spotMaxPrice=0.5)(raw)),
        "nodePools[0].spotMaxPrice",
        ("no maximum price",),
    ),
    (
        "spot price on on-demand",
        pool(0, capacity="on-demand", spotMaxPrice=1.0),
        "nodePools[0].spotMaxPrice",
        ("spot pools only",),
    ),
    ("region not in catalog", at("region", value="mars-1"), "region", ("mars-1",)),
    (
        "shape not in region",
        lambda raw: raw.update(cloud="gcp", region="us-west4"),
        "nodePools[1].accelerator",
        ("a2-ultragpu-8g (nvidia-a100-80gb x8) is not offered in us-west4", "us-central1"),
    ),
    (
        "shape not in the zonal cluster's zone",
        lambda raw: (raw.update(cloud="gcp", region="us-east4"), raw["cluster"].update(availability="zonal")),
        "nodePools[1].accelerator",
        ("a2-ultragpu-8g (nvidia-a100-80gb x8) is not offered in the cluster's zones (us-east4-a)", "us-east4-c"),
    ),
    (
        "private access from a public range",
        at("cluster", "endpoint", value={"privateAccessCidrs": ["203.0.113.0/24"]}),
        "cluster.endpoint.privateAccessCidrs[0]",
        ("'203.0.113.0/24' is not a private IPv4 range",),
    ),
    (
        "private access CIDRs on Azure",
        lambda raw: (azure(raw), at("cluster", "endpoint", value={"privateAccessCidrs": ["10.20.0.0/16"]})(raw)),
        "cluster.endpoint.privateAccessCidrs",
        ("AKS private clusters have no IP allowlist", "declare your network as network.hub"),
    ),
    (
        "public endpoint without CIDRs",
        at("cluster", "endpoint", value={"public": True}),
        "cluster.endpoint.allowedCidrs",
        ("needs an allowlist",),
    ),
    (
        "public endpoint open to the world",
        at("cluster", "endpoint", value={"public": True, "allowedCidrs": ["0.0.0.0/0"]}),
        "cluster.endpoint.allowedCidrs[0]",
        ("'0.0.0.0/0'", "whole internet"),
    ),
    (
        "public endpoint ::/0",
        at("cluster", "endpoint", value={"public": True, "allowedCidrs": ["::/0"]}),
        "cluster.endpoint.allowedCidrs[0]",
        ("whole internet",),
    ),
    (
        "not a CIDR",
        at("cluster", "endpoint", value={"public": True, "allowedCidrs": ["10.0.0.300/8"]}),
        "cluster.endpoint.allowedCidrs[0]",
        ("not a CIDR",),
    ),
    ("tag key uppercase", at("tags", value={"Team": "x"}), "tags.Team", ("lowercase letter",)),
    ("tag value with space", at("tags", value={"team": "ml platform"}), "tags.team", ("tag values",)),
    ("tag key reserved", at("tags", value={"aws-owner": "x"}), "tags.aws-owner", ("reserved prefix",)),
    ("unknown top-level key", at("nodepools", value=[]), "nodepools", ("unknown key", "nodePools")),
    ("unknown nested key", pool(0, maxNode=3), "nodePools[0].maxNode", ("unknown key", "maxNodes")),
    (
        "unknown cluster key",
        at("cluster", "version", value="1.35"),
        "cluster.version",
        ("unknown key", "kubernetesVersion"),
    ),
    (
        "prod system pool too small",
        at("environment", value="prod"),
        "cluster.systemPool.nodes",
        ("too few for prod", "at least 3"),
    ),
]


@pytest.mark.parametrize(("change", "path", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_at_its_path(change: Callable[[Raw], None], path: str, words: tuple[str, ...]) -> None:
    assert_reported(change, path, words)


def assert_reported(change: Callable[[Raw], None], path: str, words: tuple[str, ...]) -> None:
    """The changed BASE is rejected with a problem at `path` whose message holds every one of `words`."""
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(mutated(change))
    problems = [p for p in caught.value.problems if p.path == path]
    assert problems, f"no problem at {path}; got {[str(p) for p in caught.value.problems]}"
    for word in words:
        assert any(word in p.message for p in problems), (word, [p.message for p in problems])


def test_base_blueprint_is_valid() -> None:
    blueprint = load_blueprint(BASE)
    assert [p.name for p in blueprint.node_pools] == ["t4-dev", "a100"]


def test_all_problems_are_reported_at_once() -> None:
    raw = mutated(
        lambda r: (
            pool(0, maxNodes=0)(r),
            pool(1, accelerator="nvidia-h900")(r),
            at("cluster", "kubernetesVersion", value="2")(r),
        )
    )
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(raw)
    assert {p.path for p in caught.value.problems} == {
        "nodePools[0].maxNodes",
        "nodePools[1].accelerator",
        "cluster.kubernetesVersion",
    }
    assert str(caught.value).startswith("3 problems in mlplatform:blueprint\n  ")


def test_capacity_defaults_to_spot_outside_prod_and_on_demand_in_prod() -> None:
    from components.spec import Capacity, effective_capacity

    dev = load_blueprint(BASE)
    prod = load_blueprint(mutated(lambda r: (r.update(environment="prod"), r["cluster"]["systemPool"].update(nodes=3))))
    assert effective_capacity(dev.environment, dev.node_pools[0]) is Capacity.SPOT
    assert effective_capacity(prod.environment, prod.node_pools[0]) is Capacity.ON_DEMAND
