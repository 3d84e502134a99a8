"""Mutation testing of one or more modules: how many small, behaviour-changing edits the tests notice.

    python3 -m uv run --frozen --no-sync python tools/mutate.py components/plan.py --tests tests/spec tests/catalog
    python3 -m uv run --frozen --no-sync python tools/mutate.py mlplatform/diff --tests tests/engine --max 14

Each mutant is one edit of the module's syntax tree (a comparison flipped or loosened, `and` <-> `or`, `is` <->
`is not`, a condition negated, a whole number moved by one, a `depends_on=` dropped, a return value replaced by
None), written into a private copy of the tracked tree, and the given tests run there with `-x` and a time limit. A
mutant is killed when the tests fail (or time out), and survives when they pass: each survivor is a behaviour no
test pins, or an equivalent mutant (the same behaviour by another route) to list with its reason in
`tools/equivalent_mutants.txt` (`path:line: operator: reason`). Sites are sampled with a fixed seed so two runs on
the same tree try the same mutants. Prints one line per survivor and the kill rate per module; exits 0 always (a
figure, not a gate).
"""

from __future__ import annotations

import argparse
import ast
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = ROOT / "tools" / "equivalent_mutants.txt"

_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the repository root
    line: int
    operator: str
    apply: Callable[[ast.Module], None]  # edits a fresh parse of the module in place


def _sites(path: str, tree: ast.Module) -> Iterator[Mutant]:
    """Every mutation site of ``tree``, addressed by the index of its node in ``ast.walk`` order."""
    for index, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare) and type(node.ops[0]) in _FLIP:
            name = f"{type(node.ops[0]).__name__} -> {_FLIP[type(node.ops[0])].__name__}"
            yield Mutant(path, line, name, _at(index, _flip_compare))
        elif isinstance(node, ast.BoolOp):
            yield Mutant(path, line, "and <-> or", _at(index, _swap_boolop))
        elif isinstance(node, ast.If | ast.While) and not isinstance(node.test, ast.Constant):
            yield Mutant(path, line, "condition negated", _at(index, _negate_test))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            yield Mutant(path, line, f"{node.value} -> {node.value + 1}", _at(index, _bump_int))
        elif isinstance(node, ast.Call) and any(k.arg == "depends_on" for k in node.keywords):
            yield Mutant(path, line, "depends_on dropped", _at(index, _drop_depends_on))
        elif isinstance(node, ast.Return) and node.value is not None and not _returns_none(node):
            yield Mutant(path, line, "return None", _at(index, _return_none))


def _returns_none(node: ast.Return) -> bool:
    return isinstance(node.value, ast.Constant) and node.value.value is None


def _at(index: int, edit: Callable[[ast.AST], None]) -> Callable[[ast.Module], None]:
    def apply(tree: ast.Module) -> None:
        for i, node in enumerate(ast.walk(tree)):
            if i == index:
                edit(node)
                return
        raise LookupError(f"mutation site {index} vanished")

    return apply


def _flip_compare(node: ast.AST) -> None:
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


def _equivalent() -> set[tuple[str, int, str]]:
    """The mutants declared equivalent: `path:line: operator: reason` lines."""
    if not EQUIVALENT.exists():
        return set()
    out: set[tuple[str, int, str]] = set()
    for raw in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            path, line, operator, _reason = (part.strip() for part in raw.split(":", 3))
            out.add((path, int(line), operator))
    return out


def _copy_tree(target: Path) -> None:
    """The tracked files as they are in the working tree (committed or not), into ``target``."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _killed(copy: Path, tests: list[str], seconds: int) -> bool:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-n", "0", *tests]
    try:
        result = subprocess.run(command, cwd=copy, capture_output=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        return True
    return result.returncode != 0


def _modules(targets: list[str]) -> list[str]:
    found: list[str] = []
    for target in targets:
        path = ROOT / target
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        found += [str(f.relative_to(ROOT)) for f in files if f.name != "__init__.py"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", help="modules or folders, relative to the repository root")
    parser.add_argument("--tests", nargs="+", required=True, help="pytest paths that should notice the mutants")
    parser.add_argument("--max", type=int, default=14, help="mutants per module at most (sampled, seed 0)")
    parser.add_argument("--seconds", type=int, default=300, help="time limit of one test run")
    args = parser.parse_args()
    equivalent = _equivalent()
    with tempfile.TemporaryDirectory(prefix="mutate-") as scratch:
        copy = Path(scratch)
        _copy_tree(copy)
        if _killed(copy, args.tests, args.seconds):
            print("the tests fail on the unmutated tree; fix them first")
            return
        for module in _modules(args.targets):
            source = (ROOT / module).read_text(encoding="utf-8")
            sites = list(_sites(module, ast.parse(source)))
            chosen = random.Random(0).sample(sites, min(args.max, len(sites)))
            killed, survivors, skipped = 0, [], 0
            for mutant in sorted(chosen, key=lambda m: m.line):
                if (mutant.path, mutant.line, mutant.operator) in equivalent:
                    skipped += 1
                    continue
                tree = ast.parse(source)
                mutant.apply(tree)
                (copy / module).write_text(ast.unparse(tree) + "\n", encoding="utf-8")
                if _killed(copy, args.tests, args.seconds):
                    killed += 1
                else:
                    survivors.append(mutant)
            (copy / module).write_text(source, encoding="utf-8")
            for mutant in survivors:
                print(f"  survived  {mutant.path}:{mutant.line}: {mutant.operator}")
            tried = len(chosen) - skipped
            rate = f"{100 * killed / tried:.0f}%" if tried else "n/a"
            print(f"{module}: {killed}/{tried} killed ({rate}); {skipped} declared equivalent; "
                  f"{len(sites)} sites", flush=True)


if __name__ == "__main__":
    main()
