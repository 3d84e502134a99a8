"""Parallel rendering: batches by cloud, the caller's order, the first failure in that order, same inventories."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlplatform.cli import app
from mlplatform.engine import worker
from mlplatform.engine.cache import code_root
from mlplatform.engine.inventory import RenderError
from mlplatform.engine.jobs import Batch, plan_batches, render_stacks, worker_count
from mlplatform.engine.render import render
from mlplatform.engine.stackfile import StackFile, read_stack_file
from tests.engine.stacks import ROOT, Rendered

SIX = ["aws", "aws", "azure", "azure", "gcp", "gcp"]


@pytest.mark.parametrize(
    ("jobs", "batches"),
    [
        (1, [Batch((0, 1, 2, 3, 4, 5), frozenset(SIX))]),
        (2, [Batch((0, 1, 4, 5), frozenset({"aws", "gcp"})), Batch((2, 3), frozenset({"azure"}))]),
        (3, [Batch((2 * i, 2 * i + 1), frozenset({cloud})) for i, cloud in enumerate(["aws", "azure", "gcp"])]),
        (
            4,
            [
                Batch((0,), frozenset({"aws"})),
                Batch((1,), frozenset({"aws"})),
                Batch((2, 3), frozenset({"azure"})),
                Batch((4, 5), frozenset({"gcp"})),
            ],
        ),
        (8, [Batch((i,), frozenset({cloud})) for i, cloud in enumerate(SIX)]),
    ],
)
def test_stacks_are_batched_by_cloud_then_split_for_spare_workers(jobs: int, batches: list[Batch]) -> None:
    assert plan_batches(SIX, jobs) == batches


@pytest.mark.parametrize(
    ("clouds", "jobs", "cores", "workers"),
    [
        (SIX, None, 2, 3),  # one per cloud, past the two cores: no SDK imported twice
        (SIX, None, 4, 4),  # at least one per core
        (["aws", "aws"], None, 2, 2),
        (["aws"], None, 8, 1),  # never more than stacks
        (SIX, 2, 8, 2),  # an explicit --jobs is kept
        (SIX, 1, 2, 1),
    ],
)
def test_by_default_each_cloud_gets_a_worker_and_each_core_one_at_least(
    clouds: list[str], jobs: int | None, cores: int, workers: int
) -> None:
    assert worker_count(clouds, jobs, cores) == workers


def stub(tmp_path: Path, name: str, program: str, cloud: str = "aws") -> StackFile:
    """A stack in its own project whose program is `program` (cheap: no cloud SDK is imported)."""
    project = tmp_path / name
    (project / "stacks").mkdir(parents=True)
    (project / "Pulumi.yaml").write_text("name: mlplatform\n")
    (project / "__main__.py").write_text("import pulumi\n" + program + "\n")
    path = project / "stacks" / f"Pulumi.{name}.yaml"
    path.write_text(json.dumps({"config": {"mlplatform:blueprint": {"cloud": cloud}}}))
    return read_stack_file(path)


def test_workers_return_inventories_in_the_callers_order(tmp_path: Path) -> None:
    stacks = [stub(tmp_path, f"s{i}", f"pulumi.export('n', {i})", cloud) for i, cloud in enumerate(["a", "b", "a"])]
    inventories = render_stacks(stacks, jobs=2)
    assert [(inv.stack, inv.outputs) for inv in inventories] == [("s0", {"n": 0}), ("s1", {"n": 1}), ("s2", {"n": 2})]


def test_the_first_failure_in_the_callers_order_is_raised(tmp_path: Path) -> None:
    stacks = [
        stub(tmp_path, "ok", "pulumi.export('n', 1)", "a"),
        stub(tmp_path, "first", "raise pulumi.RunError('first is broken')", "b"),
        stub(tmp_path, "second", "raise pulumi.RunError('second is broken')", "a"),
    ]
    with pytest.raises(RenderError, match="^first is broken$"):
        render_stacks(stacks, jobs=2)


def test_plan_of_a_failing_program_is_bad_input_with_its_message(tmp_path: Path) -> None:
    broken = stub(tmp_path, "aws-broken", "raise pulumi.RunError('stacks/Pulumi.aws-broken.yaml: boom')")
    good = read_stack_file(ROOT / "stacks" / "Pulumi.aws-dev.yaml")
    doc = json.loads(broken.path.read_text())
    doc["config"] = dict(good.config)
    broken.path.write_text(json.dumps(doc))
    result = CliRunner().invoke(app, ["plan", str(broken.path), "--jobs", "2", "--no-cache"])
    assert result.exit_code == 2
    assert result.output.strip() == "stacks/Pulumi.aws-broken.yaml: boom"


def test_a_worker_renders_the_same_inventory_as_this_process(rendered: Mapping[str, Rendered]) -> None:
    gcp_dev = rendered["gcp-dev"]
    [inventory] = render_stacks([gcp_dev.stack], checkout=code_root())  # a checkout always renders in a worker
    assert inventory.to_json() == gcp_dev.inventory.to_json()


def test_jobs_must_be_positive() -> None:
    result = CliRunner().invoke(app, ["plan", "--all", "--jobs", "0"])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_a_worker_leaves_without_teardown_unless_tracing_needs_its_exit_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    exits: list[int] = []
    monkeypatch.setattr(worker.os, "_exit", exits.append)
    monkeypatch.delenv(worker.TRACING_ENV, raising=False)
    worker.leave(3)
    assert exits == [3]
    monkeypatch.setenv(worker.TRACING_ENV, "00-trace-span-01")
    with pytest.raises(SystemExit) as exit_info:
        worker.leave(4)
    assert (exit_info.value.code, exits) == (4, [3])


def test_a_render_closes_its_loop_and_leaves_no_threads(tmp_path: Path) -> None:
    before = threading.active_count()
    for name, program in (("ok", "pulumi.export('n', 1)"), ("bad", "raise pulumi.RunError('bad')")):
        try:
            render(stub(tmp_path, name, program).path)
        except RenderError:
            assert name == "bad"
        assert asyncio.get_event_loop().is_closed()
        assert threading.active_count() == before
