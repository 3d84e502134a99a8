"""`tools/mutate.py` runs each mutant against only the tests that executed its lines under coverage.

On a tiny module of its own (two used functions and an unused one, reading a table in another module) with two
tests: a mutant inside a function gets exactly the test that ran its line, a mutant of the table (run at import
only) every test that ran a line of its importer, a line no test runs gets none (a survivor without a run); the
selected test kills its mutant while the other test would not notice it; a mutant listed as equivalent is skipped.
In a package: a table named alone is reached through the package modules importing it and the tests reading it; a
folder sweep skips `__init__.py`, a named one is measured. The project is built once per module and measured once;
its pytest runs load only the plugins the tool's command line needs (xdist for `-n 0`): the project's own plugins
(hypothesis alone imports for a second) play no part in what the tool selects or counts, and each of the dozen
pytest processes here would pay for them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tools.mutate import ROOT, Mutant, _sites, killed, modules_of, mutate_module
from tools.mutate_selection import Selection, by_name, importers_of, measure, neighbours, readers_of

LIMITS = "LIMIT = 3\n"
MODULE = '''from limits import LIMIT


def over(n: int) -> bool:
    return n > LIMIT


def name(n: int) -> str:
    if n == 0:
        return "zero"
    return "many"


def unused(n: int) -> int:
    return n + 1
'''
TESTS = '''from calc import name, over


def test_over():
    assert over(4)
    assert not over(3)


def test_name():
    assert name(0) == "zero"
'''
OVER, NAME = "test_calc.py::test_over", "test_calc.py::test_name"
READS = "from pkg.limits import LIMIT\n\n\ndef test_limit():\n    assert LIMIT == 3\n"  # runs no line of the table
READ = "test_reads.py::test_limit"


@pytest.fixture(scope="module", autouse=True)
def plugins() -> Iterator[None]:
    """The tool's pytest runs import the plugin from this repo and autoload no other plugin but xdist (`-n 0`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", str(ROOT))
        patch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
        patch.setenv("PYTEST_PLUGINS", "xdist.plugin")
        yield


def _project(root: Path, files: dict[str, str]) -> Path:
    """A synthetic project with its own (empty) pytest configuration."""
    for name, text in {**files, "pytest.ini": "[pytest]\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("project"), {"limits.py": LIMITS, "calc.py": MODULE,
                                                          "test_calc.py": TESTS})


@pytest.fixture(scope="module")
def selection(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Selection:
    modules = ["calc.py", "limits.py"]
    measured = measure(tree, modules, ["test_calc.py"], tmp_path_factory.mktemp("scratch"))
    return replace(measured, importers=importers_of(tree, modules))


def _site(line: int, operator: str, module: str = "calc.py", source: str = MODULE) -> Mutant:
    [found] = [m for m in _sites(module, ast.parse(source)) if (m.line, m.operator) == (line, operator)]
    return found


def test_each_mutant_runs_only_the_tests_that_ran_its_line(tree: Path, selection: Selection) -> None:
    assert selection.failing == ()
    assert selection.importers == {"calc.py": (), "limits.py": ("calc.py",)}
    assert set(selection.seconds) == {OVER, NAME}
    assert selection.lines["calc.py"][5] == (OVER,)  # return n > LIMIT
    assert selection.lines["calc.py"][9] == (NAME,)  # if n == 0
    assert 11 not in selection.lines["calc.py"]  # return "many": never reached
    assert selection.tests_for(_site(5, "Gt -> GtE")) == [OVER]
    assert selection.tests_for(_site(9, "Eq -> NotEq")) == [NAME]
    # A table only imports run: every test that ran a line of the modules importing it.
    assert sorted(selection.tests_for(_site(1, "3 -> 4", "limits.py", LIMITS))) == sorted([OVER, NAME])
    assert selection.tests_for(_site(15, "return None")) == []

    flipped = _site(5, "Gt -> GtE")
    mutated = ast.parse(MODULE)
    flipped.apply(mutated)
    (tree / "calc.py").write_text(ast.unparse(mutated) + "\n", encoding="utf-8")
    try:
        assert killed(tree, [OVER], 120)
        assert not killed(tree, [NAME], 120)  # the other test would not notice: selection must not pick it alone
    finally:
        (tree / "calc.py").write_text(MODULE, encoding="utf-8")


def test_a_module_figure_counts_kills_unrun_survivors_and_equivalents(tree: Path, selection: Selection) -> None:
    figure = mutate_module(tree, "calc.py", selection, 0, {("calc.py", 9, "0 -> 1")}, lambda tests: 120)
    table = mutate_module(tree, "limits.py", selection, 0, set(), lambda tests: 120)

    assert (figure.killed, figure.tried, figure.equivalent, figure.sites) == (5, 8, 1, 9)
    assert (table.killed, table.tried, table.survivors) == (1, 1, ())
    assert figure.survivors == ("11: return None (no test runs it)", "15: 1 -> 2 (no test runs it)",
                                "15: return None (no test runs it)")
    assert (tree / "calc.py").read_text(encoding="utf-8") == MODULE  # restored


def test_a_sweep_skips_package_files_but_a_named_one_is_measured(tmp_path: Path) -> None:
    """`__init__.py` is package glue in a folder sweep, but a package's own code (a cloud's `build`) when named."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    for name in ("__init__.py", "a.py", "sub/__init__.py", "sub/b.py"):
        (package / name).write_text("from pkg.sub import b\n" if name == "a.py" else "", encoding="utf-8")
    (package / "__init__.py").write_text("from pkg import a\n\n\ndef build() -> int:\n    return 1\n",
                                         encoding="utf-8")

    assert modules_of(tmp_path, ["pkg"]) == ["pkg/a.py", "pkg/sub/b.py"]
    assert modules_of(tmp_path, ["pkg/__init__.py", "pkg/sub"]) == ["pkg/__init__.py", "pkg/sub/b.py"]
    # A package file is imported by its package's name, not `pkg.__init__`.
    assert importers_of(tmp_path, ["pkg/__init__.py", "pkg/a.py", "pkg/sub/__init__.py"]) == {
        "pkg/__init__.py": (), "pkg/a.py": ("pkg/__init__.py",), "pkg/sub/__init__.py": ("pkg/a.py",)}
    assert [(m.line, m.operator) for m in _sites("pkg/__init__.py", ast.parse((package / "__init__.py").read_text()))] \
        == [(5, "return None"), (5, "1 -> 2")]


def test_a_table_named_alone_is_reached_through_its_importers_and_the_tests_reading_it(tmp_path: Path) -> None:
    """Only `pkg/limits.py` is named; its package's other modules are measured (not mutated) with it, so the table's
    site gets the tests that ran its importer's code, and the test that only reads it (runs none of its lines)."""
    project = _project(tmp_path / "project", {"pkg/__init__.py": "", "pkg/limits.py": LIMITS,
                                              "pkg/calc.py": MODULE.replace("from limits", "from pkg.limits"),
                                              "test_pkg.py": TESTS.replace("from calc", "from pkg.calc"),
                                              "test_reads.py": READS})

    measured = neighbours(project, ["pkg/limits.py"])
    found = measure(project, measured, ["test_pkg.py", "test_reads.py"], tmp_path)
    selection = replace(found, importers=importers_of(project, measured),
                        readers=readers_of(project, measured, found.seconds))

    assert measured == ["pkg/__init__.py", "pkg/calc.py", "pkg/limits.py"]
    assert selection.importers["pkg/limits.py"] == ("pkg/calc.py",)
    assert selection.readers == {"pkg/__init__.py": (), "pkg/limits.py": (READ,),
                                 "pkg/calc.py": ("test_pkg.py::test_name", "test_pkg.py::test_over")}
    table = _site(1, "3 -> 4", "pkg/limits.py", LIMITS)
    assert set(selection.tests_for(table)) == {"test_pkg.py::test_name", "test_pkg.py::test_over", READ}
    assert selection.tests_for(_site(5, "Gt -> GtE", "pkg/calc.py")) == ["test_pkg.py::test_over"]  # ran the line


REGISTRY = """import importlib

NAMES = ("limits", "calc")
TABLES = [importlib.import_module(f"pkg.{name}") for name in NAMES]
"""


def test_a_test_reading_tables_through_a_registry_reads_every_module_the_registry_imports_by_name(
    tmp_path: Path,
) -> None:
    """A registry that imports its modules by name (as `components.catalog.cited` does) makes the tests importing it
    readers of each of them; a module that never calls `import_module` names no module, whatever its strings."""
    files = {"pkg/__init__.py": "", "pkg/limits.py": LIMITS, "pkg/calc.py": 'NOTE = "limits"\n',
             "pkg/registry.py": REGISTRY, "test_registry.py": "from pkg.registry import TABLES\n",
             "test_calc.py": "from pkg import calc\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    tests = ["test_registry.py::test_rows", "test_calc.py::test_note"]

    assert {"pkg.limits", "pkg.calc"} <= by_name(tmp_path, "pkg.registry")
    assert by_name(tmp_path, "pkg.calc") == set() and by_name(tmp_path, "pkg.absent") == set()
    assert readers_of(tmp_path, ["pkg/limits.py", "pkg/calc.py"], tests) == {
        "pkg/limits.py": ("test_registry.py::test_rows",),
        "pkg/calc.py": ("test_calc.py::test_note", "test_registry.py::test_rows"),
    }
