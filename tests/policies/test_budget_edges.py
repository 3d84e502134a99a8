"""The stack cost and accelerator rules on pools that lack what they price or count: no region, no machine type, no
maximum size. A pool without a maximum adds nothing at full scale (pool-max-nodes reports it), shown by ceilings set
exactly on the totals of the other pools; an unpriced pool says which of region and machine type is missing."""

from __future__ import annotations

from typing import Any

from mlplatform.policy import run_packs
from mlplatform.policy.packs import PACKS
from tests.policies.synthetic import CONFIG, DROP, PROJECT, found, inventory, mutated, verdicts
from tests.policies.test_cost_rules import SYNTHETIC_POOLS, _usd

COST = "mlplatform-cost-guardrails"
STACK_RULES = ("stack-hourly-cost", "stack-accelerators-at-full-scale")


def _stack_verdicts(changes: dict[str, Any], configs: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [v for v in found(verdicts(changes, configs)) if v[0] in STACK_RULES]


def _full_without(pool: str) -> float:
    return round(sum(_usd(c, m, r, cap) * hi for n, c, m, r, cap, _, hi in SYNTHETIC_POOLS if n != pool), 2)


def test_a_pool_without_a_maximum_costs_nothing_at_full_scale() -> None:
    full = _full_without("t4")
    no_max = mutated("aks-t4", (("maxCount",), DROP))
    at = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": full}}}
    assert _stack_verdicts(no_max, at) == []
    under = round(full - 0.01, 2)
    below = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": under}}}
    assert _stack_verdicts(no_max, below) == [
        (
            "stack-hourly-cost",
            "violation",
            "(stack)",
            f"the stack's nodes cost ${full:,.2f}/h at full scale, over the ${under:,.2f}/h of "
            "maxUsdPerHourAtFullScale (largest: pool 'h100'); lower maxNodes/minNodes or raise "
            "maxUsdPerHourAtFullScale in the pack config",
        )
    ]


def test_a_pool_without_a_maximum_counts_no_accelerators() -> None:
    no_max = mutated("eks-h100", (("scalingConfig", "maxSize"), DROP))
    at = {COST: {"stack-accelerators-at-full-scale": {"maxAcceleratorsAtFullScale": 18}}}
    assert _stack_verdicts(no_max, at) == []
    below = {COST: {"stack-accelerators-at-full-scale": {"maxAcceleratorsAtFullScale": 17}}}
    assert _stack_verdicts(no_max, below) == [
        (
            "stack-accelerators-at-full-scale",
            "violation",
            "(stack)",
            "the stack may run 18 accelerators at full scale (h100 0, t4 2, v5e 16), over the ceiling of 17 "
            "(maxAcceleratorsAtFullScale)",
        )
    ]


def test_a_pool_with_no_region_says_so() -> None:
    """No `aws:region` in the stack config and none on the pools: the EKS pools have nothing to be priced in."""
    config = {k: v for k, v in CONFIG.items() if k != "aws:region"}
    result = found(run_packs(PACKS, inventory(), PROJECT, config))
    assert [v for v in result if v[0] == "stack-hourly-cost"] == [
        (
            "stack-hourly-cost",
            "violation",
            "eks-h100",
            "cannot price pool 'h100': pool 'h100' has no region to price it in",
        ),
        (
            "stack-hourly-cost",
            "violation",
            "eks-system",
            "cannot price pool 'system': pool 'system' has no region to price it in",
        ),
    ]


def test_a_pool_with_a_region_but_no_machine_type_says_so() -> None:
    result = found(verdicts(mutated("eks-h100", (("instanceTypes",), DROP))))
    assert result == [
        ("stack-hourly-cost", "violation", "eks-h100", "cannot price pool 'h100': pool 'h100' has no machine type")
    ]
