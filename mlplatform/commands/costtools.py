"""`cost`, `parity`, `migrate` and `decide`: thin command bodies over `mlplatform.cost`, `parity`, `migrate`, `decide`.

Exit codes as in `mlplatform.cli`: 0 ok, 1 findings (over budget), 2 bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from components import catalog
from components.plan import plan_platform
from components.spec import BlueprintError
from mlplatform.cost import CostAssumptions, estimate
from mlplatform.costing.report import CostReport, cost_report, show_cost
from mlplatform.format import Format
from mlplatform.stackfile import StackFileError, read_stack_file

StackFiles = Annotated[list[Path] | None, typer.Argument(help="Stack files, e.g. stacks/Pulumi.aws-dev.yaml")]
AllStacks = Annotated[bool, typer.Option("--all", help="Every committed stack in stacks/")]
FormatOption = Annotated[Format, typer.Option("--format", help="table, json or markdown")]
Overrides = Annotated[
    Path | None, typer.Option(help="YAML file of negotiated prices (see components/catalog/price_overrides.py)")
]


def cost(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
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
    from mlplatform import cli  # the shared helpers; imported here because cli registers this command

    assumptions = CostAssumptions(utilisation, storage_gb, nat_gb, CostAssumptions.database_storage_gb)
    reports: list[CostReport] = []
    try:
        overrides = catalog.load_overrides(price_overrides) if price_overrides else None
        for path in cli._stack_paths(paths, all_stacks):
            stack = read_stack_file(path)
            blueprint = cli._blueprint(stack)
            plan = plan_platform(blueprint)
            budget = blueprint.budget.max_usd_per_hour if blueprint.budget else None
            found = estimate(plan, budget, overrides, services=blueprint.services, assumptions=assumptions)
            reports.append(cost_report(stack.stack, plan.cloud.value, plan.region, plan.environment.value, found))
    except (StackFileError, BlueprintError, catalog.InvalidPriceOverrides, OSError) as exc:
        cli._fail(str(exc), cli.EXIT_BAD_INPUT)
    show_cost(reports, fmt.value, cli.out)
    raise typer.Exit(cli.EXIT_FINDINGS if any(r.over_budget for r in reports) else cli.EXIT_OK)
