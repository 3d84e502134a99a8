"""`mlplatform validate`: check stack files' blueprints without rendering."""

from __future__ import annotations

import typer

from components.spec import BlueprintError
from mlplatform.commands import common
from mlplatform.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    AllStacks,
    StackFiles,
    StackNames,
    err,
    out,
)
from mlplatform.engine.stackfile import StackFileError, read_stack_file


def validate(paths: StackFiles = None, all_stacks: AllStacks = False, names: StackNames = None) -> None:
    """Check stack files' blueprints; print every problem with its path. Nothing is rendered."""
    try:
        stacks = [read_stack_file(p) for p in common.stack_paths(paths, all_stacks, names)]
    except StackFileError as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    failed = 0
    for stack in stacks:
        try:
            common.blueprint(stack)
            out.print(f"ok  {stack.path}")
        except (BlueprintError, StackFileError) as exc:
            failed += 1
            err.print(str(exc), markup=False, highlight=False)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
