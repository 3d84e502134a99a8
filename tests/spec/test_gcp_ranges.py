"""GCP pod and service ranges are derived per stack: one hub VPC can peer with every committed GCP stack.

A VPC cannot peer with two networks whose subnet ranges, secondary ranges included, overlap ("overlapping subnet
IP ranges are not allowed", https://cloud.google.com/vpc/docs/vpc-peering#restrictions). Every committed stack file
advertises that dev and prod route from one hub, so their ranges (nodes, private services, pods, services) must
be pairwise disjoint, and disjoint from the hub ranges they declare.
"""

from __future__ import annotations

import ipaddress
import itertools
from pathlib import Path

import pytest
import yaml

from components.gcp.network import address_plan
from components.spec import load_blueprint
from components.spec.errors import BlueprintError
from components.spec.rules_gcp import gke_ranges
from components.spec.rules_network import stack_cidr

STACKS = Path(__file__).resolve().parents[2] / "stacks"


def gcp_blueprints() -> dict[str, object]:
    out = {}
    for path in sorted(STACKS.glob("Pulumi.gcp-*.yaml")):
        raw = yaml.safe_load(path.read_text())["config"]["mlplatform:blueprint"]
        out[path.name] = load_blueprint(raw)
    return out


def ranges_of(cidr: str) -> list[ipaddress.IPv4Network]:
    plan = address_plan(cidr)
    return [ipaddress.IPv4Network(c) for c in (plan.nodes, plan.private_services, plan.pods, plan.services)]


def test_the_committed_gcp_stacks_ranges_never_overlap_each_other_or_a_hub() -> None:
    blueprints = gcp_blueprints()
    assert len(blueprints) >= 2
    ranges = {name: ranges_of(stack_cidr(bp)) for name, bp in blueprints.items()}  # type: ignore[arg-type]
    for (a, ra), (b, rb) in itertools.combinations(ranges.items(), 2):
        clashes = [(x, y) for x in ra for y in rb if x.overlaps(y)]
        assert not clashes, f"{a} and {b} share addresses {clashes}: one hub cannot peer with both"
    for name, bp in blueprints.items():
        hub = bp.network.hub  # type: ignore[attr-defined]
        for cidr in hub.cidrs if hub else ():
            assert not any(ipaddress.IPv4Network(cidr).overlaps(r) for r in ranges[name]), (name, cidr)


def test_each_stacks_ranges_are_disjoint_among_themselves() -> None:
    for cidr in ("10.0.0.0/16", "10.30.0.0/16", "10.31.0.0/16", "172.16.16.0/20", "192.168.0.0/16"):
        for x, y in itertools.combinations(ranges_of(cidr), 2):
            assert not x.overlaps(y), (cidr, x, y)


def test_neighbouring_stacks_get_neighbouring_pod_ranges() -> None:
    assert gke_ranges("10.30.0.0/16") == {"pods": "10.188.0.0/15", "services": "10.30.192.0/20"}
    assert gke_ranges("10.31.0.0/16") == {"pods": "10.190.0.0/15", "services": "10.31.192.0/20"}


def test_a_hub_range_in_the_stacks_pod_range_is_refused() -> None:
    raw = {
        "cloud": "gcp", "region": "us-central1", "environment": "dev",
        "cluster": {"kubernetesVersion": "1.35", "admins": ["group:platform-admins@example.com"]},
        "network": {"cidr": "10.30.0.0/16", "hub": {"id": "projects/hub/global/networks/hub",
                                                    "cidrs": ["10.188.0.0/16"]}},
        "nodePools": [],
    }
    with pytest.raises(BlueprintError) as err:
        load_blueprint(raw)
    expected = "network.hub.cidrs[0]: 10.188.0.0/16 overlaps the cluster's pods range 10.188.0.0/15 on gcp"
    assert expected in str(err.value)
