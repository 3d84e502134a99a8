"""`pool-max-nodes` at its boundary: a pool whose maximum equals the ceiling passes; one node over is reported;
and `stack-hourly-cost` names a missing machine type rather than pricing an empty one.
The synthetic stack's largest pool is the 4-node v5e slice."""

from __future__ import annotations

from tests.policies.synthetic import DROP, found, mutated, verdicts

COST = "mlplatform-cost-guardrails"


def _ceiling(nodes: int) -> dict[str, dict[str, dict[str, int]]]:
    return {COST: {"pool-max-nodes": {"maxNodesPerPool": nodes}}}


def test_a_pool_at_the_ceiling_passes() -> None:
    assert found(verdicts({}, _ceiling(4))) == []


def test_a_pool_one_node_over_the_ceiling_is_reported() -> None:
    assert found(verdicts({}, _ceiling(3))) == [(
        "pool-max-nodes", "violation", "gke-v5e",
        "pool 'v5e' may grow to 4 nodes, over the ceiling of 3; lower maxNodes, or raise maxNodesPerPool in the "
        "pack config",
    )]


def test_a_pool_without_a_machine_type_is_reported_as_such_not_looked_up() -> None:
    # A region but no machine type: the rule says which is missing instead of asking the catalog for "".
    assert found(verdicts(mutated("gke-v5e", (("nodeConfig", "machineType"), DROP)))) == [
        ("stack-hourly-cost", "violation", "gke-v5e", "cannot price pool 'v5e': pool 'v5e' has no machine type"),
    ]
