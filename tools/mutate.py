"""Mutation testing of modules: how many small, behaviour-changing edits the tests notice.

    python3 -m uv run --frozen --no-sync python tools/mutate.py --all components --max 10 --results out.jsonl
    python3 -m uv run --frozen --no-sync python tools/mutate.py components/plan.py --tests tests/plan --max 0

Each mutant is one edit of the module's syntax tree (a comparison flipped or loosened, `and` <-> `or`, `is` <->
`is not`, a condition negated, a whole number moved by one, a `depends_on=` dropped, a return value replaced by
None), written into a private copy of the tree, and runs only the tests that executed its lines under coverage
(fastest first, `-x`). A survivor is a behaviour no test pins, or an equivalent mutant to list with its reason in
`tools/equivalent_mutants.txt`. Exits 0 always (a figure, not a gate). Usage, selection and reading: tools/README.md.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from queue import Queue

from tools.mutate_selection import (
    PYTEST,
    Selection,
    importers_of,
    measure,
    neighbours,
    pytest_env,
    readers_of,
)

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = ROOT / "tools" / "equivalent_mutants.txt"
SEED = 0
SIBLINGS = ("shared",)  # folders beside the checkout that tests read (../shared/reference, tests/k8s/reference.py)

_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the repository root
    line: int
    operator: str
    lines: tuple[int, int]  # first and last line a test must execute to reach the edit
    in_function: bool  # False: runs at import (module or class body, a default), reached by every importer
    apply: Callable[[ast.Module], None] = field(compare=False)  # edits a fresh parse of the module in place

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.path, self.line, self.operator)


def _sites(path: str, tree: ast.Module) -> Iterator[Mutant]:
    """Every mutation site of ``tree``, addressed by the index of its node in ``ast.walk`` order."""
    bodies = _function_bodies(tree)
    for index, node in enumerate(ast.walk(tree)):
        found = _operator(node)
        if found is None:
            continue
        operator, edit = found
        span = node.test if isinstance(node, ast.If | ast.While) else node
        first, last = span.lineno, span.end_lineno or span.lineno  # type: ignore[attr-defined]
        inside = any(start <= first and last <= end for start, end in bodies)
        yield Mutant(path, node.lineno, operator, (first, last), inside, _at(index, edit))  # type: ignore[attr-defined]


def _operator(node: ast.AST) -> tuple[str, Callable[[ast.AST], None]] | None:
    if isinstance(node, ast.Compare) and type(node.ops[0]) in _FLIP:
        return f"{type(node.ops[0]).__name__} -> {_FLIP[type(node.ops[0])].__name__}", _flip_compare
    if isinstance(node, ast.BoolOp):
        return "and <-> or", _swap_boolop
    if isinstance(node, ast.If | ast.While) and not isinstance(node.test, ast.Constant):
        return "condition negated", _negate_test
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return f"{node.value} -> {node.value + 1}", _bump_int
    if isinstance(node, ast.Call) and any(k.arg == "depends_on" for k in node.keywords):
        return "depends_on dropped", _drop_depends_on
    if isinstance(node, ast.Return) and not (node.value is None or ast.unparse(node.value) == "None"):
        return "return None", _return_none
    return None


def _function_bodies(tree: ast.Module) -> list[tuple[int, int]]:
    """The line spans that run only when called: function and lambda bodies (not their defaults)."""
    spans: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            spans.append((node.body[0].lineno, node.end_lineno or node.body[0].lineno))
        elif isinstance(node, ast.Lambda):
            spans.append((node.body.lineno, node.body.end_lineno or node.body.lineno))
    return spans


def _at(index: int, edit: Callable[[ast.AST], None]) -> Callable[[ast.Module], None]:
    def apply(tree: ast.Module) -> None:
        edit(next(node for i, node in enumerate(ast.walk(tree)) if i == index))  # the same parse: never missing

    return apply


def _flip_compare(node: ast.AST) -> None:  # each edit below is given the node its operator matched
    assert isinstance(node, ast.Compare)
    node.ops[0] = _FLIP[type(node.ops[0])]()


def _swap_boolop(node: ast.AST) -> None:
    assert isinstance(node, ast.BoolOp)
    node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()


def _negate_test(node: ast.AST) -> None:
    assert isinstance(node, ast.If | ast.While)
    node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)


def _bump_int(node: ast.AST) -> None:
    assert isinstance(node, ast.Constant) and isinstance(node.value, int)
    node.value += 1


def _drop_depends_on(node: ast.AST) -> None:
    assert isinstance(node, ast.Call)
    node.keywords = [k for k in node.keywords if k.arg != "depends_on"]


def _return_none(node: ast.AST) -> None:
    assert isinstance(node, ast.Return)
    node.value = ast.Constant(value=None)


def killed(tree: Path, tests: list[str], seconds: float) -> bool:
    """Whether ``tests`` fail (or outrun ``seconds``) in ``tree``."""
    command = [sys.executable, *PYTEST, "-x", *tests]
    try:
        result = subprocess.run(command, cwd=tree, env=pytest_env({}), capture_output=True, timeout=seconds,
                                check=False)
    except subprocess.TimeoutExpired:
        return True
    return result.returncode != 0


def equivalent(path: Path = EQUIVALENT) -> set[tuple[str, int, str]]:
    """The mutants declared equivalent: `path:line: operator: reason` lines."""
    if not path.exists():
        return set()
    out: set[tuple[str, int, str]] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            module, line, operator, _reason = (part.strip() for part in raw.split(":", 3))
            out.add((module, int(line), operator))
    return out


def copy_tree(source: Path, target: Path) -> None:
    """The tracked and untracked-but-not-ignored files of ``source`` as they are on disk, into ``target``; the
    folders the tests read beside ``source`` are linked beside ``target``."""
    for sibling in (s for s in SIBLINGS if (source.parent / s).exists() and not (target.parent / s).exists()):
        (target.parent / sibling).symlink_to(source.parent / sibling)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=source, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    for name in files:
        if (source / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)


def modules_of(root: Path, targets: list[str]) -> list[str]:
    """The modules ``targets`` name: a folder's modules other than its ``__init__.py`` files (package glue, skipped
    in a sweep), and a named file as it is, ``__init__.py`` included (a package's own code, such as a build)."""
    found: list[str] = []
    for target in targets:
        path = root / target
        files = [f for f in sorted(path.rglob("*.py")) if f.name != "__init__.py"] if path.is_dir() else [path]
        found += [str(f.relative_to(root)) for f in files]
    return found


@dataclass(frozen=True)
class Figure:
    """One module's result."""

    module: str
    killed: int
    tried: int
    equivalent: int
    sites: int
    survivors: tuple[str, ...]  # `line: operator`, "(no test runs it)" appended when no test reached it

    @property
    def rate(self) -> str:
        return f"{100 * self.killed / self.tried:.0f}%" if self.tried else "n/a"


def mutate_module(tree: Path, module: str, selection: Selection, limit: int, skip: set[tuple[str, int, str]],
                  budget: Callable[[list[str]], float], most: int = 0) -> Figure:
    """Try up to ``limit`` sampled mutants of ``module`` in ``tree`` (restored afterwards), each against its
    ``most`` fastest tests (0: all of them)."""
    source = (tree / module).read_text(encoding="utf-8")
    sites = list(_sites(module, ast.parse(source)))
    chosen = random.Random(SEED).sample(sites, min(limit, len(sites))) if limit else sites
    kills, survivors, skipped = 0, [], 0
    try:
        for mutant in sorted(chosen, key=lambda m: (m.line, m.operator)):
            if mutant.key in skip:
                skipped += 1
                continue
            tests = selection.tests_for(mutant)[:most or None]
            if not tests:
                survivors.append(f"{mutant.line}: {mutant.operator} (no test runs it)")
                continue
            mutated = ast.parse(source)
            mutant.apply(mutated)
            (tree / module).write_text(ast.unparse(mutated) + "\n", encoding="utf-8")
            if killed(tree, tests, budget(tests)):
                kills += 1
            else:
                survivors.append(f"{mutant.line}: {mutant.operator}")
    finally:
        (tree / module).write_text(source, encoding="utf-8")
    return Figure(module, kills, len(chosen) - skipped, skipped, len(sites), tuple(survivors))


def table(figures: list[Figure]) -> str:
    rows = ["| module | killed/tried | rate | equivalent | sites |", "|---|---|---|---|---|"]
    rows += [f"| `{f.module}` | {f.killed}/{f.tried} | {f.rate} | {f.equivalent} | {f.sites} |" for f in figures]
    killed_all, tried_all = sum(f.killed for f in figures), sum(f.tried for f in figures)
    rows.append(f"| all {len(figures)} modules | {killed_all}/{tried_all} | "
                f"{Figure('', killed_all, tried_all, 0, 0, ()).rate} | {sum(f.equivalent for f in figures)} | "
                f"{sum(f.sites for f in figures)} |")
    return "\n".join(rows)


def _done(results: Path | None) -> dict[str, Figure]:
    if results is None or not results.exists():
        return {}
    figures = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {f["module"]: Figure(**{**f, "survivors": tuple(f["survivors"])}) for f in figures}


def _report(figure: Figure, results: Path | None) -> None:
    for survivor in figure.survivors:
        print(f"  survived  {figure.module}:{survivor}")
    print(f"{figure.module}: {figure.killed}/{figure.tried} killed ({figure.rate}); {figure.equivalent} declared "
          f"equivalent; {figure.sites} sites", flush=True)
    if results is not None:
        with results.open("a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(figure)) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="modules or folders, relative to the repository root")
    parser.add_argument("--all", metavar="FOLDER", help="every module under FOLDER (with the whole suite by default)")
    parser.add_argument("--tests", nargs="+", default=["tests"], help="candidate tests (default: the whole suite)")
    parser.add_argument("--max", type=int, default=14, help="mutants per module at most, sampled with seed 0; 0: all")
    parser.add_argument("--seconds", type=float, default=900, help="time limit of one mutant's test run, at most")
    parser.add_argument("--most", type=int, default=0, help="run each mutant against its N fastest tests only "
                        "(fewer tests can only lower the figure); 0: all that reach it")
    parser.add_argument("--jobs", type=int, default=1, help="modules mutated at once, each in its own copy")
    parser.add_argument("--map", type=Path, help="keep the coverage selection here and reuse it (rebuild on change)")
    parser.add_argument("--results", type=Path, help="append each module's figure here (JSON lines); modules "
                        "already in it are not run again, so an interrupted run resumes")
    args = parser.parse_args()
    modules = modules_of(ROOT, args.targets + ([args.all] if args.all else []))
    if not modules:
        parser.error("name modules or folders, or --all FOLDER")
    done, skip = _done(args.results), equivalent()
    figures = [done[m] for m in modules if m in done]
    with tempfile.TemporaryDirectory(prefix="mutate-") as scratch:
        tree = Path(scratch) / "tree"
        copy_tree(ROOT, tree)
        measured = neighbours(tree, modules)
        if args.map is not None and args.map.exists():
            selection = Selection.load(args.map)
        else:
            selection = measure(tree, measured, args.tests, Path(scratch))
            if args.map is not None:
                selection.save(args.map)
        selection = replace(selection, importers=importers_of(tree, measured),
                            readers=readers_of(tree, measured, selection.seconds))
        if selection.failing:
            print(f"{len(selection.failing)} tests fail on the unmutated tree and are never selected: "
                  f"{', '.join(selection.failing[:5])}{' ...' if len(selection.failing) > 5 else ''}")

        def budget(tests: list[str]) -> float:
            return float(min(args.seconds, 60 + 5 * sum(selection.seconds.get(t, 1.0) for t in tests)))

        trees: Queue[Path] = Queue()
        trees.put(tree)
        for n in range(1, args.jobs):
            copy_tree(ROOT, Path(scratch) / f"tree{n}")
            trees.put(Path(scratch) / f"tree{n}")

        def one(module: str) -> Figure:
            own = trees.get()
            try:
                return mutate_module(own, module, selection, args.max, skip, budget, args.most)
            finally:
                trees.put(own)

        with ThreadPoolExecutor(args.jobs) as pool:
            for figure in pool.map(one, [m for m in modules if m not in done]):
                _report(figure, args.results)
                figures.append(figure)
    print(table(sorted(figures, key=lambda f: f.module)))


if __name__ == "__main__":
    main()
