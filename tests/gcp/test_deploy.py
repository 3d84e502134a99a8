"""Issue 7 on GKE under mocks: APIs enabled by the stack, declared admins, the GKE agent's key grant, prod's
maintenance window and protection, and the create-only inputs every resource sends, stable across runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.deploy_path import PathKind, deploy_path
from components.gcp.encryption import gke_agent_member
from components.plan import ClusterPlan
from mlplatform.engine.mock_outputs.gcp import GKE_SERVICE_AGENT, MOCK_PROJECT

PlanOf = Callable[..., ClusterPlan]
Render = Callable[[ClusterPlan], Any]

SERVICE = "gcp:projects/service:Service"
IAM_MEMBER = "gcp:projects/iAMMember:IAMMember"
CLUSTER = "gcp:container/cluster:Cluster"
ADMIN_GROUP = "group:platform-admins@example.com"
DEPLOYER = "serviceAccount:deployer@ci-project.iam.gserviceaccount.com"
POOLS = [
    {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2},
    {
        "name": "a100", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "capacity": "reserved",
        "reservation": "a100-res", "reservationZone": "us-central1-c", "maxNodes": 2,
    },
    {"name": "v5e", "accelerator": "tpu-v5e", "topology": "4x4"},
]


def _prod(plan_of: PlanOf, version: str) -> ClusterPlan:
    return plan_of(
        environment="prod",
        cluster={"kubernetesVersion": version, "admins": [ADMIN_GROUP, DEPLOYER], "systemPool": {"nodes": 3}},
        network={"cidr": "10.31.0.0/16"},
        nodePools=POOLS,
    )


def test_the_stack_enables_its_apis_and_never_disables_them(render: Render, plan_of: PlanOf) -> None:
    inv = render(plan_of()).inventory
    services = inv.of_type(SERVICE)
    assert {r.name: r.inputs for r in services} == {
        f"mlplatform-apis-{slug}": {
            "service": f"{slug}.googleapis.com", "disableOnDestroy": False, "disableDependentServices": False
        }
        for slug in ("compute", "container", "cloudkms", "iam")
    }
    urns = {r.urn for r in services}
    # Everything that calls an API waits for it: the network, the node account, the key ring, the cluster, admins.
    for token in (
        "gcp:compute/network:Network",
        "gcp:serviceaccount/account:Account",
        "gcp:kms/keyRing:KeyRing",
        CLUSTER,
    ):
        for reg in inv.of_type(token):
            assert urns <= set(reg.dependencies), reg.name
    for admin in [r for r in inv.of_type(IAM_MEMBER) if r.inputs["role"] == "roles/container.admin"]:
        assert urns <= set(admin.dependencies)


def test_declared_admins_get_container_admin_additively_named_by_principal(
    render: Render, plan_of: PlanOf, version: str
) -> None:
    inv = render(_prod(plan_of, version)).inventory
    admins = {r.name: r for r in inv.of_type(IAM_MEMBER) if r.inputs["role"] == "roles/container.admin"}
    assert {name: r.inputs for name, r in admins.items()} == {
        "mlplatform-cluster-admins-group-platform-admins-example-com": {
            "project": MOCK_PROJECT, "role": "roles/container.admin", "member": ADMIN_GROUP
        },
        "mlplatform-cluster-admins-serviceaccount-deployer-ci-project-iam-gserviceaccount-com": {
            "project": MOCK_PROJECT, "role": "roles/container.admin", "member": DEPLOYER
        },
    }
    # Additive members only: an authoritative binding or policy would flip whenever someone else runs `up`.
    assert inv.of_type("gcp:projects/iAMBinding:IAMBinding") == []
    assert inv.of_type("gcp:projects/iAMPolicy:IAMPolicy") == []
    [provider] = inv.of_type("pulumi:providers:kubernetes")
    assert {r.urn for r in admins.values()} <= set(provider.dependencies)


def test_the_gke_agent_key_grant_is_built_from_the_project_number(render: Render, plan_of: PlanOf) -> None:
    out = render(plan_of())
    [grant] = out.inventory.of_type("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember")
    assert grant.inputs["member"] == f"serviceAccount:{GKE_SERVICE_AGENT}"
    assert out.invokes == ["gcp:organizations/getProject:getProject"]


@pytest.mark.parametrize("number", ["", None, "mlplatform-mock"])
def test_an_empty_or_bad_project_number_is_refused_not_granted(number: str | None) -> None:
    with pytest.raises(ValueError, match="not usable to name the GKE service agent"):
        gke_agent_member(number)


def test_prod_has_a_maintenance_window_an_exclusion_and_protection(
    render: Render, plan_of: PlanOf, version: str
) -> None:
    inv = render(_prod(plan_of, version)).inventory
    [cluster] = inv.of_type(CLUSTER)
    assert cluster.inputs["maintenancePolicy"] == {
        "recurringWindow": {
            "startTime": "2026-01-03T02:00:00Z",
            "endTime": "2026-01-03T10:00:00Z",
            "recurrence": "FREQ=WEEKLY;BYDAY=SA,SU",
        },
        "maintenanceExclusions": [
            {
                "exclusionName": "minor-upgrades-follow-the-blueprint",
                "startTime": "2026-01-01T00:00:00Z",
                "exclusionOptions": {"scope": "NO_MINOR_UPGRADES", "endTimeBehavior": "UNTIL_END_OF_SUPPORT"},
            }
        ],
    }
    protected = {(r.type, r.name) for r in inv if r.protect}
    assert protected == {
        (CLUSTER, "mlplatform-cluster"),
        ("gcp:kms/cryptoKey:CryptoKey", "mlplatform-cluster-secrets-key"),
        ("gcp:compute/network:Network", "mlplatform-network"),
        ("gcp:compute/subnetwork:Subnetwork", "mlplatform-network-subnet"),
    }
    assert cluster.inputs["deletionProtection"] is True


def test_dev_has_no_maintenance_policy_and_nothing_protected(render: Render, plan_of: PlanOf) -> None:
    inv = render(plan_of()).inventory
    [cluster] = inv.of_type(CLUSTER)
    assert "maintenancePolicy" not in cluster.inputs
    assert [r.name for r in inv if r.protect] == []


def test_a_hub_adds_only_our_side_of_a_peering_and_the_path_stays_the_dns_endpoint(
    render: Render, plan_of: PlanOf
) -> None:
    hub = {"id": "projects/hub-project/global/networks/hub", "cidrs": ["10.50.0.0/16"]}
    plan = plan_of(network={"cidr": "10.31.0.0/16", "hub": hub})
    inv = render(plan).inventory
    [peering] = inv.of_type("gcp:compute/networkPeering:NetworkPeering")
    assert peering.inputs["peerNetwork"] == hub["id"]
    assert (peering.inputs["exportCustomRoutes"], peering.inputs["importCustomRoutes"]) == (False, False)
    [cluster] = inv.of_type(CLUSTER)
    assert cluster.inputs["masterAuthorizedNetworksConfig"]["cidrBlocks"] == [
        {"cidrBlock": "10.50.0.0/16", "displayName": "10.50.0.0/16"}
    ]
    # Nothing else is created for the hub: no routes, VPN or firewall rules; the deploy never needs the hub.
    assert not any(r.type.startswith(("gcp:compute/route:", "gcp:compute/firewall:", "gcp:compute/vpn")) for r in inv)
    path = deploy_path(plan)
    assert (path.kind, path.warning) == (PathKind.DNS_ENDPOINT, False)
    assert path.description == "DNS endpoint, Google IAM (no network path needed)"
