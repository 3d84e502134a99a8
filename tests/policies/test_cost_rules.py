"""Cost guardrails, one case per clause: spot, scale to zero, ceilings, allowlists, taints, tags, databases.

Each case mutates one resource of the synthetic stack (which passes everything) and asserts every verdict of
both packs exactly. Figures that come from prices are computed from catalog lookups, so a price refresh does
not break them.
"""

from __future__ import annotations

import pytest

from components import catalog
from components.spec import Capacity, Cloud
from tests.policies.synthetic import DROP, SMALL_DB_IN_DEV, TAGS, found, mutated, verdicts

COST = "mlplatform-cost-guardrails"
DEV = {**TAGS, "mlplatform-environment": "dev"}
ROOMY_IDLE = {COST: {"stack-hourly-cost": {"maxUsdPerHourIdle": 1000}}}

CASES = {
    "spot-dev": (mutated("eks-h100", (("capacityType",), "ON_DEMAND"), (("tags",), DEV)), None),
    "spot-noenv": (
        mutated("eks-h100", (("capacityType",), "ON_DEMAND"), (("tags", "mlplatform-environment"), DROP)),
        None,
    ),
    "spot-unknown": (
        mutated("eks-h100", (("capacityType",), "ON_DEMAND"), (("tags", "mlplatform-environment"), "[unknown]")),
        None,
    ),
    "spot-config": (
        mutated("eks-h100", (("capacityType",), "ON_DEMAND"), (("tags",), DEV)),
        {COST: {"accelerator-pools-on-spot": {"onDemandEnvironments": ["prod", "dev"]}}},
    ),
    "zero-min1": (mutated("eks-h100", (("scalingConfig", "minSize"), 1.0)), ROOMY_IDLE),
    "zero-missing": (mutated("eks-h100", (("scalingConfig", "minSize"), DROP)), None),
    "zero-unknown": (mutated("eks-h100", (("scalingConfig", "minSize"), "[unknown]")), None),
    "zero-config": (
        mutated("eks-h100", (("scalingConfig", "minSize"), 1.0)),
        {COST: {"accelerator-pools-scale-to-zero": {"exemptPools": ["h100"]}, **ROOMY_IDLE[COST]}},
    ),
    "max-40": (mutated("aks-t4", (("maxCount",), 40.0)), None),
    "max-missing": (mutated("aks-t4", (("maxCount",), DROP)), None),
    "max-config": ({}, {COST: {"pool-max-nodes": {"maxNodesPerPool": 3}}}),
    "accel-config": ({}, {COST: {"stack-accelerators-at-full-scale": {"maxAcceleratorsAtFullScale": 20}}}),
    "allow-config": (
        {},
        {
            COST: {
                "accelerator-allowlists": {
                    "allowedAccelerators": ["nvidia-t4"],
                    "allowedRegions": ["eastus", "us-east-1"],
                }
            }
        },
    ),
    "taint-none": (mutated("eks-h100", (("taints",), [])), None),
    "taint-aks-missing": (mutated("aks-t4", (("nodeTaints",), DROP)), None),
    "system-spot": (mutated("eks-system", (("capacityType",), "SPOT")), None),
    "system-aks-spot": (mutated("aks", (("agentPoolProfiles", 0, "scaleSetPriority"), "Spot")), None),
    "stateful-spot": (
        mutated("tracker", (("spec", "template", "spec", "nodeSelector"), {"mlplatform.io/capacity": "spot"})),
        None,
    ),
    "stateful-tol": (
        mutated(
            "tracker",
            (
                ("spec", "template", "spec", "tolerations"),
                [{"key": "kubernetes.azure.com/scalesetpriority", "operator": "Exists"}],
            ),
        ),
        None,
    ),
    "tags-gke": (mutated("gke", (("resourceLabels",), {"cost-center": "x", "mlplatform-environment": "prod"})), None),
    "tags-config": (
        mutated("gke", (("resourceLabels",), {"cost-center": "x", "mlplatform-environment": "prod"})),
        {COST: {"cost-allocation-tags": {"requiredTags": ["cost-center"]}}},
    ),
    "smalldb-dev": (mutated("db", (("tags",), DEV)), None),
    # A Capacity Block group is capacity already bought, like a reservation: never "on-demand in dev".
    "spot-capacity-block": (mutated("eks-h100", (("capacityType",), "CAPACITY_BLOCK"), (("tags",), DEV)), None),
    # An A100 40 GB spot group (real catalog): p4de.24xlarge is its equivalent in us-east-1, the provider's region.
    "spot-undiversified": (
        mutated("eks-h100", (("instanceTypes",), ["p4d.24xlarge"]), (("labels", "mlplatform.io/accelerator"),
                                                                      "nvidia-a100-40gb")),
        None,
    ),
    "spot-diversified": (
        mutated("eks-h100", (("instanceTypes",), ["p4d.24xlarge", "p4de.24xlarge"]),
                (("labels", "mlplatform.io/accelerator"), "nvidia-a100-40gb")),
        None,
    ),
}

EXPECTED = {
    "spot-capacity-block": [],
    "spot-dev": [
        (
            "accelerator-pools-on-spot",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' runs on-demand in dev; set capacity: spot in the blueprint, or add 'dev' "
            "to onDemandEnvironments in the pack config",
        )
    ],
    "spot-noenv": [
        (
            "accelerator-pools-on-spot",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' runs on-demand but has no environment tag; tag it with the environment "
            "(on-demand is allowed in: prod)",
        ),
        (
            "cost-allocation-tags",
            "violation",
            "eks-h100",
            "eks-h100 has no tags mlplatform-environment; set them in the blueprint's tags",
        ),
    ],
    "spot-unknown": [
        (
            "accelerator-pools-on-spot",
            "unknown",
            "eks-h100",
            "can't run policy 'accelerator-pools-on-spot' from policy pack 'mlplatform-cost-guardrails@v0.0.1' "
            "during preview: "
            "string value at "
            ".tags.mlplatform-environment can't be known during preview",
        ),
        (
            "cost-allocation-tags",
            "unknown",
            "eks-h100",
            "can't run policy 'cost-allocation-tags' from policy pack 'mlplatform-cost-guardrails@v0.0.1' "
            "during preview: "
            "string value at "
            ".tags.mlplatform-environment can't be known during preview",
        ),
    ],
    "spot-config": [],
    "zero-min1": [
        (
            "accelerator-pools-scale-to-zero",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' keeps 1 node(s) running when idle; set minNodes: 0, or list the pool in "
            "exemptPools in the pack config",
        )
    ],
    "zero-missing": [
        (
            "accelerator-pools-scale-to-zero",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' sets no minimum size; set minNodes: 0",
        )
    ],
    "zero-unknown": [
        (
            "accelerator-pools-scale-to-zero",
            "unknown",
            "eks-h100",
            "can't run policy 'accelerator-pools-scale-to-zero' from policy pack 'mlplatform-cost-guardrails@v0.0.1' "
            "during preview: "
            "string value at "
            ".scalingConfig.minSize can't be known during preview",
        ),
        (
            "stack-hourly-cost",
            "unknown",
            "(stack)",
            "can't run policy 'stack-hourly-cost' from policy pack 'mlplatform-cost-guardrails@v0.0.1' "
            "during preview: "
            "string value at .scalingConfig.minSize "
            "can't be known during preview",
        ),
    ],
    "zero-config": [],
    "max-40": [
        (
            "pool-max-nodes",
            "violation",
            "aks-t4",
            "pool 't4' may grow to 40 nodes, over the ceiling of 16; lower maxNodes, or raise maxNodesPerPool in "
            "the pack config",
        )
    ],
    "max-missing": [
        ("pool-max-nodes", "violation", "aks-t4", "pool 't4' sets no maximum size; set maxNodes (at most 16)")
    ],
    "max-config": [
        (
            "pool-max-nodes",
            "violation",
            "gke-v5e",
            "pool 'v5e' may grow to 4 nodes, over the ceiling of 3; lower maxNodes, or raise maxNodesPerPool "
            "in the pack config",
        )
    ],
    "accel-config": [
        (
            "stack-accelerators-at-full-scale",
            "violation",
            "(stack)",
            "the stack may run 34 accelerators at full scale (h100 16, t4 2, v5e 16), over the ceiling of 20 "
            "(maxAcceleratorsAtFullScale)",
        )
    ],
    "allow-config": [
        (
            "accelerator-allowlists",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' uses nvidia-h100-80gb, not in allowedAccelerators: nvidia-t4",
        ),
        (
            "accelerator-allowlists",
            "violation",
            "gke-v5e",
            "accelerator pool 'v5e' is in us-central1, not in allowedRegions: eastus, us-east-1",
        ),
        (
            "accelerator-allowlists",
            "violation",
            "gke-v5e",
            "accelerator pool 'v5e' uses tpu-v5e, not in allowedAccelerators: nvidia-t4",
        ),
    ],
    "taint-none": [
        (
            "accelerator-pools-tainted",
            "violation",
            "eks-h100",
            "accelerator pool 'h100' has no NoSchedule or NoExecute taint nvidia.com/gpu or google.com/tpu; other pods "
            "could fill it",
        )
    ],
    "taint-aks-missing": [
        (
            "accelerator-pools-tainted",
            "violation",
            "aks-t4",
            "accelerator pool 't4' has no NoSchedule or NoExecute taint nvidia.com/gpu or google.com/tpu; "
            "other pods could fill it",
        )
    ],
    "system-spot": [
        (
            "system-pool-on-demand",
            "violation",
            "eks-system",
            "system pool 'system' runs on spot; set it on-demand or reserved",
        )
    ],
    "system-aks-spot": [
        ("system-pool-on-demand", "violation", "aks", "system pool 'system' runs on spot; set it on-demand or reserved")
    ],
    "stateful-spot": [
        (
            "stateful-workloads-on-demand",
            "violation",
            "tracker",
            "StatefulSet tracker targets spot nodes (mlplatform.io/capacity=spot); run it on-demand",
        )
    ],
    "stateful-tol": [
        (
            "stateful-workloads-on-demand",
            "violation",
            "tracker",
            "StatefulSet tracker targets spot nodes (kubernetes.azure.com/scalesetpriority); run it on-demand",
        )
    ],
    "tags-gke": [
        ("cost-allocation-tags", "violation", "gke", "gke has no labels team; set them in the blueprint's tags")
    ],
    "tags-config": [],
    "smalldb-dev": SMALL_DB_IN_DEV,
    "spot-undiversified": [
        (
            "aws-spot-diversified",
            "violation",
            "eks-h100",
            "spot pool 'h100' lists p4d.24xlarge but could also use p4de.24xlarge in us-east-1 (same GPUs, vCPUs, "
            "memory and EFA); list them so one spot market running dry does not stop the pool",
        )
    ],
    "spot-diversified": [],
}


@pytest.mark.parametrize("case", CASES)
def test_cost_case(case: str) -> None:
    changes, config = CASES[case]
    assert found(verdicts(changes, config)) == EXPECTED[case]


# (pool, cloud, machine type, region, capacity, min nodes, max nodes) of the synthetic stack, as deployed.
SYNTHETIC_POOLS = (
    ("system", Cloud.AWS, "m7i.2xlarge", "us-east-1", Capacity.ON_DEMAND, 2, 2),
    ("h100", Cloud.AWS, "p5.48xlarge", "us-east-1", Capacity.SPOT, 0, 2),
    ("v5e", Cloud.GCP, "ct5lp-hightpu-4t", "us-central1", Capacity.SPOT, 0, 4),
    ("system", Cloud.AZURE, "Standard_D8s_v5", "eastus", Capacity.ON_DEMAND, 2, 2),
    ("t4", Cloud.AZURE, "Standard_NC4as_T4_v3", "eastus", Capacity.SPOT, 0, 2),
)


def _usd(cloud: Cloud, machine: str, region: str, capacity: Capacity) -> float:
    return catalog.price(cloud, machine, region, book=catalog.DEFAULT_PRICE_BOOK).for_capacity(capacity)


def test_stack_cost_over_both_budgets_names_totals_from_the_catalog() -> None:
    idle = round(sum(_usd(c, m, r, cap) * lo for _, c, m, r, cap, lo, _ in SYNTHETIC_POOLS), 2)
    full = round(sum(_usd(c, m, r, cap) * hi for _, c, m, r, cap, _, hi in SYNTHETIC_POOLS), 2)
    largest_full = max(SYNTHETIC_POOLS, key=lambda p: _usd(p[1], p[2], p[3], p[4]) * p[6])[0]
    largest_idle = max(SYNTHETIC_POOLS, key=lambda p: _usd(p[1], p[2], p[3], p[4]) * p[5])[0]
    config = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": 10, "maxUsdPerHourIdle": 1}}}

    assert found(verdicts({}, config)) == sorted(
        [
            (
                "stack-hourly-cost",
                "violation",
                "(stack)",
                f"the stack's nodes cost ${idle:,.2f}/h at idle, over the $1.00/h of maxUsdPerHourIdle (largest: pool "
                f"'{largest_idle}'); lower maxNodes/minNodes or raise maxUsdPerHourIdle in the pack config",
            ),
            (
                "stack-hourly-cost",
                "violation",
                "(stack)",
                f"the stack's nodes cost ${full:,.2f}/h at full scale, over the $10.00/h of maxUsdPerHourAtFullScale "
                f"(largest: pool '{largest_full}'); lower maxNodes/minNodes or raise maxUsdPerHourAtFullScale in the "
                "pack config",
            ),
        ]
    )


def test_stack_cost_within_budget_when_ceilings_sit_on_the_totals() -> None:
    idle = round(sum(_usd(c, m, r, cap) * lo for _, c, m, r, cap, lo, _ in SYNTHETIC_POOLS), 2)
    full = round(sum(_usd(c, m, r, cap) * hi for _, c, m, r, cap, _, hi in SYNTHETIC_POOLS), 2)
    config = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": full, "maxUsdPerHourIdle": idle}}}
    assert found(verdicts({}, config)) == []


def test_an_unpriced_machine_type_is_reported_never_guessed() -> None:
    with pytest.raises(catalog.CatalogError) as missing:
        catalog.price(Cloud.AWS, "p9.mega", "us-east-1", book=catalog.DEFAULT_PRICE_BOOK)

    result = verdicts(mutated("eks-h100", (("instanceTypes",), ["p9.mega"])))

    assert found(result) == [
        ("stack-hourly-cost", "violation", "eks-h100", f"cannot price pool 'h100': {missing.value}"),
    ]
    assert result.mandatory == 1


def test_price_book_from_config_changes_the_figures() -> None:
    other = next(b for b in sorted(catalog.PRICE_BOOKS) if b != catalog.DEFAULT_PRICE_BOOK)
    config = {COST: {"stack-hourly-cost": {"priceBook": other}}}
    problems = [v for v in verdicts({}, config).verdicts if v.message.startswith("cannot price")]
    unpriced = []
    for name, cloud, machine, region, _, _, _ in SYNTHETIC_POOLS:
        try:
            catalog.price(cloud, machine, region, book=other)
        except catalog.CatalogError:
            unpriced.append(name)
    assert sorted(v.message.split("'")[1] for v in problems) == sorted(unpriced)
