"""Network component under mocks: custom-mode VPC carved from network.cidr, the catalog's pod/service ranges,
Cloud NAT for private nodes, cluster-named resources, prod protection and this side of the hub peering."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pulumi
import pytest

from components.gcp.network import AddressPlan, Network, NetworkArgs, address_plan
from components.plan import HubPlan
from mlplatform.engine.inventory import Inventory

Run = Callable[[Callable[[], Mapping[str, Any]]], dict[str, Any]]
HUB = HubPlan("projects/hub-project/global/networks/hub", ("10.50.0.0/16",))


def test_network_is_custom_mode_cluster_named_carved_from_the_stack_cidr(mocks: Inventory, run: Run) -> None:
    nets: list[Network] = []

    def program() -> dict[str, pulumi.Output[str]]:
        args = NetworkArgs(cluster_name="ml-dev", region="europe-west4", cidr="10.31.0.0/16")
        nets.append(Network("mlplatform", args))
        return {"project": nets[0].project, "network_id": nets[0].network_id}

    values = run(program)

    [component] = mocks.of_type("mlplatform:gcp:Network")
    [vpc] = mocks.of_type("gcp:compute/network:Network")
    [subnet] = mocks.of_type("gcp:compute/subnetwork:Subnetwork")
    [router] = mocks.of_type("gcp:compute/router:Router")
    [nat] = mocks.of_type("gcp:compute/routerNat:RouterNat")
    assert vpc.inputs == {
        "name": "ml-dev",
        "autoCreateSubnetworks": False,
        "routingMode": "REGIONAL",
        "description": "mlplatform network of cluster ml-dev (custom mode)",
    }
    assert subnet.inputs == {
        "name": "ml-dev-nodes",
        "network": "mlplatform-id",
        "region": "europe-west4",
        "ipCidrRange": "10.31.0.0/17",
        "privateIpGoogleAccess": True,
        "secondaryIpRanges": [
            {"rangeName": "pods", "ipCidrRange": "10.190.0.0/15"},  # the /15 at index 31 of 10.128.0.0/9
            {"rangeName": "services", "ipCidrRange": "10.31.192.0/20"},  # the start of the last quarter
        ],
    }
    assert router.inputs == {"name": "ml-dev-router", "network": "mlplatform-id", "region": "europe-west4"}
    assert nat.inputs == {
        "name": "ml-dev-nat",
        "router": "ml-dev-router",
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
    assert not any(r.protect for r in (vpc, subnet, router, nat))
    assert mocks.of_type("gcp:compute/networkPeering:NetworkPeering") == []
    assert values == {"project": "mlplatform-mock", "network_id": "mlplatform-id"}
    assert (nets[0].pods_range, nets[0].services_range) == ("pods", "services")


def test_prod_network_is_protected_and_peers_to_the_hub_without_custom_routes(mocks: Inventory, run: Run) -> None:
    def program() -> dict[str, pulumi.Output[str]]:
        net = Network(
            "mlplatform",
            NetworkArgs(cluster_name="ml-prod", region="us-central1", cidr="10.32.0.0/20", hub=HUB, protect=True),
        )
        return {"network_id": net.network_id}

    run(program)
    [vpc] = mocks.of_type("gcp:compute/network:Network")
    [subnet] = mocks.of_type("gcp:compute/subnetwork:Subnetwork")
    [peering] = mocks.of_type("gcp:compute/networkPeering:NetworkPeering")
    assert (vpc.protect, subnet.protect) == (True, True)
    assert subnet.inputs["ipCidrRange"] == "10.32.0.0/21"
    assert peering.name == "mlplatform-hub"
    assert peering.inputs == {
        "name": "ml-prod-to-hub",
        "network": "https://www.googleapis.com/compute/v1/projects/mlplatform-mock/global/networks/ml-prod",
        "peerNetwork": "projects/hub-project/global/networks/hub",
        "exportCustomRoutes": False,
        "importCustomRoutes": False,
    }


@pytest.mark.parametrize(
    ("cidr", "nodes", "private_services", "pods", "services"),
    [
        ("10.0.0.0/16", "10.0.0.0/17", "10.0.128.0/18", "10.128.0.0/15", "10.0.192.0/20"),
        ("10.31.0.0/16", "10.31.0.0/17", "10.31.128.0/18", "10.190.0.0/15", "10.31.192.0/20"),
        ("172.16.16.0/20", "172.16.16.0/21", "172.16.24.0/22", "10.160.0.0/15", "172.16.28.0/22"),
    ],
)
def test_address_plan_derives_every_range_from_the_stack_cidr(
    cidr: str, nodes: str, private_services: str, pods: str, services: str
) -> None:
    """A hub VPC cannot peer with two networks whose subnet ranges (secondary ranges included) overlap
    (https://cloud.google.com/vpc/docs/vpc-peering#restrictions): pods and services follow the stack's own range."""
    assert address_plan(cidr) == AddressPlan(
        nodes=nodes, private_services=private_services, pods=pods, services=services
    )
