"""`cost`, `parity`, `migrate` and `decide`: thin command bodies over `mlplatform.cost`, `parity`, `migrate`, `decide`.

Exit codes as in `mlplatform.cli`: 0 ok, 1 findings (over budget), 2 bad input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.table import Table

from components import catalog
from components.plan import plan_platform
from components.spec import BlueprintError, Cloud
from mlplatform.cost import CostAssumptions, estimate
from mlplatform.costing.report import CostReport, cost_report, show_cost
from mlplatform.decide import CLOUDS, WHERE, cost_dimension, load_weights
from mlplatform.decide import decide as run_decide
from mlplatform.decide import rows as decide_rows
from mlplatform.format import Format
from mlplatform.migrate import retarget
from mlplatform.parity import StackSide, compare, verdict
from mlplatform.parity import markdown as parity_markdown
from mlplatform.parity import rows as parity_rows
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

    assumptions = CostAssumptions(utilisation, storage_gb, nat_gb)
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


def _sides(paths: list[Path], overrides: catalog.PriceOverrides | None) -> list[StackSide]:
    from mlplatform import cli

    sides = []
    for path in paths:
        stack = read_stack_file(path)
        blueprint = cli._blueprint(stack)
        plan = plan_platform(blueprint)
        found = estimate(plan, None, overrides, services=blueprint.services)
        sides.append(StackSide(stack.stack, plan, found, blueprint.services))
    return sides


def parity(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    fmt: FormatOption = Format.TABLE,
    price_overrides: Overrides = None,
) -> None:
    """Stacks side by side per pool; every non-equivalence flagged; the cheapest stack at idle and at full scale."""
    from mlplatform import cli

    try:
        overrides = catalog.load_overrides(price_overrides) if price_overrides else None
        report = compare(_sides(cli._stack_paths(paths, all_stacks), overrides))
    except (StackFileError, BlueprintError, catalog.InvalidPriceOverrides, OSError, ValueError) as exc:
        cli._fail(str(exc), cli.EXIT_BAD_INPUT)
    if fmt is Format.JSON:
        cli.out.print_json(json.dumps(report.to_json()))
    elif fmt is Format.MARKDOWN:
        cli.out.print(parity_markdown(report), markup=False, highlight=False, soft_wrap=True)
    else:
        table = Table(title="parity")
        for header in ("", *report.stacks):
            table.add_column(header)
        for row in parity_rows(report):
            table.add_row(*row)
        cli.out.print(table)
        cli.out.print(verdict(report), markup=False, highlight=False)
        for flag in report.flags:
            cli.out.print(f"flag: {flag}", markup=False, highlight=False)
    raise typer.Exit(cli.EXIT_OK)


def decide(
    weights: Annotated[Path | None, typer.Option(help="YAML file overriding weights and scores")] = None,
    cost_of: Annotated[
        Path | None, typer.Option(help="Fold this stack's blueprint cost per cloud in as an extra dimension")
    ] = None,
    cost_weight: Annotated[int, typer.Option(min=1, max=5, help="Weight of the extra cost dimension")] = 3,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """The weighted cloud-choice matrix: scores 1-5 x weights 1-5, ranking with totals and the usual picks."""
    from mlplatform import cli

    try:
        data = yaml.safe_load(weights.read_text(encoding="utf-8")) if weights else None
        dimensions = load_weights(data, str(weights or ""))
        notes: list[str] = []
        if cost_of is not None:
            full, notes = _cost_per_cloud(cost_of)
            label = f"full-scale catalog cost of {read_stack_file(cost_of).stack}'s blueprint per cloud"
            dimensions = (*dimensions, cost_dimension(full, cost_weight, label))
    except (StackFileError, OSError, yaml.YAMLError) as exc:
        cli._fail(str(exc), cli.EXIT_BAD_INPUT)
    except BlueprintError as exc:
        cli._fail(str(exc), cli.EXIT_FINDINGS if exc.where == WHERE else cli.EXIT_BAD_INPUT)
    result = run_decide(dimensions)
    if fmt is Format.JSON:
        cli.out.print_json(json.dumps({**result.to_json(), "notes": notes}))
        raise typer.Exit(cli.EXIT_OK)
    headers = ("dimension", "weight", *(c.value for c in CLOUDS))
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in decide_rows(result)]
    ranking = ", ".join(f"{i}. {r.cloud} {r.total}" for i, r in enumerate(result.ranking, 1))
    text = "\n".join([*lines, "", f"ranking: {ranking}", f"recommendation: {result.recommendation}",
                      *(f"note: {n}" for n in notes)])
    cli.out.print(text, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(cli.EXIT_OK)


def _cost_per_cloud(path: Path) -> tuple[dict[Cloud, float], list[str]]:
    """Full-scale USD/h of the stack's blueprint re-targeted to each cloud (nearest region), with what it leaves out."""
    from mlplatform import cli

    stack = read_stack_file(path)
    blueprint = cli._blueprint(stack)
    full: dict[Cloud, float] = {}
    notes = []
    for cloud in CLOUDS:
        moved = retarget(blueprint, stack.blueprint, stack.config, cloud) if cloud is not blueprint.cloud else None
        target = moved.blueprint if moved else blueprint
        full[cloud] = estimate(plan_platform(target), services=target.services).full_usd_per_hour
        if moved and moved.unmovable:
            notes.append(f"{cloud} ({moved.region}) cost leaves out pools it cannot run: "
                         + ", ".join(u.pool for u in moved.unmovable))
    return full, notes
