"""`mlplatform policy`: both policy packs on rendered stacks, as `pulumi preview --policy-pack` would run them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

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
    StackFiles,
    out,
)
from mlplatform.engine.inventory import RenderError
from mlplatform.engine.stackfile import StackFileError, read_stack_file
from mlplatform.present.format import Format

if TYPE_CHECKING:
    from mlplatform.policy import StackVerdicts


def policy(
    paths: StackFiles = None,
    all_stacks: AllStacks = False,
    fmt: FormatOption = Format.TABLE,
    config: Annotated[
        list[str] | None,
        typer.Option(
            "--config", help="PACK=FILE (a pack's --policy-pack-config file) or FILE keyed by pack; repeatable"
        ),
    ] = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """Run both policy packs on rendered stacks as `pulumi preview --policy-pack` would.

    Exits 1 when a mandatory policy is violated.
    """
    # the packs import pulumi_policy (about 0.3 s): only this command's run pays for them, not every CLI start
    from mlplatform.policy import PolicyConfigError, run_packs
    from mlplatform.policy.format import show_verdicts
    from mlplatform.policy.packs import PACKS, pack_configs

    try:
        configs = pack_configs(config or [])
        stacks = [read_stack_file(path) for path in common.stack_paths(paths, all_stacks)]
        for stack in stacks:
            common.blueprint(stack)
        inventories = common.render(stacks, jobs, no_cache)
        results: list[StackVerdicts] = [
            run_packs(PACKS, inventory, stack.project, stack.config, configs)
            for stack, inventory in zip(stacks, inventories, strict=True)
        ]
    except RenderError as exc:
        common.fail_render(exc)
    except (StackFileError, BlueprintError, PolicyConfigError, OSError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    show_verdicts(results, fmt, out)
    raise typer.Exit(EXIT_FINDINGS if any(r.mandatory for r in results) else EXIT_OK)
