"""Cost rules on both sides of each boundary and condition: ceilings met exactly, taint effects, reservations,
multi-host slices, machine families the catalog lacks, per-environment ceilings."""

from __future__ import annotations

import pytest

from tests.policies.synthetic import DROP, TAGS, found, mutated, verdicts
from tests.policies.synthetic_cloud import GPU_TAINT

COST = "mlplatform-cost-guardrails"
DEV = {**TAGS, "mlplatform-environment": "dev"}
ROOMY_IDLE = {COST: {"stack-hourly-cost": {"maxUsdPerHourIdle": 1000}}}

CASES = {
    # both sides of each boundary and condition (each case kills one rule mutation)
    "max-at-ceiling": ({}, {COST: {"pool-max-nodes": {"maxNodesPerPool": 4}}}),  # v5e may grow to exactly 4
    "accel-at-ceiling": ({}, {COST: {"stack-accelerators-at-full-scale": {"maxAcceleratorsAtFullScale": 34}}}),
    # a dev stack is held to dev's ceilings: 34 accelerators pass prod's 96 but not dev's 30 (nor its $/h)
    "accel-dev-ceiling": (
        {**mutated("eks-h100", (("tags",), DEV)), **mutated("aks-t4", (("tags",), DEV))},
        {COST: {"stack-accelerators-at-full-scale": {"maxAcceleratorsAtFullScaleByEnvironment": {"dev": 30}}}},
    ),
    "accel-staging-only": (
        {},
        {COST: {"stack-accelerators-at-full-scale": {"maxAcceleratorsAtFullScaleByEnvironment": {"staging": 1}}}},
    ),
    "taint-prefer": (
        mutated("eks-h100", (("taints",), [{**GPU_TAINT, "effect": "PREFER_NO_SCHEDULE"}])),
        None,
    ),
    "taint-noexecute": (mutated("eks-h100", (("taints",), [{**GPU_TAINT, "effect": "NO_EXECUTE"}])), None),
    "taint-gke-automatic": (mutated("gke-v5e", (("nodeConfig", "taints"), DROP)), None),
    "taint-other-key": (mutated("eks-h100", (("taints",), [{**GPU_TAINT, "key": "dedicated"}])), None),
    "tag-empty": (mutated("eks", (("tags", "team"), "")), None),
    "spot-reserved-dev": (
        mutated(
            "gke-v5e",
            (("nodeConfig", "spot"), False),
            (("nodeConfig", "reservationAffinity"), {"consumeReservationType": "SPECIFIC_RESERVATION"}),
            (("nodeConfig", "resourceLabels"), {**TAGS, "mlplatform-environment": "dev"}),
        ),
        None,
    ),
    "spot-flex-start-dev": (  # GKE flex-start is neither spot nor a reservation: outside prod the rule names it
        mutated(
            "gke-v5e",
            (("nodeConfig", "spot"), False),
            (("nodeConfig", "flexStart"), True),
            (("nodeConfig", "resourceLabels"), {**TAGS, "mlplatform-environment": "dev"}),
        ),
        None,
    ),
    "spot-flex-start-prod": (mutated("gke-v5e", (("nodeConfig", "spot"), False), (("nodeConfig", "flexStart"), True)),
                             None),
    "spot-on-demand-tpu-dev": (
        mutated(
            "gke-v5e",
            (("nodeConfig", "spot"), False),
            (("nodeConfig", "resourceLabels"), {**TAGS, "mlplatform-environment": "dev"}),
        ),
        None,
    ),
    "zero-multihost-min": (mutated("gke-v5e", (("autoscaling", "totalMinNodeCount"), 4.0)), ROOMY_IDLE),
    "uncatalogued-gpu": (
        mutated(
            "eks-h100",
            (("instanceTypes",), ["p3.16xlarge"]),  # V100: not in the catalog
            (("capacityType",), "ON_DEMAND"),
            (("taints",), []),
            (("labels",), {"mlplatform.io/pool": "h100"}),
            (("tags",), DEV),
        ),
        {COST: {"stack-hourly-cost": {"enforcementLevel": "disabled"}}},
    ),
}

EXPECTED = {
    "accel-dev-ceiling": [
        (
            "stack-accelerators-at-full-scale",
            "violation",
            "(stack)",
            "the stack may run 34 accelerators at full scale (h100 16, t4 2, v5e 16), over the ceiling of 30 "
            "(maxAcceleratorsAtFullScaleByEnvironment.dev)",
        )
    ],
    "accel-staging-only": [],
    "max-at-ceiling": [],
    "accel-at-ceiling": [],
    "taint-prefer": [
        (
            "accelerator-pools-tainted",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' has no NoSchedule or NoExecute tain"
            "t nvidia.com/gpu or google.com/tpu; other pods could fill it",
        )
    ],
    "taint-noexecute": [],
    "taint-gke-automatic": [],
    "taint-other-key": [
        (
            "accelerator-pools-tainted",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' has no NoSchedule or NoExecute tain"
            "t nvidia.com/gpu or google.com/tpu; other pods could fill it",
        )
    ],
    "tag-empty": [
        ("cost-allocation-tags", "violation", "eks", "eks has no tags team; set them in the blueprint's tags")
    ],
    "spot-reserved-dev": [],
    "spot-flex-start-dev": [
        (
            "accelerator-pools-on-spot",
            "violation",
            "gke-v5e",
            "accelerator pool 'v5e' runs flex-start in dev; set capacity: spot in the blueprint, or add 'dev' to "
            "onDemandEnvironments in the pack config",
        )
    ],
    "spot-flex-start-prod": [],
    "spot-on-demand-tpu-dev": [
        (
            "accelerator-pools-on-spot",
            "violation",
            "gke-v5e",
            "accelerator pool 'v5e' runs on-demand in dev; set capacity: spot in the blueprint, or add 'dev' to "
            "onDemandEnvironments in the pack config",
        )
    ],
    "zero-multihost-min": [
        (
            "accelerator-pools-scale-to-zero",
            "violation",
            "gke-v5e",
            "accelerator pool 'v5e' keeps 4 node(s) running when idle; set minNodes: 0, or list the pool in "
            "exemptPools in the pack config",
        )
    ],
    "uncatalogued-gpu": [
        (
            "accelerator-allowlists",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' uses p3.16xlarge (not in the catalog), not in allowedAccelerators: "
            "nvidia-a100-40gb, nvidia-a100-80gb, nvidia-h100-80gb, nvidia-l4, nvidia-t4, tpu-v5e, tpu-v5p, tpu-v6e",
        ),
        (
            "accelerator-pools-on-spot",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' runs on-demand in dev; set capacity: spot in the blueprint, or add 'dev' to "
            "onDemandEnvironments in the pack config",
        ),
        (
            "accelerator-pools-tainted",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' has no NoSchedule or NoExecute tain"
            "t nvidia.com/gpu or google.com/tpu; other pods could fill it",
        ),
    ],
}


@pytest.mark.parametrize("case", CASES)
def test_cost_boundary_case(case: str) -> None:
    changes, config = CASES[case]
    assert found(verdicts(changes, config)) == EXPECTED[case]
