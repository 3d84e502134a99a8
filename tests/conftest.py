"""Shared fixtures: a fresh recording mock runtime per component test, a fixed "today" for every test, a
temporary render cache, and the hypothesis profiles.

Property-based tests run under the `ci` profile in CI (derandomized: the same examples every run, so CI cannot
pass or fail by chance) and under `explore` elsewhere (random, more examples, failures saved to the local
database). Every failure a run ever finds is pinned as an explicit `@example` in its test, so it is checked
on every run from then on. Choose a profile with HYPOTHESIS_PROFILE=ci|explore.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from components.catalog import CATALOG_REVIEWED, TODAY_ENV
from mlplatform.engine.cache import CACHE_DIR_ENV
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.mocks import install_mocks

CI_EXAMPLES = 300
EXPLORE_EXAMPLES = 2000

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=CI_EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=EXPLORE_EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "explore"))


XDIST_WORKER_ENV = "PYTEST_XDIST_WORKER"  # set by pytest-xdist in each worker process

SUITE_TODAY = CATALOG_REVIEWED
"""The day every test judges support windows on: the catalog's review day, never the real clock."""

# Pinned as this file is imported, in the runner and in every xdist worker: before the conftests below it, some of
# which read the catalog at import (`tests/azure/conftest.py` picks its Kubernetes version), and before any
# session-scoped fixture renders. A `pytest_configure` hook came too late for `pytest tests/azure` under a moved
# clock: pytest imports the conftests on a command-line path's way before it calls that hook.
os.environ[TODAY_ENV] = SUITE_TODAY.isoformat()


@pytest.fixture(autouse=True)
def _catalog_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts on ``SUITE_TODAY`` again, whatever an earlier test set."""
    monkeypatch.setenv(TODAY_ENV, SUITE_TODAY.isoformat())


@pytest.fixture
def mocks() -> Inventory:
    """Fresh mocks for one test; the returned inventory fills as resources register."""
    return install_mocks(project="mlplatform", stack="test")


@pytest.fixture(scope="session", autouse=True)
def render_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test's render cache lives in a temporary folder, never the user's: one folder per session, shared by
    its xdist workers (their temporary folders are siblings), so a stack rendered by one is read by the others.
    Entries are content-addressed and written atomically (mlplatform/engine/cache.py), so sharing cannot go stale."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get(XDIST_WORKER_ENV) else base) / "render-cache"
    folder.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_DIR_ENV, str(folder))
        yield folder
