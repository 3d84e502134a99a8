"""`mlplatform diff`: what a change does to rendered stacks, between two files or two git revisions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlplatform.commands import common
from mlplatform.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    AllStacks,
    Jobs,
    NoCache,
    StackFiles,
    StackNames,
    out,
)
from mlplatform.diff import FailOn, FailOnError, PolicyCheck, RevisionError, diff_files, diff_revisions, failures
from mlplatform.diff.output import DiffFormat
from mlplatform.diff.output import markdown as diff_markdown
from mlplatform.diff.output import to_json as diff_json
from mlplatform.engine.inventory import Inventory, RenderError
from mlplatform.engine.stackfile import StackFile, StackFileError, committed_stacks, find_project_dir, read_stack_file
from mlplatform.present.format import write_json


def diff(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    names: StackNames = None,
    base: Annotated[
        str | None, typer.Option(help="Git revision to compare with; each side is rendered by its own code")
    ] = None,
    head: Annotated[str | None, typer.Option(help="Git revision of the new side (default: the working tree)")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", help="markdown or json")] = DiffFormat.MARKDOWN,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(help="Exit 1 on: new-mandatory-violation, stateful-replacement, replacement-stop, "
                          "cost-increase=PCT (repeatable)"),
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
            return common.render(stacks, jobs, no_cache, checkout)

        paths = [*(paths or []), *common.named_stacks(names or [])]
        if all_stacks and paths:
            raise StackFileError("--all already selects every committed stack; drop the stack files and --stack")
        if base:
            if not paths and not all_stacks:
                raise StackFileError("name the stack files to compare with --base (or --stack NAME), or pass --all")
            stacks = [read_stack_file(p) for p in (paths or committed_stacks(find_project_dir(Path.cwd())))]
            diffs = diff_revisions(paths or [], base, head, render, policies=_policy_check(stacks),
                                   all_stacks=all_stacks)
        elif head or all_stacks or len(paths or []) != 2:
            raise StackFileError("name two stack files (OLD NEW), or stack files with --base REV [--head REV]")
        else:
            old, new = paths or []
            diffs = [diff_files(old, new, render, policies=_policy_check([read_stack_file(old), read_stack_file(new)]))]
    except (StackFileError, RenderError, RevisionError, FailOnError, OSError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
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
        from mlplatform.policy import run_packs  # the packs import pulumi_policy: only when a diff runs them
        from mlplatform.policy.packs import PACKS

        verdicts = run_packs(PACKS, inventory, stack.project, stack.config).verdicts
        return [(v.policy, v.urn, "mandatory" if v.blocking else v.kind if v.kind == "unknown" else "advisory",
                 v.message) for v in verdicts]

    return check
