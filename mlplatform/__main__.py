"""`python -m mlplatform` runs the CLI."""

from mlplatform.cli import main

main()
