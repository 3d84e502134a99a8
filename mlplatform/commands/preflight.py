"""`mlplatform preflight`: before any deploy, can each stack reach its declared maximum? (`economics.preflight`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from components.plan import plan_platform
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
from mlplatform.economics.preflight import Preflight, preflight, render
from mlplatform.economics.quota_file import QuotaFile, QuotaFileError, load_quota_file
from mlplatform.engine.stackfile import StackFileError, read_stack_file

QuotaFiles = Annotated[
    list[Path] | None,
    typer.Option("--quotas", help="Quota file exported from the account (docs/preflight.md); one per cloud/region"),
]


def preflight_command(
    paths: StackFiles = None, all_stacks: AllStacks = False, names: StackNames = None, quotas: QuotaFiles = None
) -> None:
    """Shapes offered where each stack runs; quotas needed at full scale by the cloud's own codes, against the
    exported quota files; lead-time warnings for reserved H100-class capacity; the exact increase requests.

    Exits 1 when a stack cannot reach its declared maximum (a shape not offered, a quota short or missing from
    the file, a blueprint problem), 2 on unreadable input.
    """
    try:
        files = [load_quota_file(p) for p in quotas or []]
        stacks = [read_stack_file(p) for p in common.stack_paths(paths, all_stacks, names)]
    except (QuotaFileError, StackFileError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    results: list[Preflight] = []
    failed = False
    for stack in stacks:
        try:
            plan = plan_platform(common.blueprint(stack))
        except BlueprintError as exc:  # a shape not offered in the region is reported here, with its path
            err.print(str(exc), markup=False, highlight=False)
            failed = True
            continue
        except StackFileError as exc:
            common.fail(str(exc), EXIT_BAD_INPUT)
        results.append(preflight(stack.stack, plan, _matching(files, plan.cloud.value, plan.region)))
    for result in results:
        out.print(render(result), markup=False, highlight=False)
    raise typer.Exit(EXIT_FINDINGS if failed or not all(r.ok for r in results) else EXIT_OK)


def _matching(files: list[QuotaFile], cloud: str, region: str) -> QuotaFile | None:
    return next((f for f in files if f.cloud.value == cloud and f.region == region), None)
