"""The pytest plugin `tools/mutate.py` loads (`-p tools.mutate_plugin`) for its one coverage run of the tests.

Under `coverage run` it names the coverage context of each test after its node id (setup, call and teardown), so
the data says which tests executed each line; code run outside a test (imports at collection) keeps the empty
context. It writes each test's duration and whether it passed to the JSON file the variable named by
`tools.mutate.TIMINGS_ENV` gives; without that variable it does nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import coverage
import pytest

from tools.mutate_selection import TIMINGS_ENV


class Recorder:
    """Per-test coverage contexts, durations and outcomes of one pytest session."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tests: dict[str, dict[str, float | bool]] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        current = coverage.Coverage.current()
        if current is not None:
            current.switch_context(item.nodeid)
        yield
        if current is not None:
            current.switch_context("")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = self.tests.setdefault(report.nodeid, {"seconds": 0.0, "passed": False})
        entry["seconds"] = float(entry["seconds"]) + report.duration
        if report.when == "call":
            entry["passed"] = report.passed
        elif not report.passed:
            entry["passed"] = False

    def pytest_sessionfinish(self) -> None:
        self.path.write_text(json.dumps(self.tests, sort_keys=True), encoding="utf-8")


def pytest_configure(config: pytest.Config) -> None:
    path = os.environ.get(TIMINGS_ENV)
    if path:
        config.pluginmanager.register(Recorder(Path(path)), "mutate-recorder")
