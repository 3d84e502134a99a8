"""Show policy verdicts as a rich table, JSON or Markdown (for a pull-request comment)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from mlplatform.policy.runner import StackVerdicts
from mlplatform.present.format import Format

HEADERS = ("level", "pack", "policy", "resource", "message")


def _rows(result: StackVerdicts) -> list[tuple[str, str, str, str, str]]:
    ordered = sorted(result.verdicts, key=lambda v: (not v.blocking, v.kind, v.pack, v.policy, v.urn))
    level = {True: "MANDATORY", False: "advisory"}
    return [
        (level[v.blocking] if v.kind == "violation" else "unknown", v.pack, v.policy, v.resource, v.message)
        for v in ordered
    ]


def show_verdicts(results: Sequence[StackVerdicts], fmt: Format, console: Console) -> None:
    if fmt is Format.JSON:
        console.print_json(json.dumps([r.to_json() for r in results]))
    elif fmt is Format.MARKDOWN:
        console.print("\n\n".join(markdown(r) for r in results), markup=False, highlight=False, soft_wrap=True)
    else:
        for result in results:
            table = Table(title=f"stack {result.title}: {result.summary()}")
            for header in HEADERS:
                table.add_column(header)
            for row in _rows(result):
                table.add_row(*row)
            console.print(table)


def markdown(result: StackVerdicts) -> str:
    lines = [f"### Policies for `{result.title}`: {result.summary()}"]
    if result.verdicts:
        lines += ["", "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in _rows(result)]
    return "\n".join(lines)
