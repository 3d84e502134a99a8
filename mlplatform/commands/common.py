"""What every command shares: the consoles, options, exit codes, error printing, and stack files in and blueprints out.

Exit codes: 0 ok, 1 findings (a stack's blueprint has problems), 2 bad input (unreadable files,
wrong arguments) or a stack that cannot be planned, 3 an internal error (a bug in mlplatform, never bad input).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from components.spec import Blueprint, BlueprintError
from components.spec.stackconfig import blueprint_from_stack
from mlplatform.engine.cache import RenderCache, code_root
from mlplatform.engine.inventory import Inventory, RenderError
from mlplatform.engine.jobs import render_stacks
from mlplatform.engine.stackfile import StackFile, StackFileError, committed_stacks, find_project_dir
from mlplatform.engine.worker import leave
from mlplatform.present.format import Format

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_BUGS = "report it with the command and the stack file to the mlplatform maintainers (open an issue)"

# Wide enough for the pool table when piped (CI logs, files); a terminal keeps its own width.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True, soft_wrap=True)

StackFiles = Annotated[list[Path] | None, typer.Argument(help="Stack files, e.g. stacks/Pulumi.aws-dev.yaml")]
AllStacks = Annotated[bool, typer.Option("--all", help="Every committed stack in stacks/")]
StackNames = Annotated[
    list[str] | None,
    typer.Option("--stack", metavar="NAME", help="A committed stack by name, e.g. aws-dev for "
                 "stacks/Pulumi.aws-dev.yaml (repeatable)"),
]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", min=1, help="Render in N worker processes (default: one per cloud, at least one per core)"),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Render every stack; neither read nor write the cache")]
FormatOption = Annotated[Format, typer.Option("--format", help="table, json or markdown")]
Overrides = Annotated[
    Path | None, typer.Option(help="YAML file of negotiated prices (see components/catalog/price_overrides.py)")
]


def stack_paths(paths: list[Path] | None, all_stacks: bool, names: list[str] | None = None) -> list[Path]:
    """The stack files named (as paths, then as committed stack names with --stack), or every committed one."""
    if all_stacks:
        if paths or names:
            raise StackFileError("--all already selects every committed stack; drop the stack files and --stack")
        found = committed_stacks(find_project_dir(Path.cwd()))
        if not found:
            raise StackFileError("no stack files in stacks/")
        return found
    if not paths and not names:
        raise StackFileError("name one or more stack files, --stack NAME, or pass --all")
    return [*(paths or []), *named_stacks(names or [])]


def named_stacks(names: list[str]) -> list[Path]:
    """Committed stacks by name (`aws-dev` is stacks/Pulumi.aws-dev.yaml), in the order asked, each once."""
    if not names:
        return []
    known = {stack_name(path): path for path in committed_stacks(find_project_dir(Path.cwd()))}
    unknown = [name for name in dict.fromkeys(names) if name not in known]
    if unknown:
        noun = "stack" if len(unknown) == 1 else "stacks"
        raise StackFileError(f"no committed {noun} named {', '.join(map(repr, unknown))}; committed stacks: "
                             f"{', '.join(sorted(known)) or 'none (stacks/ has no Pulumi.<name>.yaml)'}")
    return [known[name] for name in dict.fromkeys(names)]


def stack_name(path: Path) -> str:
    """The stack a file configures: stacks/Pulumi.aws-dev.yaml -> aws-dev."""
    return path.name.removeprefix("Pulumi.").rsplit(".", 1)[0]


def blueprint(stack: StackFile) -> Blueprint:
    """The stack file's blueprint, its errors located at the file."""
    if stack.blueprint is None:
        raise StackFileError(f"{stack.path}: no mlplatform:blueprint in its config")
    try:
        return blueprint_from_stack(stack.blueprint, lambda ns, key: _str_or_none(stack.config.get(f"{ns}:{key}")))
    except BlueprintError as exc:
        raise exc.located(str(stack.path)) from None


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def render_cache(no_cache: bool, checkout: Path | None = None) -> RenderCache | None:
    """The render cache of this checkout (or `checkout`); None with --no-cache."""
    return None if no_cache else RenderCache.for_code(checkout or code_root())


def render(
    stacks: list[StackFile],
    jobs: int | None,
    no_cache: bool,
    checkout: Path | None = None,
    cache: RenderCache | None = None,
) -> list[Inventory]:
    """Inventories of the stacks: from the render cache (see mlplatform/engine/cache.py) or rendered in parallel.

    `cache`: the one `render_cache` made, when the caller also keeps notes in it.
    """
    cache = cache or render_cache(no_cache, checkout)
    progress = _progress if err.is_terminal and not os.environ.get("CI") else None
    return render_stacks(stacks, jobs=jobs, cache=cache, checkout=checkout, progress=progress)


def _progress(text: str) -> None:
    """Which stacks are rendering, on a terminal only (a render of several stacks takes seconds)."""
    err.print(text, style="dim", highlight=False)


def internal_error(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"mlplatform: internal error (a bug, not your input): {type(exc).__name__}: {exc}{where}; {REPORT_BUGS}"


def fail_render(exc: RenderError) -> NoReturn:
    if exc.internal:
        fail(f"mlplatform: internal error (a bug, not your input): {exc}; {REPORT_BUGS}", EXIT_INTERNAL)
    fail(str(exc), EXIT_BAD_INPUT)


def fail(message: str, code: int) -> NoReturn:
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(code)


def run(app: typer.Typer) -> None:
    """Run ``app``, then leave without interpreter teardown (`engine.worker.leave`).

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
