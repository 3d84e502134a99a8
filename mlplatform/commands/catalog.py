"""`mlplatform catalog refresh`: the price-feed refresh (`mlplatform.feeds.refresh`) as a command group."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated

import typer

from components.catalog.feed_tables import FEED_TABLES
from components.spec.enums import Cloud
from mlplatform.feeds.parse import FeedTable
from mlplatform.feeds.refresh import GCP_KEY_ENV, fetch_aws, fetch_azure, fetch_gcp, write_table

app = typer.Typer(no_args_is_help=True, help="Catalog maintenance: regenerate price rows from public feeds.")


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
