"""Commands registered on the `mlplatform` app from their own modules, to keep `cli.py` small."""

from __future__ import annotations

import typer

from mlplatform.commands import costtools, migrate_cmd


def register(app: typer.Typer) -> None:
    """Add `cost`, `parity`, `decide` and `migrate` to ``app``."""
    for command in (costtools.cost, costtools.parity, costtools.decide, migrate_cmd.migrate):
        app.command()(command)
