"""`mlplatform`: validate, plan and describe stacks offline (no cloud credentials, no Pulumi CLI).

This module only builds the app and registers the commands (`mlplatform.commands`, one module each); exit codes
and error printing live in `mlplatform.commands.common`.
"""

from __future__ import annotations

import typer

from mlplatform.commands import (
    catalog,
    common,
    cost,
    decide,
    diff,
    migrate,
    parity,
    plan,
    policy,
    preflight,
    schema,
    validate,
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Offline engine for mlplatform stacks: validate, plan, diff, policy, schema, cost, parity, migrate, decide, "
    "preflight.",
)
for command in (
    validate.validate,
    plan.plan,
    policy.policy,
    diff.diff,
    schema.schema,
    cost.cost,
    parity.parity,
    decide.decide,
    migrate.migrate,
):
    app.command()(command)
app.command("preflight")(preflight.preflight_command)
app.add_typer(catalog.app, name="catalog")


def main() -> None:
    """The console script (`mlplatform = "mlplatform.cli:main"`)."""
    common.run(app)
