"""The layout of docs/architecture.md holds: read from the source with `ast` (nothing is imported or run).

In `mlplatform/` no import closes a circle and none runs upward (LAYERS, bottom first; concerns on one floor do
not import each other); the top holds only the entry modules; `cli.py` only builds the app and registers every
command module; `commands/common.py` imports no command. `components/` and `policies/` never import the tool.
No Python module in the repository is over 400 lines. Imports inside functions count: a lazy import was how
the old circle between `cli.py` and `commands/` hid.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = "mlplatform"
# Floors of the tool, bottom first: a concern imports its own modules and those of floors below, never above or beside.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"engine"}),
    frozenset({"economics", "feeds"}),
    frozenset({"present"}),
    frozenset({"policy", "diff"}),
    frozenset({"commands"}),
    frozenset({"cli"}),
    frozenset({"__main__"}),
)
ENTRY_MODULES = frozenset({"__init__", "__main__", "cli"})  # the only modules at the top of mlplatform/
NOT_TOOL = ("components", "policies")  # the blueprint and the policy packs: they never import mlplatform
MAX_LINES = 400
SOURCE_DIRS = ("components", "mlplatform", "policies", "tests", "benchmarks")

Graph = Mapping[str, frozenset[str]]


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path, package: str) -> dict[str, Path]:
    return {module_name(root, p): p for p in sorted((root / package).rglob("*.py"))}


def imported(tree: ast.AST, name: str, is_package: bool, known: Iterable[str]) -> set[str]:
    """Every module ``name``'s source imports, at any depth (inside functions too); `from a import b` is a.b if
    a.b is a module, else a."""
    names = set(known)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in names else base)
    return found


def import_graph(root: Path, package: str) -> dict[str, frozenset[str]]:
    """Module -> the modules of ``package`` it imports."""
    found = modules(root, package)
    graph = {}
    for name, path in found.items():
        targets = imported(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", found)
        graph[name] = frozenset(t for t in targets if t in found and t != name)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def concern(module: str) -> str:
    """`mlplatform.engine.cache` -> engine; `mlplatform.cli` -> cli."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def floor(module: str, layers: tuple[frozenset[str], ...] = LAYERS) -> int | None:
    return next((i for i, group in enumerate(layers) if concern(module) in group), None)


def layer_breaches(graph: Graph, layers: tuple[frozenset[str], ...] = LAYERS) -> list[str]:
    """Every import that runs upward or sideways between concerns, and every module on no floor."""
    breaches = []
    for source, targets in sorted(graph.items()):
        here = floor(source, layers)
        if here is None:
            if concern(source) != "__init__":
                breaches.append(f"{source}: its concern {concern(source)!r} is on no floor")
            continue
        for target in sorted(targets):
            there = floor(target, layers)
            if concern(target) != concern(source) and (there is None or there >= here):
                breaches.append(f"{source} imports {target} (floor {there}, not below {here})")
    return breaches


def test_the_checker_finds_a_circle_and_an_upward_import() -> None:
    graph = {
        "mlplatform.cli": frozenset({"mlplatform.commands.cost"}),
        "mlplatform.commands.cost": frozenset({"mlplatform.cli", "mlplatform.engine.cache"}),
        "mlplatform.engine.cache": frozenset({"mlplatform.present.format"}),
        "mlplatform.present.format": frozenset(),
    }
    assert cycles(graph) == [["mlplatform.cli", "mlplatform.commands.cost"]]
    assert layer_breaches(graph) == [
        "mlplatform.commands.cost imports mlplatform.cli (floor 5, not below 4)",
        "mlplatform.engine.cache imports mlplatform.present.format (floor 2, not below 0)",
    ]
    assert layer_breaches({"mlplatform.economics.cost": frozenset({"mlplatform.feeds.parse"})}) == [
        "mlplatform.economics.cost imports mlplatform.feeds.parse (floor 1, not below 1)"
    ]
    assert layer_breaches({"mlplatform.costing.fixed": frozenset()}) == [
        "mlplatform.costing.fixed: its concern 'costing' is on no floor"
    ]


def test_the_checker_reads_lazy_and_relative_imports(tmp_path: Path) -> None:
    """The old circle: cli.py imported the commands, a command imported cli inside its function."""
    (tmp_path / "pkg" / "commands").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "cli.py").write_text("from pkg.commands import cost\n")
    (tmp_path / "pkg" / "commands" / "__init__.py").write_text("from . import cost\n")
    (tmp_path / "pkg" / "commands" / "cost.py").write_text("def cost():\n    from pkg import cli\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.commands"] == {"pkg.commands.cost"}
    assert graph["pkg.commands.cost"] == {"pkg.cli"}
    assert cycles(graph) == [["pkg.cli", "pkg.commands.cost"]]


def test_the_tool_has_no_circle_and_no_upward_import() -> None:
    graph = import_graph(ROOT, TOOL)
    assert "mlplatform.engine.render" in graph and "mlplatform.commands.common" in graph  # the graph is the tool
    assert cycles(graph) == []
    assert layer_breaches(graph) == []


def test_the_top_of_the_tool_holds_the_entry_modules_and_concern_folders() -> None:
    top = {p.stem for p in (ROOT / TOOL).glob("*.py")}
    folders = {p.name for p in (ROOT / TOOL).iterdir() if (p / "__init__.py").is_file()}
    assert top == ENTRY_MODULES
    assert folders == {c for group in LAYERS for c in group} - ENTRY_MODULES


def test_cli_only_builds_the_app_and_registers_every_command() -> None:
    tree = ast.parse((ROOT / TOOL / "cli.py").read_text(encoding="utf-8"))
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    assert functions == ["main"] and not any(isinstance(node, ast.ClassDef) for node in tree.body)
    graph = import_graph(ROOT, TOOL)
    commands = {m for m in graph if m.startswith("mlplatform.commands.")} - {"mlplatform.commands.common"}
    assert graph["mlplatform.cli"] == commands | {"mlplatform.commands.common"}


def test_common_is_below_the_commands() -> None:
    graph = import_graph(ROOT, TOOL)
    assert {t for t in graph["mlplatform.commands.common"] if t.startswith("mlplatform.commands")} == set()


@pytest.mark.parametrize("package", NOT_TOOL)
def test_the_blueprint_and_the_packs_never_import_the_tool(package: str) -> None:
    found = modules(ROOT, package)
    offenders = {
        name: sorted(t for t in imported(ast.parse(p.read_text(encoding="utf-8")), name, p.name == "__init__.py", ())
                     if t == TOOL or t.startswith(f"{TOOL}."))
        for name, p in found.items()
    }
    assert found and {name: targets for name, targets in offenders.items() if targets} == {}


def test_no_module_is_over_400_lines() -> None:
    paths = [p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py")] + [ROOT / "__main__.py"]
    lines = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in paths}
    assert len(lines) > 100 and {path: n for path, n in lines.items() if n > MAX_LINES} == {}
