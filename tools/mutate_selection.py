"""How `tools/mutate.py` chooses the tests of a mutant: one coverage pass of the candidate tests, each in its own
context (`tools/mutate_plugin.py`), and the import graph of the measured modules and of the test files.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

TIMINGS_ENV = "MUTATE_TIMINGS"  # where tools/mutate_plugin.py writes each test's seconds and outcome
# Deterministic hypothesis examples, and no xdist: one process, so `-x` stops at the first failing test.
PYTEST = ["-m", "pytest", "-q", "-p", "no:randomly", "-n", "0"]


class Site(Protocol):
    """What the selection reads of a mutant (`tools.mutate.Mutant`)."""

    @property
    def path(self) -> str: ...
    @property
    def lines(self) -> tuple[int, int]: ...
    @property
    def in_function(self) -> bool: ...


@dataclass(frozen=True)
class Selection:
    """Which passing tests executed which lines of the measured modules, and how long each test took."""

    lines: Mapping[str, Mapping[int, tuple[str, ...]]]  # module -> line -> node ids of the tests that ran it
    seconds: Mapping[str, float]  # node id -> seconds (setup, call and teardown)
    failing: tuple[str, ...]  # tests that failed (or were skipped) on the unmutated tree: never selected
    importers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # module -> measured modules importing it
    readers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # module -> tests whose file imports it

    def tests_for(self, mutant: Site) -> list[str]:
        """The tests that reach ``mutant``, fastest first: those that ran its lines; for a site that runs at import
        (or in a function only import calls) those that ran any line of its module, or else of its importers, and
        those whose file imports its module (a test that only reads a table runs none of its lines)."""
        by_line, (first, last) = self.lines.get(mutant.path, {}), mutant.lines
        span = [line for line in range(first, last + 1) if line in by_line]  # lines run at all, by a test or not
        found = {test for line in span for test in by_line[line]} if mutant.in_function else set()
        if not found and (span or not mutant.in_function):
            found, seen, todo = set(), {mutant.path}, [mutant.path]
            while todo and not found:  # breadth first: the nearest modules whose code some test ran
                level, todo = todo, []
                for module in level:
                    found |= {test for tests in self.lines.get(module, {}).values() for test in tests}
                    todo += [m for m in self.importers.get(module, ()) if m not in seen]
                    seen.update(todo)
            found |= {test for test in self.readers.get(mutant.path, ()) if test not in self.failing}
        return sorted(found, key=lambda test: (self.seconds.get(test, 0.0), test))

    def save(self, path: Path) -> None:
        doc = {"lines": {m: {str(n): list(t) for n, t in ls.items()} for m, ls in self.lines.items()},
               "seconds": dict(self.seconds), "failing": list(self.failing)}
        path.write_text(json.dumps(doc, sort_keys=True), encoding="utf-8")

    @staticmethod
    def load(path: Path) -> Selection:
        doc = json.loads(path.read_text(encoding="utf-8"))
        lines = {m: {int(n): tuple(t) for n, t in ls.items()} for m, ls in doc["lines"].items()}
        return Selection(lines, doc["seconds"], tuple(doc["failing"]))


def measure(tree: Path, modules: list[str], tests: list[str], scratch: Path) -> Selection:
    """Run ``tests`` once in ``tree`` under coverage, one context per test, measuring only ``modules``."""
    from coverage import CoverageData

    data, timings = scratch / "coverage.db", scratch / "timings.json"
    include = ",".join(str(tree / module) for module in modules)
    command = [sys.executable, "-m", "coverage", "run", f"--data-file={data}", f"--include={include}",
               *PYTEST, "-p", "tools.mutate_plugin", *tests]
    subprocess.run(command, cwd=tree, env=pytest_env({TIMINGS_ENV: str(timings)}), capture_output=True, check=False)
    outcomes: dict[str, dict[str, float | bool]] = json.loads(timings.read_text(encoding="utf-8"))
    passing = {test for test, entry in outcomes.items() if entry["passed"]}
    covered = CoverageData(basename=str(data))
    covered.read()
    lines: dict[str, dict[int, tuple[str, ...]]] = {}
    for module in modules:
        contexts = covered.contexts_by_lineno(str(tree / module))
        lines[module] = {n: tuple(sorted(c for c in cs if c in passing)) for n, cs in contexts.items()}
    seconds = {test: float(entry["seconds"]) for test, entry in outcomes.items()}
    return Selection(lines, seconds, tuple(sorted(set(outcomes) - passing)))


def _dotted(modules: list[str]) -> dict[str, str]:
    return {module.removesuffix(".py").removesuffix("/__init__").replace("/", "."): module for module in modules}


def _imported(path: Path) -> set[str]:
    """The absolute names a file imports (`import a.b`, `from a.b import c`: a.b and a.b.c)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def importers_of(tree: Path, modules: list[str]) -> dict[str, tuple[str, ...]]:
    """For each of ``modules``, the others that import it by absolute name (`import a.b`, `from a.b import c`,
    `from a import b`)."""
    dotted = _dotted(modules)
    found: dict[str, set[str]] = {module: set() for module in modules}
    for module in modules:
        for name in _imported(tree / module):
            if dotted.get(name, module) != module:
                found[dotted[name]].add(module)
    return {module: tuple(sorted(users)) for module, users in found.items()}


def by_name(tree: Path, name: str) -> set[str]:
    """The modules the module ``name`` imports by name (a registry calling `importlib.import_module`): every string
    constant it holds, as an absolute name and as a name in its own package (`"pool_limits"` in
    `components.catalog.cited` is `components.catalog.pool_limits`). Empty for a module that calls no
    `import_module`, or is not a file of ``tree``."""
    parts = name.split(".")
    path = next((p for p in (tree.joinpath(*parts).with_suffix(".py"), tree.joinpath(*parts, "__init__.py"))
                 if p.is_file()), None)
    if path is None:
        return set()
    nodes = list(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
    if not any(isinstance(n, ast.Call) and getattr(n.func, "attr", getattr(n.func, "id", "")) == "import_module"
               for n in nodes):
        return set()
    package = ".".join(parts[:-1]) if path.name != "__init__.py" else name
    strings = {n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return strings | {f"{package}.{s}" for s in strings}


def readers_of(tree: Path, modules: list[str], tests: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each of ``modules``, the ``tests`` (node ids) whose file imports it by absolute name, or imports a
    registry that imports it by name (`by_name`): a test reading every module's rows through the registry imports
    none of them."""
    dotted, by_file = _dotted(modules), dict[str, list[str]]()
    for test in tests:
        by_file.setdefault(test.split("::", 1)[0], []).append(test)
    readers: dict[str, set[str]] = {module: set() for module in modules}
    for file, ids in by_file.items():
        if (tree / file).is_file():
            imported = _imported(tree / file)
            for name in (imported | {n for i in imported for n in by_name(tree, i)}) & set(dotted):
                readers[dotted[name]] |= set(ids)
    return {module: tuple(sorted(found)) for module, found in readers.items()}


def neighbours(root: Path, modules: list[str]) -> list[str]:
    """``modules`` and every other module of their top-level packages, ``__init__.py`` included: measured (never
    mutated) too, so a table that only imports run is reached through the tests of the modules that import it."""
    tops = {Path(module).parts[0] for module in modules if len(Path(module).parts) > 1}
    found = {str(f.relative_to(root)) for top in tops for f in (root / top).rglob("*.py")}
    return sorted(found | set(modules))


def pytest_env(extra: Mapping[str, str]) -> dict[str, str]:
    return {**os.environ, "HYPOTHESIS_PROFILE": "ci", **extra}
