"""`mlplatform policy`: both policy packs on rendered stacks, as `pulumi preview --policy-pack` would run them."""

from __future__ import annotations

from pathlib import Path
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
    StackNames,
    err,
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
    names: StackNames = None,
    fmt: FormatOption = Format.TABLE,
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
    # the packs import pulumi_policy (about 0.3 s): only this command's run pays for them, not every CLI start
    from mlplatform.policy import PolicyConfigError
    from mlplatform.policy.format import show_verdicts
    from mlplatform.policy.packs import config_warnings, pack_configs
    from mlplatform.policy.pulumi_cli import cli_warning
    from mlplatform.policy.views import both_views, check_export, failed

    try:
        configs = pack_configs(config or [])
        for warning in [*config_warnings(configs), cli_warning()]:
            if warning:
                err.print(f"warning: {warning}", markup=False, highlight=False)
        results: list[StackVerdicts]
        if inventory is not None:
            results = [check_export(inventory, read_stack_file(paths[0]) if paths else None, configs)]
        else:
            stacks = [read_stack_file(path) for path in common.stack_paths(paths, all_stacks, names)]
            for stack in stacks:
                common.blueprint(stack)
            inventories = common.render(stacks, jobs, no_cache)
            results = [r for s, inv in zip(stacks, inventories, strict=True) for r in both_views(s, inv, configs)]
    except RenderError as exc:
        common.fail_render(exc)
    except (StackFileError, BlueprintError, PolicyConfigError, OSError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    show_verdicts(results, fmt, out)
    raise typer.Exit(EXIT_FINDINGS if failed(results) else EXIT_OK)
