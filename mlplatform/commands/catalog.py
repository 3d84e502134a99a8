"""`mlplatform catalog`: the price-feed refresh (`mlplatform.feeds.refresh`) and the list of every cited source
(`components.catalog.cited`) with its age, as a command group."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from components.catalog.cited import Citation, citations
from components.catalog.feed_tables import FEED_TABLES
from components.catalog.freshness import CATALOG_REVIEWED, MAX_SOURCE_AGE_DAYS
from components.spec.enums import Cloud
from mlplatform.commands import common
from mlplatform.commands.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, out
from mlplatform.feeds.parse import FeedTable
from mlplatform.feeds.refresh import GCP_KEY_ENV, fetch_aws, fetch_azure, fetch_gcp, write_table

app = typer.Typer(no_args_is_help=True, help="Catalog maintenance: regenerate price rows from public feeds; list "
                  "every cited source with its age.")

SOURCES_DOC = "docs/catalog-sources.md"
REGENERATE_DOC = f"mlplatform catalog sources > {SOURCES_DOC}"
"""The committed rendering of `catalog sources` on the review day, and the command that regenerates it."""


class SourcesFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def refresh(
    clouds: Annotated[list[Cloud] | None, typer.Option("--cloud", help="Only these clouds (default: all)")] = None,
    gcp_api_key: Annotated[str, typer.Option(envvar=GCP_KEY_ENV, help="Cloud Billing Catalog API key")] = "",
    directory: Annotated[Path, typer.Option(help="Where the feed tables go")] = FEED_TABLES,
    dry_run: Annotated[bool, typer.Option(help="Print the rows instead of writing them")] = False,
) -> None:
    """Fetch AWS, GCP and Azure public price feeds and rewrite the catalog's feed tables (needs the network)."""
    fetchers: Mapping[Cloud, Callable[[], FeedTable]] = {
        Cloud.AWS: fetch_aws,
        Cloud.GCP: lambda: fetch_gcp(gcp_api_key or os.environ.get(GCP_KEY_ENV, "")),
        Cloud.AZURE: fetch_azure,
    }
    for cloud in clouds or list(Cloud):
        if cloud is Cloud.GCP and not (gcp_api_key or os.environ.get(GCP_KEY_ENV)):
            typer.echo(f"gcp: skipped, set --gcp-api-key or {GCP_KEY_ENV}", err=True)
            continue
        table = fetchers[cloud]()
        if dry_run:
            typer.echo(json.dumps(table.to_json(), indent=1))
        else:
            typer.echo(f"{cloud}: {len(table.rows)} rows, data {table.source.as_of} -> {write_table(table, directory)}")


@app.command()
def sources(
    today: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Age the sources on this day (default: "
                                             "the catalog's review day); not before the review day")] = None,
    fmt: Annotated[SourcesFormat, typer.Option("--format", help="text (a Markdown table) or json")] = (
        SourcesFormat.TEXT),
) -> None:
    """Every source the catalog cites: title, URL, data date, age in days, waiver or undated reason, stale flag.
    Exits 1 when a source is stale (a price source past the maximum age, not waived) or dated after the review."""
    day = _day(today)
    found = citations(day)
    if fmt is SourcesFormat.JSON:
        out.file.write(json.dumps(sources_json(found, day), indent=2, ensure_ascii=False) + "\n")
    else:
        out.file.write(sources_text(found, day))
    out.file.flush()
    raise typer.Exit(EXIT_FINDINGS if any(c.stale or c.after_review for c in found) else EXIT_OK)


def _day(text: str | None) -> date:
    if text is None:
        return CATALOG_REVIEWED
    try:
        day = date.fromisoformat(text)
    except ValueError:
        common.fail(f"--today {text!r} is not a date; use YYYY-MM-DD", EXIT_BAD_INPUT)
    if day < CATALOG_REVIEWED:
        common.fail(f"--today {day} is before the catalog's review day {CATALOG_REVIEWED}: every source is aged on "
                    "the review day or later", EXIT_BAD_INPUT)
    return day


def _status(c: Citation) -> str:
    marks = [
        *(["STALE: a price source over the maximum age, not waived"] if c.stale else []),
        *(["AFTER THE REVIEW DAY: dated after the review that vouches for it"] if c.after_review else []),
        *([f"waived: {c.waiver}"] if c.waiver else []),
        *([f"undated: {c.undated}"] if c.undated else []),
    ]
    return "; ".join(marks)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def sources_text(found: Sequence[Citation], day: date) -> str:
    """The sources as a Markdown document (``docs/catalog-sources.md`` is this on the review day)."""
    prices = [c for c in found if c.price]
    counts = (f"{len(found)} sources: {len(prices)} price sources ({sum(bool(c.waiver) for c in found)} waived), "
              f"{sum(bool(c.undated) for c in found)} undated pages dated as read, {sum(c.stale for c in found)} "
              f"stale, {sum(c.after_review for c in found)} dated after the review day.")
    lines = [
        "# Catalog sources",
        "",
        f"Every source the catalog cites, aged on {day} (the catalog's review day is {CATALOG_REVIEWED}). A price "
        f"source is stale when its data is older than {MAX_SOURCE_AGE_DAYS} days and no waiver says why it is kept; "
        "every other source states a fact as of its date. Generated by `mlplatform catalog sources`; regenerate "
        f"with `{REGENERATE_DOC}`.",
        "",
        counts,
        "",
        "| data date | age (days) | kind | source | URL | status |",
        "|---|---|---|---|---|---|",
        *(f"| {c.source.as_of} | {c.age_days} | {'price' if c.price else 'fact'} | {_cell(c.source.title)} | "
          f"<{c.source.url}> | {_cell(_status(c))} |" for c in found),
    ]
    return "\n".join(lines) + "\n"


def sources_json(found: Sequence[Citation], day: date) -> dict[str, Any]:
    """The sources as the JSON document ``schema/catalog-sources.schema.json`` describes."""
    return {
        "reviewed": CATALOG_REVIEWED.isoformat(),
        "day": day.isoformat(),
        "max_age_days": MAX_SOURCE_AGE_DAYS,
        "stale": sum(c.stale for c in found),
        "after_review": sum(c.after_review for c in found),
        "sources": [
            {"title": c.source.title, "url": c.source.url, "as_of": c.source.as_of.isoformat(), "age_days": c.age_days,
             "price": c.price, "waiver": c.waiver, "undated": c.undated, "stale": c.stale,
             "after_review": c.after_review}
            for c in found
        ],
    }
