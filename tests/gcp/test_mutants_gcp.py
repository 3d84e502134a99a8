"""GKE accelerator pools wait for their nodes' IAM bindings, as the system pool does: GKE creates a pool's nodes at
once, and nodes that start before roles/container.defaultNodeServiceAccount exists fail to register ("Node pool ... has
no healthy nodes": https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts). No input carries the
bindings, so only `depends_on` orders them. A mutation run dropped it and no test noticed (tools/README.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from components.gcp.identity import NODE_ROLES, account_id
from components.plan import ClusterPlan
from tests.cloud_build import Built

NODE_POOL = "gcp:container/nodePool:NodePool"
IAM_MEMBER = "gcp:projects/iAMMember:IAMMember"


def test_gpu_and_tpu_pools_wait_for_the_node_service_accounts_roles(
    render: Callable[[ClusterPlan], Built], plan_of: Callable[..., ClusterPlan],
) -> None:
    plan = plan_of(nodePools=[
        {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2},
        {"name": "v5p", "accelerator": "tpu-v5p", "topology": "2x2x4"},
    ])
    inv = render(plan).inventory
    roles = [r for r in inv.of_type(IAM_MEMBER) if r.inputs["role"] in NODE_ROLES]
    assert sorted(r.inputs["role"] for r in roles) == sorted(NODE_ROLES)
    bindings = {r.urn for r in roles}
    pools: dict[str, Any] = {r.name: r for r in inv.of_type(NODE_POOL)}
    for name in ("mlplatform-h100", "mlplatform-v5p"):
        assert bindings <= set(pools[name].dependencies), name


def test_a_long_cluster_name_gives_a_node_account_id_of_exactly_30_characters() -> None:
    # Service account ids are 6-30 characters (https://cloud.google.com/iam/docs/service-accounts-create): a longer
    # one fails at create time, after the cluster exists; the ids are cut to exactly 30 here.
    long = "mlplatform-a-very-long-cluster-name-prod"
    assert account_id(long) == "mlplatform-a-very-long-c-nodes"
    assert len(account_id(long)) == 30
    assert len(account_id("mlplatform-prod")) == len("mlplatform-prod-nodes")
