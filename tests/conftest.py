"""Shared fixtures: a fresh recording mock runtime per component test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mlplatform.cache import CACHE_DIR_ENV
from mlplatform.inventory import Inventory
from mlplatform.mocks import install_mocks


@pytest.fixture
def mocks() -> Inventory:
    """Fresh mocks for one test; the returned inventory fills as resources register."""
    return install_mocks(project="mlplatform", stack="test")


@pytest.fixture(scope="session", autouse=True)
def render_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test's render cache lives in a temporary folder, never the user's."""
    folder = tmp_path_factory.mktemp("render-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_DIR_ENV, str(folder))
        yield folder
