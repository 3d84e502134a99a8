"""The committed stacks and what a render of one yields (shared by the engine and policy tests).

A render of a committed stack costs seconds, so each is rendered once per test session, whichever xdist worker
asks first: the inventory goes to a folder every worker of the session shares, under the engine's own cache key
(the stack file, the program and every source file it imports, the lock file and the installed distributions), so
the CLI's cache finds it too. A lock per entry makes a second worker wait for the render instead of repeating it.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from components.plan import ClusterPlan, plan_platform
from components.spec import Blueprint
from components.spec.stackconfig import blueprint_from_stack
from mlplatform.engine.cache import RenderCache
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.stackfile import StackFile, committed_stacks, read_stack_file

ROOT = Path(__file__).resolve().parents[2]
STACK_FILES = committed_stacks(ROOT)
PREVIEW_SUFFIX = "-first-preview"


@dataclass(frozen=True)
class Rendered:
    stack: StackFile
    blueprint: Blueprint
    plan: ClusterPlan
    inventory: Inventory


def blueprint_of(stack: StackFile) -> Blueprint:
    return blueprint_from_stack(stack.blueprint, lambda ns, key: stack.config.get(f"{ns}:{key}"))


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stored(path: Path, inventory: Inventory) -> None:
    """Pickled as it is (registration order, key order of inputs and outputs: some tests read them), written to a
    temporary file and renamed into place, so a reader never sees half an entry."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(inventory, handle)
    os.replace(tmp, path)


class SessionRenders(Mapping[str, Rendered]):
    """Committed stack name -> its render, each read from (or rendered once into) the session's shared folder."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._cache = RenderCache.for_code(ROOT, folder)
        self._stacks = {s.stack: s for s in map(read_stack_file, STACK_FILES)}
        self._done: dict[tuple[str, bool], Inventory] = {}
        self._rendered: dict[str, Rendered] = {}

    def __getitem__(self, name: str) -> Rendered:
        if name not in self._rendered:
            stack = self._stacks[name]
            blueprint = blueprint_of(stack)
            self._rendered[name] = Rendered(stack, blueprint, plan_platform(blueprint), self.inventory(name))
        return self._rendered[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._stacks)

    def __len__(self) -> int:
        return len(self._stacks)

    def inventory(self, name: str, *, preview: bool = False) -> Inventory:
        """The stack's inventory as `pulumi up` registers it, or (`preview`) as a first `pulumi preview` does."""
        if (name, preview) not in self._done:
            self._done[name, preview] = self._shared(self._stacks[name], preview)
        return self._done[name, preview]

    def _shared(self, stack: StackFile, preview: bool) -> Inventory:
        from mlplatform.engine.render import render  # imports pulumi: only in a worker that renders

        key = self._cache.key(stack)
        entry = self._folder / f"{key}{PREVIEW_SUFFIX if preview else ''}.pickle"
        with _locked(entry.with_suffix(".lock")):
            if entry.is_file():
                with entry.open("rb") as handle:
                    found: Inventory = pickle.load(handle)
                return found
            inventory = render(stack, preview=preview)
            _stored(entry, inventory)
            if not preview:
                self._cache.put(key, inventory)  # what `plan`, `diff` and `cost` read for an unchanged stack
            return inventory
