"""A diff base renders with its own code: the worker finds the render module in a checkout of either layout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mlplatform.engine import worker
from mlplatform.engine.jobs import BOOTSTRAP

# A checkout from before `mlplatform/engine/` (issue 16): `render` and `RenderError` in `mlplatform/render.py`.
FLAT_RENDER = '''
class RenderError(Exception):
    internal = True


class Rendered:
    def __init__(self, path):
        self.path = path

    def to_json(self):
        return {"schemaVersion": 1, "stack": self.path, "resources": [], "outputs": {}, "invokes": []}


def render(path):
    if "bad" in str(path):
        raise RenderError(f"{path}: the flat layout's error")
    return Rendered(str(path))
'''


def run_worker(checkout: Path, stacks: list[str]) -> tuple[int, list[dict[str, object]], str]:
    proc = subprocess.run(
        [sys.executable, "-c", BOOTSTRAP, str(Path(worker.__file__).resolve()), str(checkout)],
        input=json.dumps({"stacks": stacks}), capture_output=True, text=True, check=False, cwd=checkout,
    )
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()], proc.stderr


def test_a_checkout_with_the_flat_layout_renders_with_its_own_render_module(tmp_path: Path) -> None:
    (tmp_path / "mlplatform").mkdir()
    (tmp_path / "mlplatform" / "__init__.py").write_text("")
    (tmp_path / "mlplatform" / "render.py").write_text(FLAT_RENDER)
    code, lines, _ = run_worker(tmp_path, ["ok.yaml", "bad.yaml"])
    assert code == 0
    assert lines == [
        {"index": 0, "inventory": {"schemaVersion": 1, "stack": "ok.yaml", "resources": [], "outputs": {},
                                   "invokes": []}},
        {"index": 1, "error": "bad.yaml: the flat layout's error", "internal": True},
    ]


def test_a_render_module_that_fails_to_import_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    (tmp_path / "mlplatform" / "engine").mkdir(parents=True)
    (tmp_path / "mlplatform" / "__init__.py").write_text("")
    (tmp_path / "mlplatform" / "engine" / "__init__.py").write_text("")
    (tmp_path / "mlplatform" / "engine" / "render.py").write_text("import not_installed_sdk\n")
    (tmp_path / "mlplatform" / "render.py").write_text(FLAT_RENDER)
    code, lines, stderr = run_worker(tmp_path, ["ok.yaml"])
    assert code != 0 and lines == []
    assert "ModuleNotFoundError: No module named 'not_installed_sdk'" in stderr

