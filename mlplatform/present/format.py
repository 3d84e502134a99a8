"""Render stack reports as a rich table, JSON or Markdown (for a pull-request comment)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from enum import StrEnum

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from mlplatform.present.report import PoolRow, StackReport

POOL_HEADERS = tuple(f.name.replace("_", " ") for f in fields(PoolRow))


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


def show_reports(reports: Sequence[StackReport], fmt: Format, console: Console) -> None:
    if fmt is Format.JSON:
        write_json(console, [r.to_json() for r in reports])
    elif fmt is Format.MARKDOWN:
        console.print("\n\n".join(markdown(r) for r in reports), markup=False, highlight=False, soft_wrap=True)
    else:
        for report in reports:
            _table(report, console)


def write_json(console: Console, doc: object) -> None:
    """Indented JSON straight to the console's file: rich's print_json takes seconds on an inventory export."""
    console.file.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    console.file.flush()


def _summary(report: StackReport) -> list[tuple[str, str]]:
    return [
        ("cloud / region", f"{report.cloud} / {report.region}"),
        ("environment", report.environment),
        ("cluster", f"{report.cluster} (Kubernetes {report.kubernetes_version})"),
        ("API endpoint", report.endpoint),
        ("first deploy reaches the API", report.deploy_path),
        ("system pool", report.system_pool),
        ("cost", report.cost),
        *([("preflight", report.preflight)] if report.preflight else []),
        *(("spot interruption", line) for line in report.interruption),
        ("resources", str(report.resources)),
        *(("WARNING", w) for w in report.warnings),
        *([("policies", report.policies)] if report.policies else []),
    ]


def _table(report: StackReport, console: Console) -> None:
    settings = Table(title=f"stack {report.stack}", show_header=False)
    for key, value in _summary(report):
        settings.add_row(key, value)
    console.print(settings)
    pools = Table(title="accelerator pools")
    for header in POOL_HEADERS:
        pools.add_column(header)
    for row in report.pools:
        pools.add_row(*(str(getattr(row, f.name)) for f in fields(PoolRow)))
    console.print(pools)
    tree = Tree(f"[bold]{report.stack}[/bold] resources")
    stack: list[Tree] = [tree]
    for depth, label in report.tree:
        del stack[depth + 1 :]
        stack.append(stack[-1].add(label))
    console.print(tree)


def markdown(report: StackReport) -> str:
    lines = [f"### Stack `{report.stack}`", "", "| setting | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _summary(report)]
    lines += ["", "| " + " | ".join(POOL_HEADERS) + " |", "|" + "---|" * len(POOL_HEADERS)]
    lines += ["| " + " | ".join(str(getattr(r, f.name)) for f in fields(PoolRow)) + " |" for r in report.pools]
    lines += ["", "<details><summary>resources by type</summary>", "", "| type | count |", "|---|---|"]
    lines += [f"| `{t}` | {n} |" for t, n in report.resource_counts.items()]
    lines += ["", "</details>"]
    return "\n".join(lines)
