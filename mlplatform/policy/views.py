"""What `mlplatform policy` checks: each stack in the two views the engine shows the packs, or a saved export.

- update: the registrations of `pulumi up` (every computed output known, from the mocks);
- preview: a first `pulumi preview`, nothing created yet: ids, ARNs, emails and other computed outputs are
  unknown, exactly where the engine has them. A mandatory rule that cannot decide here cannot block a first
  deploy, so the packs' rules decide on the presence and shape of references;
- export: an inventory saved with `mlplatform plan --format json` (docs/inventory-export.md), checked again as
  it was recorded; hand-made bad stacks go through the same door.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mlplatform.engine.inventory import Inventory, InventoryFormatError
from mlplatform.engine.stackfile import StackFile
from mlplatform.policy.config import PolicyConfigError
from mlplatform.policy.packs import PACKS
from mlplatform.policy.runner import StackVerdicts, run_packs

UPDATE, PREVIEW, EXPORT = "update", "preview", "export"
DEFAULT_PROJECT = "mlplatform"
INVENTORY_KEY = "inventory"  # where a `plan --format json` report keeps the export


def both_views(
    stack: StackFile, update: Inventory, configs: Mapping[str, Mapping[str, Any]] | None = None
) -> list[StackVerdicts]:
    """The packs on the update render given and on a first-preview render of the same stack."""
    from mlplatform.engine.render import render  # the SDKs load only when a stack is rendered

    preview = render(stack, preview=True)
    return [
        _run(stack.project, stack.config, update, configs, UPDATE),
        _run(stack.project, stack.config, preview, configs, PREVIEW),
    ]


def read_export(path: Path) -> Inventory:
    """An inventory export, or a `plan --format json` report holding one; its schemaVersion is checked."""
    try:
        doc: Any = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise PolicyConfigError(f"{path}: cannot read an inventory export: {exc}") from None
    if isinstance(doc, list) and len(doc) == 1 and isinstance(doc[0], Mapping):
        doc = doc[0]
    if isinstance(doc, Mapping) and INVENTORY_KEY in doc:
        doc = doc[INVENTORY_KEY]
    try:
        return Inventory.from_json(doc)
    except InventoryFormatError as exc:
        raise PolicyConfigError(f"{path}: {exc}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise PolicyConfigError(f"{path}: not an inventory export (docs/inventory-export.md): {exc!r}") from None


def check_export(
    path: Path, stack: StackFile | None = None, configs: Mapping[str, Mapping[str, Any]] | None = None
) -> StackVerdicts:
    """The packs on a saved export; the stack file, when given, supplies the project and providers' config
    (regions), as the engine's default providers would carry them."""
    inventory = read_export(path)
    project, config = (stack.project, stack.config) if stack else (DEFAULT_PROJECT, {})
    return _run(project, config, inventory, configs, EXPORT)


def _run(
    project: str,
    config: Mapping[str, Any],
    inventory: Inventory,
    configs: Mapping[str, Mapping[str, Any]] | None,
    view: str,
) -> StackVerdicts:
    result = run_packs(PACKS, inventory, project, config, configs)
    result.view = view
    return result


def failed(results: Sequence[StackVerdicts]) -> bool:
    return any(r.mandatory for r in results)
