"""Shared fixtures: a fresh recording mock runtime per component test."""

from __future__ import annotations

import pytest

from mlplatform.inventory import Inventory
from mlplatform.mocks import install_mocks


@pytest.fixture
def mocks() -> Inventory:
    """Fresh mocks for one test; the returned inventory fills as resources register."""
    return install_mocks(project="mlplatform", stack="test")
