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
    StackNames,
    out,
)
from mlplatform.economics.cost import CostEstimate, estimate
from mlplatform.engine.cache import RenderCache
from mlplatform.engine.inventory import Inventory, RenderError
from mlplatform.engine.stackfile import StackFile, StackFileError, read_stack_file
from mlplatform.present.format import Format, show_reports
from mlplatform.present.policy_counts import PolicyCounts
from mlplatform.present.report import stack_report

POLICY_NOTE = "plan-policy-counts"  # the packs' verdict counts of a stack (PolicyCounts), kept beside its inventory


def plan(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    names: StackNames = None,
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
        cache = common.render_cache(no_cache)
        overrides = catalog.load_overrides(price_overrides) if price_overrides else None
        failure: Exception | None = None  # the first bad stack; the ones before it still render first
        for path in common.stack_paths(paths, all_stacks, names):
            try:
                stack = read_stack_file(path)
                blueprint = common.blueprint(stack)
            except (StackFileError, BlueprintError) as exc:
                failure = exc
                break
            plan = plan_platform(blueprint)
            budget = blueprint.budget.max_usd_per_hour if blueprint.budget else None
            planned.append((stack, plan, estimate(plan, budget, overrides, services=blueprint.services)))
        inventories = common.render([stack for stack, _, _ in planned], jobs, no_cache, cache=cache)
        if failure:
            raise failure
    except RenderError as exc:
        common.fail_render(exc)
    except (StackFileError, BlueprintError, catalog.InvalidPriceOverrides, OSError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    verdicts = _policy_verdicts([s for s, _, _ in planned], inventories, cache)
    reports = [
        stack_report(s.stack, p, inv, c, policies=verdict)
        for (s, p, c), inv, verdict in zip(planned, inventories, verdicts, strict=True)
    ]
    show_reports(reports, fmt, out)
    raise typer.Exit(EXIT_FINDINGS if any(r.over_budget for r in reports) else EXIT_OK)


def _policy_verdicts(
    stacks: list[StackFile], inventories: list[Inventory], cache: RenderCache | None
) -> list[PolicyCounts]:
    """Each stack's policy counts: from the cache, else both packs run (imported only then: about 0.3 s)."""
    out: list[PolicyCounts] = []
    for stack, inventory in zip(stacks, inventories, strict=True):
        key = cache.note_key(stack, POLICY_NOTE) if cache else ""
        known = PolicyCounts.from_note(cache.get_note(key)) if cache else None
        if known is None:
            from mlplatform.policy import run_packs
            from mlplatform.policy.packs import PACKS

            known = PolicyCounts.of(run_packs(PACKS, inventory, stack.project, stack.config))
            if cache:
                cache.put_note(key, known.to_json())
        out.append(known)
    return out
