"""`mlplatform`: validate, plan and describe stacks offline (no cloud credentials, no Pulumi CLI).

Exit codes: 0 ok, 1 findings (a stack's blueprint has problems), 2 bad input (unreadable files,
wrong arguments) or a stack that cannot be planned, 3 an internal error (a bug in mlplatform, never bad input).
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from components import catalog
from components.plan import plan_platform
from components.spec import Blueprint, BlueprintError
from components.spec.stackconfig import blueprint_from_stack
from mlplatform.catalog_refresh import catalog_app
from mlplatform.cost import estimate
from mlplatform.format import Format, show_reports
from mlplatform.policy import PolicyConfigError, StackVerdicts, run_packs
from mlplatform.policy.format import show_verdicts
from mlplatform.policy.packs import PACKS, pack_configs
from mlplatform.render import RenderError, render
from mlplatform.report import StackReport, stack_report
from mlplatform.stackfile import (
    BLUEPRINT_KEY,
    StackFile,
    StackFileError,
    committed_stacks,
    find_project_dir,
    read_stack_file,
)

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_BUGS = "report it with the command and the stack file to the mlplatform maintainers (open an issue)"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Offline engine for mlplatform stacks: validate, plan, policy, schema, cost, parity, migrate, decide.",
)
# Wide enough for the pool table when piped (CI logs, files); a terminal keeps its own width.
app.add_typer(catalog_app, name="catalog")
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True, soft_wrap=True)

StackFiles = Annotated[list[Path] | None, typer.Argument(help="Stack files, e.g. stacks/Pulumi.aws-dev.yaml")]
AllStacks = Annotated[bool, typer.Option("--all", help="Every committed stack in stacks/")]


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
) -> None:
    """Render stacks under mocks; show key settings, cost against the budget and the resource tree.

    Exits 1 when a stack's full-scale cost exceeds its blueprint budget.
    """
    reports: list[StackReport] = []
    try:
        overrides = catalog.load_overrides(price_overrides) if price_overrides else None
        for path in _stack_paths(paths, all_stacks):
            stack = read_stack_file(path)
            blueprint = _blueprint(stack)
            plan = plan_platform(blueprint)
            budget = blueprint.budget.max_usd_per_hour if blueprint.budget else None
            cost = estimate(plan, budget, overrides, services=blueprint.services)
            inventory = render(stack)
            verdicts = run_packs(PACKS, inventory, stack.project, stack.config)
            reports.append(stack_report(stack.stack, plan, inventory, cost, policies=verdicts.summary()))
    except RenderError as exc:
        _fail(f"mlplatform: internal error (a bug, not your input): {exc}; {REPORT_BUGS}" if exc.internal
              else str(exc), EXIT_INTERNAL if exc.internal else EXIT_BAD_INPUT)
    except (StackFileError, BlueprintError, catalog.InvalidPriceOverrides, OSError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
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
) -> None:
    """Run both policy packs on rendered stacks as `pulumi preview --policy-pack` would.

    Exits 1 when a mandatory policy is violated.
    """
    results: list[StackVerdicts] = []
    try:
        configs = pack_configs(config or [])
        for path in _stack_paths(paths, all_stacks):
            stack = read_stack_file(path)
            _blueprint(stack)
            results.append(run_packs(PACKS, render(stack), stack.project, stack.config, configs))
    except (StackFileError, BlueprintError, RenderError, PolicyConfigError, OSError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    show_verdicts(results, fmt, out)
    raise typer.Exit(EXIT_FINDINGS if any(r.mandatory for r in results) else EXIT_OK)


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


def main() -> None:
    """The `mlplatform` entry point: bad input exits 1 or 2 with the user's problems; anything else is a bug,
    reported in one line (what, where, how to report it) with exit code 3, never a traceback."""
    try:
        app()
    except Exception as exc:  # Typer already turned usage errors and typer.Exit into SystemExit
        err.print(internal_error(exc), markup=False, highlight=False)
        raise SystemExit(EXIT_INTERNAL) from None


def internal_error(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"mlplatform: internal error (a bug, not your input): {type(exc).__name__}: {exc}{where}; {REPORT_BUGS}"


def _fail(message: str, code: int) -> NoReturn:
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(code)


def _register_commands() -> None:
    from mlplatform.commands import register  # after this module's helpers exist: the commands use them

    register(app)


_register_commands()
