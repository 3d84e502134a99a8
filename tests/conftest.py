"""Shared fixtures: a fresh recording mock runtime per component test, and a fixed "today" for every test."""

from __future__ import annotations

import pytest

from components.catalog import CATALOG_REVIEWED, TODAY_ENV
from mlplatform.inventory import Inventory
from mlplatform.mocks import install_mocks


@pytest.fixture(autouse=True)
def _catalog_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Support windows are judged on the catalog's review day, never the real clock."""
    monkeypatch.setenv(TODAY_ENV, CATALOG_REVIEWED.isoformat())


@pytest.fixture
def mocks() -> Inventory:
    """Fresh mocks for one test; the returned inventory fills as resources register."""
    return install_mocks(project="mlplatform", stack="test")
