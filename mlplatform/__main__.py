"""`python -m mlplatform` runs the CLI."""

from mlplatform.cli import app

app()
