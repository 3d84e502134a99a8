"""`mlplatform cost`: cost per pool and per stack from the price book (`mlplatform.economics.cost`)."""

from __future__ import annotations

from typing import Annotated

import typer

from components import catalog
from components.plan import plan_platform
from components.spec import BlueprintError
from mlplatform.commands import common
from mlplatform.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    AllStacks,
    FormatOption,
    Overrides,
    StackFiles,
    StackNames,
    out,
)
from mlplatform.economics.cost import CostAssumptions, estimate
from mlplatform.economics.cost_report import CostReport, cost_report, show_cost
from mlplatform.engine.stackfile import StackFileError, read_stack_file
from mlplatform.present.format import Format


def cost(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    names: StackNames = None,
    fmt: FormatOption = Format.TABLE,
    price_overrides: Overrides = None,
    utilisation: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Expected share of the way from minNodes to maxNodes")
    ] = CostAssumptions.utilisation,
    storage_gb: Annotated[float, typer.Option(min=0.0, help="Assumed artifact store size, GB")] = (
        CostAssumptions.storage_gb
    ),
    nat_gb: Annotated[float, typer.Option(min=0.0, help="Assumed NAT data processed, GB per month")] = (
        CostAssumptions.nat_gb_per_month
    ),
) -> None:
    """Cost per pool and per stack, USD/hour and /month: idle, expected, full scale; tiers side by side; fixed costs.

    Prices come from the blueprint's price book plus the override file; fixed costs from the catalog.
    Exits 1 when a stack's full-scale cost exceeds its blueprint budget.
    """
    assumptions = CostAssumptions(utilisation, storage_gb, nat_gb)
    reports: list[CostReport] = []
    try:
        overrides = catalog.load_overrides(price_overrides) if price_overrides else None
        for path in common.stack_paths(paths, all_stacks, names):
            stack = read_stack_file(path)
            blueprint = common.blueprint(stack)
            plan = plan_platform(blueprint)
            budget = blueprint.budget.max_usd_per_hour if blueprint.budget else None
            found = estimate(plan, budget, overrides, services=blueprint.services, assumptions=assumptions)
            reports.append(cost_report(stack.stack, plan.cloud.value, plan.region, plan.environment.value, found))
    except (StackFileError, BlueprintError, catalog.InvalidPriceOverrides, OSError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    show_cost(reports, fmt.value, out)
    raise typer.Exit(EXIT_FINDINGS if any(r.over_budget for r in reports) else EXIT_OK)
