"""What the Platform component registers as its own inputs (and outputs): the blueprint's environment and budget.

Policy packs see resources, never stack config. The Python SDK sends a component's props as its inputs, like a
custom resource's (pulumi/runtime/resource.py, `RegisterResourceRequest(object=...)`), which is what
`mlplatform.engine.mocks.RecordingMonitor` records. The engine sends a component's registered inputs to `Analyze`
and, for `AnalyzeStack`, its state's outputs, which `register_outputs` overwrites (pulumi/pulumi
pkg/resource/deploy/step_generator.go `AnalyzeResources`, step_executor.go `ExecuteRegisterResourceOutputs`). The
Platform registers the same keys and values both ways, so the cost pack's stack rules read the budget whichever
the engine sends, and `mlplatform policy` (which records inputs) reads what the engine does.
"""

from __future__ import annotations

from typing import Any

from components.spec import Blueprint

PLATFORM_TYPE = "mlplatform:index:Platform"
INPUT_ENVIRONMENT = "environment"
INPUT_BUDGET = "budget"
BUDGET_MAX_USD = "maxUsdPerHour"  # the blueprint's own key (budget.maxUsdPerHour)


def platform_inputs(blueprint: Blueprint) -> dict[str, Any]:
    """{environment, budget: {maxUsdPerHour}} in wire names; no `budget` key when the blueprint sets none."""
    inputs: dict[str, Any] = {INPUT_ENVIRONMENT: blueprint.environment.value}
    if blueprint.budget is not None:
        inputs[INPUT_BUDGET] = {BUDGET_MAX_USD: blueprint.budget.max_usd_per_hour}
    return inputs
