"""`mlplatform plan`: render stacks under mocks; key settings, cost against the budget and the resource tree."""

from __future__ import annotations

import typer

from components import catalog
from components.plan import ClusterPlan, plan_platform
from components.spec import BlueprintError
from mlplatform.commands import common
from mlplatform.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    AllStacks,
    FormatOption,
    Jobs,
    NoCache,
    Overrides,
    StackFiles,
    out,
)
from mlplatform.economics.cost import CostEstimate, estimate
from mlplatform.engine.inventory import RenderError
from mlplatform.engine.stackfile import StackFile, StackFileError, read_stack_file
from mlplatform.policy import run_packs
from mlplatform.policy.packs import PACKS
from mlplatform.present.format import Format, show_reports
from mlplatform.present.report import stack_report


def plan(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    fmt: FormatOption = Format.TABLE,
    price_overrides: Overrides = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """Render stacks under mocks; show key settings, cost against the budget and the resource tree.

    Exits 1 when a stack's full-scale cost exceeds its blueprint budget.
    """
    planned: list[tuple[StackFile, ClusterPlan, CostEstimate]] = []
    try:
        overrides = catalog.load_overrides(price_overrides) if price_overrides else None
        failure: Exception | None = None  # the first bad stack; the ones before it still render first
        for path in common.stack_paths(paths, all_stacks):
            try:
                stack = read_stack_file(path)
                blueprint = common.blueprint(stack)
            except (StackFileError, BlueprintError) as exc:
                failure = exc
                break
            plan = plan_platform(blueprint)
            budget = blueprint.budget.max_usd_per_hour if blueprint.budget else None
            planned.append((stack, plan, estimate(plan, budget, overrides, services=blueprint.services)))
        inventories = common.render([stack for stack, _, _ in planned], jobs, no_cache)
        if failure:
            raise failure
    except RenderError as exc:
        common.fail_render(exc)
    except (StackFileError, BlueprintError, catalog.InvalidPriceOverrides, OSError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    reports = [
        stack_report(s.stack, p, inv, c, policies=run_packs(PACKS, inv, s.project, s.config).summary())
        for (s, p, c), inv in zip(planned, inventories, strict=True)
    ]
    show_reports(reports, fmt, out)
    raise typer.Exit(EXIT_FINDINGS if any(r.over_budget for r in reports) else EXIT_OK)

