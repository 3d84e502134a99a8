"""Network component under mocks: custom-mode VPC, VPC-native subnet, Cloud NAT for private nodes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pulumi

from components.gcp.network import Network, NetworkArgs
from mlplatform.inventory import Inventory

Run = Callable[[Callable[[], Mapping[str, Any]]], dict[str, Any]]


def test_network_is_custom_mode_with_pod_and_service_ranges_and_nat(mocks: Inventory, run: Run) -> None:
    nets: list[Network] = []

    def program() -> dict[str, pulumi.Output[str]]:
        nets.append(Network("mlplatform", NetworkArgs(region="europe-west4")))
        return {"project": nets[0].project, "network_id": nets[0].network_id}

    values = run(program)

    [component] = mocks.of_type("mlplatform:gcp:Network")
    [vpc] = mocks.of_type("gcp:compute/network:Network")
    [subnet] = mocks.of_type("gcp:compute/subnetwork:Subnetwork")
    [router] = mocks.of_type("gcp:compute/router:Router")
    [nat] = mocks.of_type("gcp:compute/routerNat:RouterNat")
    assert vpc.inputs == {
        "autoCreateSubnetworks": False,
        "routingMode": "REGIONAL",
        "description": "mlplatform cluster network (custom mode)",
    }
    assert subnet.inputs == {
        "network": "mlplatform-id",
        "region": "europe-west4",
        "ipCidrRange": "10.0.0.0/20",
        "privateIpGoogleAccess": True,
        "secondaryIpRanges": [
            {"rangeName": "pods", "ipCidrRange": "10.16.0.0/14"},
            {"rangeName": "services", "ipCidrRange": "10.20.0.0/20"},
        ],
    }
    assert router.inputs == {"network": "mlplatform-id", "region": "europe-west4"}
    assert nat.inputs == {
        "router": "mlplatform-router",
        "region": "europe-west4",
        "natIpAllocateOption": "AUTO_ONLY",
        "sourceSubnetworkIpRangesToNat": "LIST_OF_SUBNETWORKS",
        "subnetworks": [{"name": "mlplatform-subnet-id", "sourceIpRangesToNats": ["ALL_IP_RANGES"]}],
        "logConfig": {"enable": True, "filter": "ERRORS_ONLY"},
    }
    assert [(r.name, r.parent) for r in (vpc, subnet, router, nat)] == [
        ("mlplatform", component.urn),
        ("mlplatform-subnet", component.urn),
        ("mlplatform-router", component.urn),
        ("mlplatform-nat", component.urn),
    ]
    assert values == {"project": "mlplatform-mock", "network_id": "mlplatform-id"}
    assert (nets[0].pods_range, nets[0].services_range) == ("pods", "services")
