"""The render cache: a hit only when nothing the render reads has changed; safe writes; --no-cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from mlplatform.cli import app
from mlplatform.engine import cache as cache_module
from mlplatform.engine.cache import CACHE_DIR_ENV, RenderCache, default_cache_dir
from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.engine.stackfile import StackFile, read_stack_file
from tests.engine.stacks import ROOT

INVENTORY = Inventory(
    stack="aws-dev",
    registrations=[Registration(urn="urn:a", type="t:m:R", name="a", parent="urn:s", custom=True, inputs={"x": 1.0})],
    outputs={"cloud": "aws"},
)


def checkout(tmp_path: Path) -> Path:
    """A minimal checkout: the program files, one module per code package, a lock file, a stack file."""
    root = tmp_path / "checkout"
    for name, text in {
        "Pulumi.yaml": "name: mlplatform\n",
        "__main__.py": "import pulumi\n",
        "uv.lock": "version = 1\n",
        "components/spec.py": "A = 1\n",
        "mlplatform/engine/mocks.py": "B = 1\n",
        "stacks/Pulumi.aws-dev.yaml": "config:\n  aws:region: us-east-1\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def stack_in(root: Path) -> StackFile:
    return read_stack_file(root / "stacks" / "Pulumi.aws-dev.yaml")


def edit(relative: str, text: str = "# changed\n") -> Callable[[Path], Path]:
    def change(root: Path) -> Path:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((path.read_text() if path.exists() else "") + text)
        return root / "stacks" / "Pulumi.aws-dev.yaml"

    return change


def rename_stack(root: Path) -> Path:
    old = root / "stacks" / "Pulumi.aws-dev.yaml"
    return old.rename(old.with_name("Pulumi.aws-dev2.yaml"))


CHANGES: dict[str, Callable[[Path], Path]] = {
    "stack file bytes": edit("stacks/Pulumi.aws-dev.yaml", "  aws:profile: x\n"),
    "stack file name": rename_stack,
    "__main__.py": edit("__main__.py"),
    "Pulumi.yaml": edit("Pulumi.yaml", "description: x\n"),
    "a components module": edit("components/spec.py"),
    "a new components file": edit("components/catalog/new_rows.py"),
    "a data file in components": edit("components/catalog/prices.csv", "a,b\n"),
    "an mlplatform module": edit("mlplatform/engine/mocks.py"),
    "uv.lock": edit("uv.lock"),
}


def test_an_unchanged_stack_is_a_hit(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    cache = RenderCache.for_code(root, tmp_path / "cache")
    cache.put(cache.key(stack_in(root)), INVENTORY)
    again = RenderCache.for_code(root, tmp_path / "cache")
    assert again.get(again.key(stack_in(root))) == INVENTORY


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_changing_any_input_is_a_miss(tmp_path: Path, change: Callable[[Path], Path]) -> None:
    root = checkout(tmp_path)
    cache = RenderCache.for_code(root, tmp_path / "cache")
    before = cache.key(stack_in(root))
    cache.put(before, INVENTORY)
    stack = read_stack_file(change(root))
    after = RenderCache.for_code(root, tmp_path / "cache")
    assert after.key(stack) != before
    assert after.get(after.key(stack)) is None


def test_another_python_or_another_sdk_version_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = checkout(tmp_path)
    dists = [SimpleNamespace(metadata={"Name": "pulumi-aws"}, version="7.51.1")]
    monkeypatch.setattr(cache_module.metadata, "distributions", lambda: dists)
    cache = RenderCache.for_code(root, tmp_path / "cache")
    key = cache.key(stack_in(root))
    cache.put(key, INVENTORY)
    dists[0].version = "7.52.0"
    sdk_bumped = RenderCache.for_code(root, tmp_path / "cache")
    monkeypatch.setattr(cache_module.sys, "version", "3.12.1 (main)")
    python_bumped = RenderCache.for_code(root, tmp_path / "cache")
    keys = {key, sdk_bumped.key(stack_in(root)), python_bumped.key(stack_in(root))}
    assert len(keys) == 3
    assert sdk_bumped.get(sdk_bumped.key(stack_in(root))) is None


def test_writes_leave_no_temporary_files_and_a_torn_entry_is_a_miss(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    cache = RenderCache.for_code(root, tmp_path / "cache")
    key = cache.key(stack_in(root))
    cache.put(key, INVENTORY)
    cache.put(key, INVENTORY)  # a second writer of the same key replaces the file whole
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"{key}.json"]
    (tmp_path / "cache" / f"{key}.json").write_text('{"schemaVersion": 1, "stack"')
    assert cache.get(key) is None


def test_the_cache_location_is_the_env_var_then_xdg_then_home() -> None:
    assert default_cache_dir({CACHE_DIR_ENV: "/c", "XDG_CACHE_HOME": "/x"}) == Path("/c")
    assert default_cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/mlplatform")
    assert default_cache_dir({}) == Path.home() / ".cache" / "mlplatform"


def test_plan_reads_an_unchanged_stack_from_the_cache_and_no_cache_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    argv = ["plan", str(ROOT / "stacks" / "Pulumi.aws-dev.yaml"), "--format", "json"]
    first = CliRunner().invoke(app, argv)
    assert first.exit_code == 0, first.output
    [entry] = [p for p in (tmp_path / "cache").iterdir() if "resources" in json.loads(p.read_text())]  # not a note
    doc = json.loads(entry.read_text())
    [cluster] = [r for r in doc["resources"] if r["type"] == "aws:eks/cluster:Cluster"]
    assert cluster["inputs"]["version"] == "1.35"
    cluster["inputs"]["version"] = "from-the-cache"
    entry.write_text(json.dumps(doc))

    def version(argv: list[str]) -> str:
        result = CliRunner().invoke(app, argv)
        assert result.exit_code == 0, result.output
        [report] = json.loads(result.output)
        [found] = [r for r in report["inventory"]["resources"] if r["type"] == "aws:eks/cluster:Cluster"]
        return str(found["inputs"]["version"])

    assert version(argv) == "from-the-cache"
    assert version([*argv, "--no-cache"]) == "1.35"
    assert json.loads(entry.read_text())["resources"] == doc["resources"]  # --no-cache wrote nothing
