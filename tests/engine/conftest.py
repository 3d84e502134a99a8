"""Each committed stack is rendered once per test session, shared by every xdist worker (tests/engine/stacks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.stacks import SessionRenders


@pytest.fixture(scope="session")
def rendered(render_cache_dir: Path) -> SessionRenders:
    return SessionRenders(render_cache_dir)
