"""A cached `plan` reads each stack's policy counts beside its inventory and never imports the packs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlplatform.cli import app
from mlplatform.commands.plan import POLICY_NOTE
from mlplatform.engine.cache import CACHE_DIR_ENV, RenderCache
from mlplatform.engine.stackfile import read_stack_file
from tests.engine.stacks import ROOT
from tests.engine.test_cache import INVENTORY, checkout, stack_in

STACK = ROOT / "stacks" / "Pulumi.gcp-dev.yaml"
# In a new process: `plan` from a warm cache, then whether the packs or the SDK were imported.
CACHED_PLAN = f"""
import json, sys
from typer.testing import CliRunner
from mlplatform.cli import app
result = CliRunner().invoke(app, ["plan", {str(STACK)!r}, "--format", "json"])
print(json.dumps({{"exit": result.exit_code, "report": json.loads(result.output),
                  "imported": sorted(m for m in ("pulumi", "pulumi_policy", "policies") if m in sys.modules)}}))
"""


def test_a_note_is_keyed_by_the_inventory_and_the_pack_code(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    cache = RenderCache.for_code(root, tmp_path / "cache")
    key, note = cache.key(stack_in(root)), cache.note_key(stack_in(root), POLICY_NOTE)
    cache.put(key, INVENTORY)
    cache.put_note(note, "pass: 0 mandatory")
    assert cache.get_note(note) == "pass: 0 mandatory"
    assert cache.note_key(stack_in(root), "another-note") != note

    (root / "policies" / "pack.py").parent.mkdir()
    (root / "policies" / "pack.py").write_text("# a policy edited\n")
    edited = RenderCache.for_code(root, tmp_path / "cache")
    assert edited.key(stack_in(root)) == key  # the render does not read the packs: still a hit
    assert edited.get(key) == INVENTORY
    assert edited.get_note(edited.note_key(stack_in(root), POLICY_NOTE)) is None  # the summary is a miss


def test_a_cached_plan_prints_the_cached_summary_without_importing_the_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    first = CliRunner().invoke(app, ["plan", str(STACK), "--format", "json"])
    assert first.exit_code == 0, first.output
    [cold] = json.loads(first.output)
    assert cold["policies"]["summary"].startswith("pass: 0 mandatory")
    cache = RenderCache.for_code(ROOT, tmp_path / "cache")
    note = cache.note_key(read_stack_file(STACK), POLICY_NOTE)
    assert cache.get_note(note) == cold["policies"]
    cache.put_note(note, {**cold["policies"], "advisory": 7})

    proc = subprocess.run([sys.executable, "-c", CACHED_PLAN], capture_output=True, text=True, check=True, cwd=ROOT)
    cached = json.loads(proc.stdout.splitlines()[-1])
    assert cached["exit"] == 0
    assert cached["imported"] == []
    [report] = cached["report"]
    ran = cold["policies"]["policies_run"]
    assert (report["policies"]["advisory"], report["policies"]["summary"]) == (
        7, f"pass: 0 mandatory, 7 advisory, 0 unknown ({ran} policies)")
    assert {k: v for k, v in report.items() if k != "policies"} == {k: v for k, v in cold.items() if k != "policies"}
