"""Commands registered on the `mlplatform` app from their own modules, to keep `cli.py` small."""

from __future__ import annotations

import typer

from mlplatform.commands import costtools


def register(app: typer.Typer) -> None:
    """Add `cost` (and the other review and migration commands) to ``app``."""
    for command in (costtools.cost,):
        app.command()(command)
