"""`mlplatform parity`: stacks side by side per pool, every non-equivalence flagged (`mlplatform.economics.parity`)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from components import catalog
from components.plan import plan_platform
from components.spec import BlueprintError
from mlplatform.commands import common
from mlplatform.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    AllStacks,
    FormatOption,
    Overrides,
    StackFiles,
    StackNames,
    out,
)
from mlplatform.economics.cost import estimate
from mlplatform.economics.parity import StackSide, compare, verdict
from mlplatform.economics.parity import markdown as parity_markdown
from mlplatform.economics.parity import rows as parity_rows
from mlplatform.engine.stackfile import StackFileError, read_stack_file
from mlplatform.present.format import Format


def _sides(paths: list[Path], overrides: catalog.PriceOverrides | None) -> list[StackSide]:
    sides = []
    for path in paths:
        stack = read_stack_file(path)
        blueprint = common.blueprint(stack)
        plan = plan_platform(blueprint)
        found = estimate(plan, None, overrides, services=blueprint.services)
        sides.append(StackSide(stack.stack, plan, found, blueprint.services))
    return sides


def parity(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    names: StackNames = None,
    fmt: FormatOption = Format.TABLE,
    price_overrides: Overrides = None,
) -> None:
    """Stacks side by side per pool; every non-equivalence flagged; the cheapest stack at idle and at full scale."""
    try:
        overrides = catalog.load_overrides(price_overrides) if price_overrides else None
        report = compare(_sides(common.stack_paths(paths, all_stacks, names), overrides))
    except (StackFileError, BlueprintError, catalog.InvalidPriceOverrides, OSError, ValueError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    if fmt is Format.JSON:
        out.print_json(json.dumps(report.to_json()))
    elif fmt is Format.MARKDOWN:
        out.print(parity_markdown(report), markup=False, highlight=False, soft_wrap=True)
    else:
        table = Table(title="parity")
        for header in ("", *report.stacks):
            table.add_column(header)
        for row in parity_rows(report):
            table.add_row(*row)
        out.print(table)
        out.print(verdict(report), markup=False, highlight=False)
        for flag in report.flags:
            out.print(f"flag: {flag}", markup=False, highlight=False)
    raise typer.Exit(EXIT_OK)
