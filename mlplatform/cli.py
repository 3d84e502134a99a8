"""`mlplatform`: validate, plan and describe stacks offline (no cloud credentials, no Pulumi CLI).

Exit codes: 0 ok, 1 findings (a stack's blueprint has problems), 2 bad input (unreadable files,
wrong arguments) or a stack that cannot be planned, 3 an internal error (a bug in mlplatform, never bad input).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from components import catalog
from components.plan import ClusterPlan, plan_platform
from components.spec import Blueprint, BlueprintError
from components.spec.stackconfig import blueprint_from_stack
from mlplatform.cache import RenderCache, code_root
from mlplatform.catalog_refresh import catalog_app
from mlplatform.cost import CostEstimate, estimate
from mlplatform.diff import FailOn, FailOnError, PolicyCheck, RevisionError, diff_files, diff_revisions, failures
from mlplatform.diff.output import DiffFormat
from mlplatform.diff.output import markdown as diff_markdown
from mlplatform.diff.output import to_json as diff_json
from mlplatform.format import Format, show_reports, write_json
from mlplatform.inventory import Inventory, RenderError
from mlplatform.jobs import render_stacks
from mlplatform.policy import PolicyConfigError, run_packs
from mlplatform.policy.format import show_verdicts
from mlplatform.policy.packs import PACKS, config_warnings, pack_configs
from mlplatform.policy.views import both_views, check_export, failed
from mlplatform.report import stack_report
from mlplatform.stackfile import (
    BLUEPRINT_KEY,
    StackFile,
    StackFileError,
    committed_stacks,
    find_project_dir,
    read_stack_file,
)
from mlplatform.worker import leave

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_BUGS = "report it with the command and the stack file to the mlplatform maintainers (open an issue)"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Offline engine for mlplatform stacks: validate, plan, diff, policy, schema, cost, parity, migrate, decide.",
)
# Wide enough for the pool table when piped (CI logs, files); a terminal keeps its own width.
app.add_typer(catalog_app, name="catalog")
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True, soft_wrap=True)

StackFiles = Annotated[list[Path] | None, typer.Argument(help="Stack files, e.g. stacks/Pulumi.aws-dev.yaml")]
AllStacks = Annotated[bool, typer.Option("--all", help="Every committed stack in stacks/")]
Jobs = Annotated[int | None, typer.Option("--jobs", min=1, help="Render in N worker processes (default: one per core)")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Render every stack; neither read nor write the cache")]


def _render(stacks: list[StackFile], jobs: int | None, no_cache: bool, checkout: Path | None = None) -> list[Inventory]:
    """Inventories of the stacks: from the render cache (see mlplatform/cache.py) or rendered in parallel."""
    cache = None if no_cache else RenderCache.for_code(checkout or code_root())
    progress = _progress if err.is_terminal and not os.environ.get("CI") else None
    return render_stacks(stacks, jobs=jobs, cache=cache, checkout=checkout, progress=progress)


def _progress(text: str) -> None:
    """Which stacks are rendering, on a terminal only (a render of several stacks takes seconds)."""
    err.print(text, style="dim", highlight=False)


def _stack_paths(paths: list[Path] | None, all_stacks: bool) -> list[Path]:
    if all_stacks:
        found = committed_stacks(find_project_dir(Path.cwd()))
        if not found:
            raise StackFileError("no stack files in stacks/")
        return found
    if not paths:
        raise StackFileError("name one or more stack files, or pass --all")
    return paths


def _blueprint(stack: StackFile) -> Blueprint:
    if stack.blueprint is None:
        raise StackFileError(f"{stack.path}: no mlplatform:blueprint in its config")
    try:
        return blueprint_from_stack(stack.blueprint, lambda ns, key: _str_or_none(stack.config.get(f"{ns}:{key}")))
    except BlueprintError as exc:
        raise exc.located(str(stack.path)) from None


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


@app.command()
def validate(paths: StackFiles = None, all_stacks: AllStacks = False) -> None:
    """Check stack files' blueprints; print every problem with its path. Nothing is rendered."""
    try:
        stacks = [read_stack_file(p) for p in _stack_paths(paths, all_stacks)]
    except StackFileError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    failed = 0
    for stack in stacks:
        try:
            _blueprint(stack)
            out.print(f"ok  {stack.path}")
        except (BlueprintError, StackFileError) as exc:
            failed += 1
            err.print(str(exc), markup=False, highlight=False)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command()
def plan(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or markdown")] = Format.TABLE,
    price_overrides: Annotated[
        Path | None, typer.Option(help="YAML file of negotiated prices (see components/catalog/price_overrides.py)")
    ] = None,
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
        for path in _stack_paths(paths, all_stacks):
            try:
                stack = read_stack_file(path)
                blueprint = _blueprint(stack)
            except (StackFileError, BlueprintError) as exc:
                failure = exc
                break
            plan = plan_platform(blueprint)
            budget = blueprint.budget.max_usd_per_hour if blueprint.budget else None
            planned.append((stack, plan, estimate(plan, budget, overrides, services=blueprint.services)))
        inventories = _render([stack for stack, _, _ in planned], jobs, no_cache)
        if failure:
            raise failure
    except RenderError as exc:
        _fail_render(exc)
    except (StackFileError, BlueprintError, catalog.InvalidPriceOverrides, OSError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    reports = [
        stack_report(s.stack, p, inv, c, policies=run_packs(PACKS, inv, s.project, s.config).summary())
        for (s, p, c), inv in zip(planned, inventories, strict=True)
    ]
    show_reports(reports, fmt, out)
    raise typer.Exit(EXIT_FINDINGS if any(r.over_budget for r in reports) else EXIT_OK)


@app.command()
def policy(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or markdown")] = Format.TABLE,
    config: Annotated[
        list[str] | None,
        typer.Option(
            "--config", help="PACK=FILE (a pack's --policy-pack-config file) or FILE keyed by pack; repeatable"
        ),
    ] = None,
    inventory: Annotated[
        Path | None,
        typer.Option(help="Check a saved inventory export instead (a stack file, if given, supplies its config)"),
    ] = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """Run both policy packs on rendered stacks as `pulumi preview --policy-pack` would: on the update and on a
    first preview (computed values unknown). Exits 1 when a mandatory policy is violated.
    """
    try:
        configs = pack_configs(config or [])
        for warning in config_warnings(configs):
            err.print(f"warning: {warning}", markup=False, highlight=False)
        if inventory is not None:
            stack = read_stack_file(paths[0]) if paths else None
            results = [check_export(inventory, stack, configs)]
        else:
            stacks = [read_stack_file(path) for path in _stack_paths(paths, all_stacks)]
            for stack in stacks:
                _blueprint(stack)
            inventories = _render(stacks, jobs, no_cache)
            results = [r for s, inv in zip(stacks, inventories, strict=True) for r in both_views(s, inv, configs)]
    except RenderError as exc:
        _fail_render(exc)
    except (StackFileError, BlueprintError, PolicyConfigError, OSError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    show_verdicts(results, fmt, out)
    raise typer.Exit(EXIT_FINDINGS if failed(results) else EXIT_OK)


@app.command()
def diff(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    base: Annotated[
        str | None, typer.Option(help="Git revision to compare with; each side is rendered by its own code")
    ] = None,
    head: Annotated[str | None, typer.Option(help="Git revision of the new side (default: the working tree)")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", help="markdown or json")] = DiffFormat.MARKDOWN,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(help="Exit 1 on: new-mandatory-violation, stateful-replacement, cost-increase=PCT (repeatable)"),
    ] = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """Compare OLD NEW stack files, or stack files at --base REV with the working tree (or --head REV).

    Shows resources added, removed, replaced and changed, stateful replacements first, the cost delta and
    the policy verdicts that appear or disappear. Exits 1 when a --fail-on condition holds.
    """
    try:
        rules = [FailOn.parse(text) for text in fail_on or []]

        def render(stacks: list[StackFile], checkout: Path | None) -> list[Inventory]:
            return _render(stacks, jobs, no_cache, checkout)

        if base:
            if not paths and not all_stacks:
                raise StackFileError("name the stack files to compare with --base, or pass --all")
            stacks = [read_stack_file(p) for p in (paths or committed_stacks(find_project_dir(Path.cwd())))]
            diffs = diff_revisions(paths or [], base, head, render, policies=_policy_check(stacks),
                                   all_stacks=all_stacks)
        elif head or all_stacks or len(paths or []) != 2:
            raise StackFileError("name two stack files (OLD NEW), or stack files with --base REV [--head REV]")
        else:
            old, new = paths or []
            diffs = [diff_files(old, new, render, policies=_policy_check([read_stack_file(old), read_stack_file(new)]))]
    except (StackFileError, RenderError, RevisionError, FailOnError, OSError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    failed = failures(diffs, rules)
    if fmt is DiffFormat.JSON:
        write_json(out, diff_json(diffs, failed))
    else:
        out.print(diff_markdown(diffs, failed), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _policy_check(stacks: list[StackFile]) -> PolicyCheck:
    """Both packs on a rendered side of a diff, with the config of the stack file of that name."""
    by_name = {stack.stack: stack for stack in stacks}

    def check(inventory: Inventory) -> list[tuple[str, str, str, str]]:
        stack = by_name.get(inventory.stack)
        if stack is None:
            return []
        verdicts = run_packs(PACKS, inventory, stack.project, stack.config).verdicts
        return [(v.policy, v.urn, "mandatory" if v.blocking else v.kind if v.kind == "unknown" else "advisory",
                 v.message) for v in verdicts]

    return check


@app.command()
def schema(
    stack_file: Annotated[bool, typer.Option("--stack-file", help="Schema of a whole stack file")] = False,
) -> None:
    """Print the blueprint's JSON Schema (for editor completion of stack files)."""
    out.print_json(json.dumps(stack_file_schema() if stack_file else blueprint_schema()), indent=2)


def blueprint_schema() -> dict[str, Any]:
    doc = Blueprint.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "mlplatform blueprint (stack config key mlplatform:blueprint)"
    return doc


def stack_file_schema() -> dict[str, Any]:
    """A stack file: the blueprint under config, next to provider keys (free-form, checked by validate)."""
    blueprint = blueprint_schema()
    defs = blueprint.pop("$defs", {})
    blueprint.pop("$schema")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mlplatform stack file (stacks/Pulumi.<cloud>-<env>.yaml)",
        "type": "object",
        "properties": {
            "config": {
                "type": "object",
                "properties": {BLUEPRINT_KEY: blueprint},
                "required": [BLUEPRINT_KEY],
            }
        },
        "required": ["config"],
        "$defs": defs,
    }


def internal_error(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"mlplatform: internal error (a bug, not your input): {type(exc).__name__}: {exc}{where}; {REPORT_BUGS}"


def _fail_render(exc: RenderError) -> NoReturn:
    if exc.internal:
        _fail(f"mlplatform: internal error (a bug, not your input): {exc}; {REPORT_BUGS}", EXIT_INTERNAL)
    _fail(str(exc), EXIT_BAD_INPUT)


def _fail(message: str, code: int) -> NoReturn:
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(code)


def main() -> None:
    """The console script: run a command, then leave without interpreter teardown (`worker.leave`).

    Bad input exits 1 or 2 with the user's problems; anything else is a bug, reported in one line (what, where,
    how to report it) with exit code 3, never a traceback."""
    try:
        app()
    except SystemExit as exc:
        if isinstance(exc.code, str):
            err.print(exc.code, markup=False, highlight=False)
        leave(exc.code if isinstance(exc.code, int) else int(exc.code is not None))
    except Exception as exc:  # Typer already turned usage errors and typer.Exit into SystemExit
        err.print(internal_error(exc), markup=False, highlight=False)
        leave(EXIT_INTERNAL)


def _register_commands() -> None:
    from mlplatform.commands import register  # after this module's helpers exist: the commands use them

    register(app)


_register_commands()
