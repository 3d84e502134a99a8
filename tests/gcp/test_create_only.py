"""The second `up` changes nothing: for every GCP resource type the stack registers, the create-only inputs it
sends (a change forces replacement, per the google provider's resource docs) are set, known at preview and
identical when the same blueprint renders again. A resource type with no row fails the coverage test, so a new
resource is classified when it is added.

Sources: the Pulumi google-cloud (gcp) provider v10 resource docs (https://www.pulumi.com/registry/packages/gcp/
api-docs/), which mark "Changes to this property will trigger replacement"; Compute Engine / GKE / Cloud SQL /
Cloud Storage API references for which fields are immutable; read 2026-11-30.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from components.gcp import build
from components.plan import ClusterPlan
from mlplatform.engine.inventory import Inventory
from tests.blueprints import ADMINS
from tests.cloud_build import build_under_mocks
from tests.gcp.conftest import VERSION, make_plan


@dataclass(frozen=True)
class CreateOnly:
    paths: tuple[str, ...]
    why: str


CREATE_ONLY: dict[str, CreateOnly] = {
    "gcp:compute/network:Network": CreateOnly(
        ("name", "autoCreateSubnetworks"), "a VPC's name and subnet mode are fixed at creation"
    ),
    "gcp:compute/subnetwork:Subnetwork": CreateOnly(
        ("name", "network", "region", "ipCidrRange"),
        "name/network/region are immutable; the primary range may only expand (a shrink replaces)",
    ),
    "gcp:compute/router:Router": CreateOnly(("name", "network", "region"), "immutable router identity"),
    "gcp:compute/routerNat:RouterNat": CreateOnly(("name", "router", "region"), "immutable NAT identity"),
    "gcp:compute/networkPeering:NetworkPeering": CreateOnly(("name", "network", "peerNetwork"), "peering identity"),
    "gcp:compute/globalAddress:GlobalAddress": CreateOnly(
        ("name", "address", "prefixLength", "network", "purpose", "addressType"),
        "a reserved range cannot be resized or moved; Cloud SQL's addresses live in it",
    ),
    "gcp:servicenetworking/connection:Connection": CreateOnly(("network", "service"), "the PSA peering's ends"),
    "gcp:kms/keyRing:KeyRing": CreateOnly(("location",), "key rings are regional and never deleted"),
    "gcp:kms/cryptoKey:CryptoKey": CreateOnly(("keyRing", "purpose"), "a key's ring and purpose are immutable"),
    "gcp:serviceaccount/account:Account": CreateOnly(("accountId",), "the account id is the email's local part"),
    "gcp:container/cluster:Cluster": CreateOnly(
        (
            "name", "location", "network", "subnetwork", "networkingMode", "ipAllocationPolicy",
            "privateClusterConfig.enablePrivateNodes", "datapathProvider", "initialNodeCount",
        ),
        "GKE fixes name, location, VPC, VPC-native ranges, private nodes and Dataplane V2 at creation",
    ),
    "gcp:container/nodePool:NodePool": CreateOnly(
        (
            "name", "cluster", "location", "nodeConfig.machineType", "nodeConfig.diskSizeGb", "nodeConfig.diskType",
            "nodeConfig.spot", "nodeConfig.serviceAccount", "nodeConfig.oauthScopes",
            "nodeConfig.shieldedInstanceConfig", "nodeConfig.imageType",
        ),
        "a node pool's VM template is immutable; bundled Local SSDs are pinned per shape in test_node_pool.py",
    ),
    "gcp:storage/bucket:Bucket": CreateOnly(("name", "location"), "a bucket's name and location are immutable"),
    "gcp:sql/databaseInstance:DatabaseInstance": CreateOnly(
        ("name", "region", "databaseVersion"), "instance name and region are immutable"
    ),
    "gcp:sql/database:Database": CreateOnly(("name", "instance"), "database identity"),
    "gcp:sql/user:User": CreateOnly(("name", "instance"), "user identity"),
    "random:index/randomId:RandomId": CreateOnly(("byteLength",), "a new length would rename bucket and instance"),
    "random:index/randomPassword:RandomPassword": CreateOnly(("length", "special"), "a change rotates the password"),
}
NO_CREATE_ONLY = {
    "gcp:projects/service:Service",  # only `service` (its identity, below) and flags updatable in place
    "gcp:projects/iAMMember:IAMMember",
    "gcp:projects/serviceIdentity:ServiceIdentity",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    "gcp:serviceaccount/iAMMember:IAMMember",
    "gcp:storage/bucketIAMMember:BucketIAMMember",
    "pulumi:providers:kubernetes",
}
"""IAM members and API enablements are whole-resource identities (role + member / service): any change is a
new grant by design, and both are recomputed from the blueprint deterministically (checked below)."""


def _plan() -> ClusterPlan:
    return make_plan(
        environment="prod",
        cluster={"kubernetesVersion": VERSION, "admins": ADMINS["gcp"], "systemPool": {"nodes": 3}},
        network={"cidr": "10.31.0.0/16", "hub": {"id": "projects/hub-project/global/networks/hub",
                                                 "cidrs": ["10.50.0.0/16"]}},
        nodePools=[
            {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2},
            {"name": "v5e", "accelerator": "tpu-v5e", "topology": "4x4"},
        ],
        services={"mlflow": {"database": {"size": "medium"}}},
    )


@pytest.fixture(scope="module")
def renders() -> tuple[Inventory, Inventory]:
    """The same blueprint rendered twice, each under fresh mocks (a second `up`)."""
    plan = _plan()
    return build_under_mocks(build, plan).inventory, build_under_mocks(build, plan).inventory


def _at(inputs: Any, path: str) -> Any:
    value = inputs
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@pytest.mark.parametrize("type_token", sorted(CREATE_ONLY))
def test_create_only_inputs_are_sent_and_stable(type_token: str, renders: tuple[Inventory, Inventory]) -> None:
    first, second = renders
    rows = first.of_type(type_token)
    assert rows, f"{type_token} is not rendered by the test blueprint"
    again = {r.name: r.inputs for r in second.of_type(type_token)}
    for reg in rows:
        row = CREATE_ONLY[type_token]
        for path in row.paths:
            value = _at(reg.inputs, path)
            assert value is not None and value != "[unknown]", f"{reg.name}: {path} is unset ({row.why})"
            assert value == _at(again[reg.name], path), f"{reg.name}: {path} differs on a second run"


def test_every_registered_resource_type_is_classified(renders: tuple[Inventory, Inventory]) -> None:
    first, second = renders
    custom = {r.type for r in first if r.custom}
    assert custom - set(CREATE_ONLY) - NO_CREATE_ONLY == set()
    assert {(r.type, r.name): r.inputs for r in first} == {(r.type, r.name): r.inputs for r in second}


def test_what_the_cloud_or_autoscaler_owns_is_ignored(renders: tuple[Inventory, Inventory]) -> None:
    first, _ = renders
    ignored = {(r.type, r.name): list(r.ignore_changes) for r in first}
    assert ignored[("gcp:container/nodePool:NodePool", "mlplatform-h100")] == ["initialNodeCount"]
    assert ignored[("gcp:container/cluster:Cluster", "mlplatform-cluster")] == ["nodeConfig"]
