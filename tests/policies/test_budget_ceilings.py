"""The cost ceilings read the blueprint's environment and budget from the Platform component's registered inputs.

The synthetic stack (full scale: the sum of its pools' catalog prices at maxNodes) gets the Platform component the
program registers; each case sets its environment or budget on one side of a boundary. A budget only tightens the
pack's ceilings (a dev stack is held to dev's ceiling whatever its budget says); no budget leaves the ceiling of the
stack's environment. What the engine sends for a component (inputs to Analyze, registered outputs to AnalyzeStack:
pulumi/pulumi pkg/resource/deploy/step_generator.go `AnalyzeResources` and step_executor.go
`ExecuteRegisterResourceOutputs`, https://github.com/pulumi/pulumi) is pinned on a render at the end.
"""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf import json_format

from components.platform_inputs import PLATFORM_TYPE
from components.spec import Capacity
from mlplatform.engine import mocks
from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.engine.render import render
from mlplatform.engine.stackfile import read_stack_file
from mlplatform.policy import run_packs
from mlplatform.policy.packs import PACKS
from tests.engine.stacks import ROOT
from tests.policies.synthetic import CONFIG, PROJECT, TAGS, found, inventory, mutated, urn
from tests.policies.test_cost_rules import SYNTHETIC_POOLS, _usd

COST = "mlplatform-cost-guardrails"
FULL = round(sum(_usd(c, m, r, cap) * hi for _, c, m, r, cap, _, hi in SYNTHETIC_POOLS), 2)
BUDGET_SOURCE = "budget.maxUsdPerHour of platform 'mlplatform'"


def platform(environment: Any = "prod", budget: Any = None) -> Registration:
    inputs: dict[str, Any] = {"environment": environment}
    if budget is not None:
        inputs["budget"] = {"maxUsdPerHour": budget}
    return Registration(
        urn=urn(PLATFORM_TYPE, "mlplatform"), type=PLATFORM_TYPE, name="mlplatform", parent="", custom=False,
        inputs=inputs,
    )


def with_platform(platform: Registration, changes: Any = None) -> Inventory:
    """The synthetic stack under a Platform component (the program registers it first)."""
    synthetic = inventory(changes)
    return Inventory(stack=synthetic.stack, registrations=[platform, *synthetic.registrations])


def _found(platform: Registration, changes: Any = None, configs: Any = None) -> list[tuple[str, str, str, str]]:
    return found(run_packs(PACKS, with_platform(platform, changes), PROJECT, CONFIG, configs))


def _over(limit: str, source: str, home: str, total: float = FULL, largest: str = "h100") -> tuple[str, ...]:
    return (
        "stack-hourly-cost",
        "violation",
        "(stack)",
        f"the stack's nodes cost ${total:,.2f}/h at full scale, over the ${limit}/h of {source} (largest: pool "
        f"'{largest}'); lower maxNodes/minNodes or raise {source} {home}",
    )


def dev_full(limit: float) -> dict[str, Any]:
    return {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScaleByEnvironment": {"dev": limit}}}}


def test_a_stack_over_its_blueprint_budget_fails_and_says_where_the_budget_lives() -> None:
    budget = round(FULL - 0.01, 2)
    assert _found(platform(budget=budget)) == [_over(f"{budget:,.2f}", BUDGET_SOURCE, "in the stack's blueprint")]


def test_a_stack_exactly_at_its_budget_passes() -> None:
    assert _found(platform(budget=FULL)) == []


def test_a_budget_of_whole_dollars_is_read_like_a_float() -> None:
    whole = int(FULL)
    assert _found(platform(budget=whole)) == [_over(f"{whole:,.2f}", BUDGET_SOURCE, "in the stack's blueprint")]


def test_no_budget_leaves_the_ceiling_of_the_platforms_environment() -> None:
    """The pools are tagged prod; the Platform says dev: the stack is held to dev's ceiling too."""
    limit = round(FULL - 0.01, 2)
    dev = "maxUsdPerHourAtFullScaleByEnvironment.dev"
    assert _found(platform(environment="dev"), configs=dev_full(limit)) == [
        _over(f"{limit:,.2f}", dev, "in the pack config")
    ]
    assert _found(platform(environment="prod"), configs=dev_full(limit)) == []
    assert _found(platform(environment="dev"), configs=dev_full(FULL)) == []


def test_a_budget_above_the_environments_ceiling_never_loosens_it() -> None:
    limit = round(FULL - 0.01, 2)
    dev = "maxUsdPerHourAtFullScaleByEnvironment.dev"
    assert _found(platform("dev", budget=10_000.0), configs=dev_full(limit)) == [
        _over(f"{limit:,.2f}", dev, "in the pack config")
    ]


def test_the_lower_of_budget_and_environment_ceiling_is_the_one_named() -> None:
    budget = round(FULL - 1, 2)
    assert _found(platform("dev", budget=budget), configs=dev_full(FULL - 0.5)) == [
        _over(f"{budget:,.2f}", BUDGET_SOURCE, "in the stack's blueprint")
    ]


def test_the_budget_holds_only_at_full_scale_never_at_idle_or_on_accelerators() -> None:
    """A budget of a cent is far under the idle cost and counts no chips: only the full-scale ceiling uses it."""
    assert _found(platform(budget=0.01)) == [_over("0.01", BUDGET_SOURCE, "in the stack's blueprint")]


def test_a_budget_that_is_not_a_number_is_no_ceiling() -> None:
    assert _found(platform(budget="120")) == []
    assert _found(platform(budget=True)) == []


def test_an_environment_that_is_not_a_string_narrows_nothing() -> None:
    assert _found(platform(environment=["dev"]), configs=dev_full(1.0)) == []


def test_an_unknown_budget_cannot_decide_and_says_so() -> None:
    assert _found(platform(budget="[unknown]")) == [
        (
            "stack-hourly-cost",
            "unknown",
            "(stack)",
            "can't run policy 'stack-hourly-cost' from policy pack 'mlplatform-cost-guardrails@v0.0.1' during "
            "preview: string value at .budget.maxUsdPerHour can't be known during preview",
        )
    ]


def test_an_unknown_environment_narrows_nothing() -> None:
    assert _found(platform(environment="[unknown]"), configs=dev_full(1.0)) == []


def test_a_dev_stack_with_dozens_of_on_demand_h100s_fails_its_budget() -> None:
    """Three on-demand p5.48xlarge (24 H100s) in dev: over a $120/h budget, which is under dev's $150/h."""
    dev = {**TAGS, "mlplatform-environment": "dev"}
    changes = mutated(
        "eks-h100", (("capacityType",), "ON_DEMAND"), (("scalingConfig", "maxSize"), 3.0), (("tags",), dev)
    )
    pools = [(c, m, r, Capacity.ON_DEMAND, 3) if n == "h100" else (c, m, r, cap, hi)
             for n, c, m, r, cap, _, hi in SYNTHETIC_POOLS]
    total = round(sum(_usd(c, m, r, cap) * hi for c, m, r, cap, hi in pools), 2)
    assert total > 150.0  # dev's pack ceiling fails it anyway; the budget is the lower one and named
    spotted = [v for v in _found(platform("dev", budget=120.0), changes) if v[0] == "stack-hourly-cost"]
    assert spotted == [_over("120.00", BUDGET_SOURCE, "in the stack's blueprint", total)]


@pytest.fixture(scope="module")
def platform_registration() -> tuple[Registration, dict[str, Any]]:
    """aws-dev rendered once: the Platform's registration, and the outputs it registers (RegisterResourceOutputs)."""
    registered: dict[str, dict[str, Any]] = {}
    original = mocks.RecordingMonitor.RegisterResourceOutputs

    def record(self: mocks.RecordingMonitor, request: Any) -> Any:
        registered[request.urn] = json_format.MessageToDict(request.outputs)
        return original(self, request)

    patch = pytest.MonkeyPatch()
    patch.setattr(mocks.RecordingMonitor, "RegisterResourceOutputs", record)
    try:
        inv = render(read_stack_file(ROOT / "stacks" / "Pulumi.aws-dev.yaml"))
    finally:
        patch.undo()
    [platform] = [r for r in inv if r.type == PLATFORM_TYPE]
    return platform, registered[platform.urn]


def test_the_rendered_platform_registers_its_environment_and_budget_as_inputs(
    platform_registration: tuple[Registration, dict[str, Any]],
) -> None:
    platform, _ = platform_registration
    assert platform.inputs == {"environment": "dev", "budget": {"maxUsdPerHour": 120.0}}
    assert platform.custom is False


def test_the_platform_registers_the_same_environment_and_budget_as_outputs_for_analyze_stack(
    platform_registration: tuple[Registration, dict[str, Any]],
) -> None:
    platform, outputs = platform_registration
    assert {k: outputs[k] for k in platform.inputs} == platform.inputs
    assert set(outputs) == {"cluster_name", "endpoint", "kubeconfig", "pool_names", "environment", "budget"}
