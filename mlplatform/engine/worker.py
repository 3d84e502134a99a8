"""A render worker process: renders the stack files named on stdin, one JSON line per stack on stdout.

`mlplatform.engine.jobs` starts it as `python -c BOOTSTRAP worker.py` in a checkout (cwd and PYTHONPATH), so
`components` and `mlplatform.engine.render` come from that checkout: this module imports nothing of the
project at module level and reads a revision older than the export format too. It imports only the
SDKs its stacks need (the Platform imports the cloud's folder when chosen).

The process ends with `os._exit` once stdout is flushed: freeing the provider SDKs' modules at
interpreter teardown costs about a second and nothing needs it. The SDK's only exit hook
(`pulumi.runtime._instrumentation`) flushes OpenTelemetry spans and is registered only when
TRACEPARENT is set; then the worker exits normally.
"""

from __future__ import annotations

import json
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

TRACING_ENV = "TRACEPARENT"
# Where a checkout keeps `render` and `RenderError`: this layout, then the flat one before `engine/` (a diff base).
RENDER_MODULES = ("mlplatform.engine.render", "mlplatform.render")
LEGACY_OPTIONS = {
    "protect": "protect",
    "retain_on_delete": "retainOnDelete",
    "delete_before_replace": "deleteBeforeReplace",
    "ignore_changes": "ignoreChanges",
    "aliases": "aliases",
}


def main() -> None:
    module = render_module()
    render, render_error = module.render, module.RenderError
    request = json.load(sys.stdin)
    for index, path in enumerate(request["stacks"]):
        try:
            line: dict[str, Any] = {"index": index, "inventory": export(render(Path(path)))}
        except render_error as exc:
            line = {"index": index, "error": str(exc), "internal": getattr(exc, "internal", False)}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
    leave(0)


def render_module() -> Any:
    """The checkout's render module, by the first of RENDER_MODULES its layout has."""
    for name in RENDER_MODULES:
        try:
            return import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not f"{name}.".startswith(f"{exc.name}."):
                raise  # the module exists but something it imports does not: a real error
    raise ModuleNotFoundError(f"no render module in this checkout: {', '.join(RENDER_MODULES)}")


def export(inventory: Any) -> dict[str, Any]:
    """The checkout's own export; a checkout older than schemaVersion 1 is upgraded (same facts)."""
    doc: dict[str, Any] = inventory.to_json()
    if "schemaVersion" in doc:
        return doc
    resources = [
        {
            **{k: r[k] for k in ("urn", "type", "name", "parent", "custom", "inputs", "dependencies")},
            "provider": r.get("provider", ""),
            "options": {new: r.get(old, [] if new in ("ignoreChanges", "aliases") else False)
                        for old, new in LEGACY_OPTIONS.items()},
        }
        for r in doc["resources"]
    ]
    return {"schemaVersion": 1, "stack": doc["stack"], "resources": resources, "outputs": doc["outputs"],
            "invokes": list(getattr(inventory, "invokes", []))}


def leave(code: int) -> None:
    """Exit without interpreter teardown, unless an exit hook has work to do (tracing)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.environ.get(TRACING_ENV):
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    main()
