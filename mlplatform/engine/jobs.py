"""Render many stacks: cached inventories first, the rest in parallel worker processes.

`render_stacks` returns inventories in the order it was given and raises the RenderError of the first
failing stack in that order, exactly like rendering them one after another. Stacks are grouped by cloud
so each worker imports only the SDKs its stacks need (importing a cloud's SDK costs more than rendering a
second stack of it); by default each cloud gets its own worker (`worker_count`). One stack to render, or
`jobs=1`, renders in this process. With `checkout` set the stacks are rendered by the code of that checkout
(a git worktree of another revision), always in workers.
`progress`, when given, hears which stacks start rendering, then each stack as it finishes (from any worker).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mlplatform.engine import worker
from mlplatform.engine.cache import RenderCache, code_root
from mlplatform.engine.inventory import Inventory, RenderError
from mlplatform.engine.stackfile import StackFile

Progress = Callable[[str], None]
IMPORT_WEIGHT = 3  # a cloud's SDK import and first use cost about three warm renders of its stack (1.9 s / 0.65 s)
# argv: worker file, checkout; the checkout goes first on sys.path so its code is the code that renders
BOOTSTRAP = "import runpy, sys; sys.path.insert(0, sys.argv[2]); runpy.run_path(sys.argv[1], run_name='__main__')"


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def worker_count(clouds: Sequence[str], jobs: int | None, cores: int) -> int:
    """Workers for stacks of `clouds`: `jobs` when given, else one per cloud and at least one per core.

    One worker per cloud even past the cores: a worker sharing a cloud with another imports that cloud's SDK
    again (about three renders of CPU), while three single-cloud workers on two cores only take turns.
    """
    wanted = jobs if jobs else max(cores, len(set(clouds)))
    return min(wanted, len(clouds))


@dataclass(frozen=True)
class Batch:
    """Stacks one worker renders in turn, by their index in the caller's list."""

    indexes: tuple[int, ...]
    clouds: frozenset[str]

    @property
    def weight(self) -> int:
        return len(self.indexes) + IMPORT_WEIGHT * len(self.clouds)


def plan_batches(clouds: Sequence[str], jobs: int) -> list[Batch]:
    """Split stacks (given by cloud) over at most `jobs` workers: whole clouds first, largest first.

    A cloud is split only when there are more workers than clouds; then a worker pays for one more
    SDK import but the wall time drops.
    """
    groups: dict[str, list[int]] = {}
    for index, cloud in enumerate(clouds):
        groups.setdefault(cloud, []).append(index)
    parts = [(cloud, idx) for cloud, idx in groups.items()]
    while len(parts) < jobs and any(len(idx) > 1 for _, idx in parts):
        parts.sort(key=lambda p: -len(p[1]))
        cloud, idx = parts.pop(0)
        half = (len(idx) + 1) // 2
        parts += [(cloud, idx[:half]), (cloud, idx[half:])]
    bins: list[list[tuple[str, list[int]]]] = [[] for _ in range(min(jobs, len(parts)))]
    for part in sorted(parts, key=lambda p: (-len(p[1]), p[0], p[1])):
        lightest = min(bins, key=lambda b: (_weight(b), len(b)))
        lightest.append(part)
    batches = [Batch(tuple(sorted(i for _, idx in b for i in idx)), frozenset(c for c, _ in b)) for b in bins]
    return sorted((b for b in batches if b.indexes), key=lambda b: b.indexes)


def _weight(parts: list[tuple[str, list[int]]]) -> int:
    return sum(len(idx) for _, idx in parts) + IMPORT_WEIGHT * len({c for c, _ in parts})


def render_stacks(
    stacks: Sequence[StackFile],
    *,
    jobs: int | None = None,
    cache: RenderCache | None = None,
    checkout: Path | None = None,
    progress: Progress | None = None,
) -> list[Inventory]:
    keys = [cache.key(s) for s in stacks] if cache else [None] * len(stacks)
    found: list[Inventory | RenderError | None] = [
        cache.get(k) if cache and k else None for k in keys
    ]
    missing = [i for i, got in enumerate(found) if got is None]
    workers = worker_count([_cloud(stacks[i]) for i in missing], jobs, default_jobs())
    if missing and progress:
        progress(f"rendering {', '.join(stacks[i].stack for i in missing)}"
                 + (f" in {workers} workers" if workers > 1 or checkout else ""))
    if checkout is None and workers <= 1:
        for i in missing:
            found[i] = _render_here(stacks[i])
            _done(progress, stacks[i], found[i])
    elif missing:
        rendered = _render_in_workers([stacks[i] for i in missing], max(workers, 1), checkout, progress)
        for i, got in rendered:
            found[missing[i]] = got
    out: list[Inventory] = []
    for i, result in enumerate(found):
        if isinstance(result, RenderError) or result is None:
            raise result or RenderError(f"{stacks[i].path}: not rendered", Inventory(stacks[i].stack))
        key = keys[i]
        if cache and key and i in missing:
            cache.put(key, result)
        out.append(result)
    return out


def _done(progress: Progress | None, stack: StackFile, result: Inventory | RenderError | None) -> None:
    """One finished stack, told to `progress`: its resource count, or that it failed (the error comes later)."""
    if progress is not None:
        progress(f"{stack.stack}: failed" if isinstance(result, RenderError) or result is None
                 else f"{stack.stack}: {len(result)} resources")


def _render_here(stack: StackFile) -> Inventory | RenderError:
    from mlplatform.engine.render import render  # imports pulumi: only when this process renders

    try:
        return render(stack)
    except RenderError as exc:
        return exc


def _render_in_workers(
    stacks: Sequence[StackFile], jobs: int, checkout: Path | None, progress: Progress | None = None
) -> list[tuple[int, Inventory | RenderError]]:
    batches = plan_batches([_cloud(s) for s in stacks], jobs)
    with ThreadPoolExecutor(len(batches)) as pool:
        done = pool.map(lambda b: _run_worker([stacks[i] for i in b.indexes], checkout, progress), batches)
        return [(b.indexes[j], r) for b, results in zip(batches, done, strict=True) for j, r in enumerate(results)]


def _run_worker(
    stacks: Sequence[StackFile], checkout: Path | None, progress: Progress | None = None
) -> list[Inventory | RenderError]:
    """Its stacks' results, read line by line as the worker finishes each (so `progress` hears each stack)."""
    root = checkout or code_root()
    request = json.dumps({"stacks": [str(s.path) for s in stacks]})
    results: list[Inventory | RenderError | None] = [None] * len(stacks)
    with tempfile.TemporaryFile("w+") as errors:  # a file, not a pipe: a chatty stderr never blocks the worker
        with subprocess.Popen(
            [sys.executable, "-c", BOOTSTRAP, str(Path(worker.__file__).resolve()), str(root)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True,
        ) as proc:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(request)
            proc.stdin.close()
            for line in proc.stdout:
                doc = json.loads(line)
                index = doc["index"]
                stack = stacks[index]
                if "error" in doc:
                    results[index] = RenderError(doc["error"], Inventory(stack.stack),
                                                 internal=bool(doc.get("internal")))
                else:
                    results[index] = Inventory.from_json(doc["inventory"])
                _done(progress, stack, results[index])
        errors.seek(0)
        sys.stderr.write(errors.read())
    return [
        result if result is not None else RenderError(
            f"{s.path}: the render worker stopped (exit {proc.returncode}) before this stack", Inventory(s.stack))
        for s, result in zip(stacks, results, strict=True)
    ]


def _cloud(stack: StackFile) -> str:
    blueprint = stack.blueprint
    return str(blueprint.get("cloud", "")) if isinstance(blueprint, dict) else ""
