"""Per-stack progress: the stacks that start rendering, then each as it finishes, on stderr only on a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from mlplatform.commands import common
from mlplatform.engine.jobs import render_stacks
from mlplatform.engine.stackfile import StackFile, read_stack_file


def _stub(tmp_path: Path, name: str, resources: int, cloud: str) -> StackFile:
    """A stack whose program registers `resources` components (cheap: no cloud SDK is imported)."""
    project = tmp_path / name
    (project / "stacks").mkdir(parents=True)
    (project / "Pulumi.yaml").write_text("name: mlplatform\n")
    (project / "__main__.py").write_text(
        "import pulumi\n" + "".join(f"pulumi.ComponentResource('t:i:C', 'c{i}')\n" for i in range(resources)))
    path = project / "stacks" / f"Pulumi.{name}.yaml"
    path.write_text(json.dumps({"config": {"mlplatform:blueprint": {"cloud": cloud}}}))
    return read_stack_file(path)


def test_each_stack_is_reported_as_it_finishes_in_this_process(tmp_path: Path) -> None:
    stacks = [_stub(tmp_path, "one", 1, "aws"), _stub(tmp_path, "two", 3, "aws")]
    heard: list[str] = []
    render_stacks(stacks, jobs=1, progress=heard.append)
    assert heard == ["rendering one, two", "one: 1 resources", "two: 3 resources"]


def test_each_stack_is_reported_from_its_worker(tmp_path: Path) -> None:
    stacks = [_stub(tmp_path, "a1", 2, "aws"), _stub(tmp_path, "g1", 1, "gcp"), _stub(tmp_path, "a2", 0, "aws")]
    heard: list[str] = []
    inventories = render_stacks(stacks, jobs=2, progress=heard.append)
    assert [len(i) for i in inventories] == [2, 1, 0]
    assert heard[0] == "rendering a1, g1, a2 in 2 workers"
    assert sorted(heard[1:]) == ["a1: 2 resources", "a2: 0 resources", "g1: 1 resources"]
    assert heard.index("a1: 2 resources") < heard.index("a2: 0 resources")  # one worker renders aws in order


def test_a_failing_stack_is_reported_failed_then_raised(tmp_path: Path) -> None:
    stacks = [_stub(tmp_path, "ok", 1, "aws")]
    bad = tmp_path / "ok" / "stacks" / "Pulumi.bad.yaml"
    bad.write_text(json.dumps({"config": {"mlplatform:blueprint": {"cloud": "aws"}}}))
    (tmp_path / "ok" / "__main__.py").write_text("import pulumi\nimport sys\n"
                                                 "if pulumi.get_stack() == 'bad': raise pulumi.RunError('no')\n")
    heard: list[str] = []
    with pytest.raises(Exception, match="no"):
        render_stacks([*stacks, read_stack_file(bad)], jobs=2, progress=heard.append)
    assert sorted(heard[1:]) == ["bad: failed", "ok: 0 resources"]


@pytest.mark.parametrize(("terminal", "ci", "shown"), [(True, None, True), (False, None, False), (True, "true", False)])
def test_the_cli_shows_progress_on_a_terminal_outside_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool, ci: str | None, shown: bool
) -> None:
    stderr = io.StringIO()
    monkeypatch.setattr(common, "err", Console(file=stderr, force_terminal=terminal, width=200))
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    common.render([_stub(tmp_path, "solo", 2, "aws")], jobs=1, no_cache=True)
    text = stderr.getvalue()
    assert ("solo: 2 resources" in text and "rendering solo" in text) is shown
    assert bool(text) is shown
