"""Run the real program (`__main__.py`) under recording mocks with one stack's config.

Renders in one process are sequential and isolated: `install_mocks` resets the SDK's global settings,
config and root stack first, so two stacks rendered in one process never see each other's resources.
Each render closes its event loop and the loop's executor threads when it ends.
"""

from __future__ import annotations

import asyncio
import runpy
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.settings import get_root_resource
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from mlplatform.engine.aliases import without_version_aliases
from mlplatform.engine.inventory import Inventory, JsonValue
from mlplatform.engine.inventory import RenderError as RenderError  # its home is light: the CLI need not import pulumi
from mlplatform.engine.mocks import MASKED, install_mocks
from mlplatform.engine.stackfile import StackFile, read_stack_file

PROGRAM = "__main__.py"


def render(stack_file: Path | StackFile, *, version_aliases: bool = False, preview: bool = False) -> Inventory:
    """The stack's inventory as `pulumi up` registers it, or (`preview=True`) as a first `pulumi preview` does
    (computed outputs unknown); `version_aliases=True` keeps the provider classes' own version aliases.

    They are left out by default (`mlplatform.engine.aliases`): the inventory is the same, the render about
    twice as fast on Azure. Keeping them is for the test that proves the two renders equal, and the benchmarks.
    """
    stack = stack_file if isinstance(stack_file, StackFile) else read_stack_file(stack_file)
    inventory = install_mocks(stack.project, stack.stack, stack.engine_config(), preview=preview)
    program = str(stack.project_dir / PROGRAM)

    def run_program() -> None:
        runpy.run_path(program, run_name="__main__")

    # the whole run: resources built later, in an apply's callback, merge their options then
    aliases = nullcontext() if version_aliases else without_version_aliases()
    try:
        with aliases:
            _sync_await(run_pulumi_func(run_program))
        inventory.outputs = _stack_outputs()
    except pulumi.RunError as exc:
        raise RenderError(str(exc), inventory) from None
    except Exception as exc:  # a bug, not bad input: still one clear line, with where it happened
        where = f"{type(exc).__name__} after {len(inventory)} registrations"
        raise RenderError(f"{stack.path}: the program failed ({where}): {exc}", inventory, internal=True) from exc
    finally:
        _close_loop()
    return inventory


def _close_loop() -> None:
    """Cancel what a failed render left pending, stop the loop's executor threads, close the loop.

    The loop is the one `install_mocks` made current; this is what `asyncio.run` does on exit.
    """
    loop = asyncio.get_event_loop()
    if loop.is_closed():
        return
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_default_executor())
    loop.close()


def _stack_outputs() -> dict[str, JsonValue]:
    root: Any = get_root_resource()
    outputs: dict[str, Any] = dict(getattr(root, "outputs", {}) or {})
    resolved: dict[str, JsonValue] = {}
    for key, value in sorted(outputs.items()):
        output = pulumi.Output.from_input(value)
        secret = _sync_await(output.is_secret())
        resolved[key] = MASKED if secret else _sync_await(output.future())
    return resolved
