"""A CIDR with host bits set (`10.0.0.1/8`) is a typo for a network, never silently widened or narrowed: every
CIDR the blueprint takes is parsed strictly and rejected at its path, while the same network written right passes.
Both sides of the boundary, for each field that takes one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from components.spec import load_blueprint
from tests.spec.test_rejections import Raw, assert_reported, at, mutated

HUB = "tgw-0123456789abcdef0"

FIELDS: list[tuple[str, Callable[[str], Callable[[Raw], None]], str, str, str]] = [
    ("allowedCidrs", lambda c: at("cluster", "endpoint", value={"public": True, "allowedCidrs": [c]}),
     "cluster.endpoint.allowedCidrs[0]", "203.0.113.0/24", "203.0.113.7/24"),
    # On AWS privateAccessCidrs are routed through the hub (refused without one), so the hub comes along.
    ("privateAccessCidrs", lambda c: lambda raw: (
        at("network", value={"hub": {"id": HUB, "cidrs": ["10.100.0.0/16"]}})(raw),
        at("cluster", "endpoint", value={"privateAccessCidrs": [c]})(raw))[-1],
     "cluster.endpoint.privateAccessCidrs[0]", "10.20.0.0/16", "10.20.0.1/16"),
    ("network.cidr", lambda c: at("network", value={"cidr": c}), "network.cidr", "10.1.0.0/16", "10.1.0.1/16"),
    ("network.hub.cidrs", lambda c: at("network", value={"hub": {"id": HUB, "cidrs": [c]}}),
     "network.hub.cidrs[0]", "10.100.0.0/16", "10.100.0.1/16"),
]


@pytest.mark.parametrize(("field", "change", "path", "network", "with_host_bits"), FIELDS, ids=[f[0] for f in FIELDS])
def test_host_bits_are_rejected_and_the_network_is_accepted(
    field: str, change: Callable[[str], Callable[[Raw], None]], path: str, network: str, with_host_bits: str
) -> None:
    load_blueprint(mutated(change(network)))
    assert_reported(change(with_host_bits), path, (repr(with_host_bits),))
