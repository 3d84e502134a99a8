"""Price rows regenerated from the clouds' public price feeds (``mlplatform catalog refresh``), read back here.

A feed table is a JSON file ``feed_tables/<cloud>.json`` written by the refresh: the feed's source with the date
of its data, and one row per (machine type or billed part, region)::

    {"source": {"title": "...", "url": "...", "asOf": "2026-08-26"},
     "rows": [{"item": "p5.48xlarge", "region": "us-east-1", "onDemand": 55.04, "spot": null, "reserved": null}]}

``overlay`` lays a table over a cloud's hand-read rows: the feed's on-demand figure and its spot and reserved
figures where the feed has them replace the hand-read ones, and the row takes the feed as its source (a spot
figure kept from the hand-read row keeps its own source as ``spot_source``). With no file, the hand-read rows
stand alone. Nothing here fetches anything.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from components.catalog.price_rows import Rate
from components.catalog.types import Source
from components.spec.enums import Cloud

FEED_TABLES = Path(__file__).with_name("feed_tables")
"""Where ``mlplatform catalog refresh`` writes the feed tables (committed with the catalog)."""

Rows = Mapping[tuple[Cloud, str, str], Rate]


def table_path(cloud: Cloud, directory: Path = FEED_TABLES) -> Path:
    return directory / f"{cloud.value}.json"


def parse_table(cloud: Cloud, doc: Mapping[str, Any]) -> Rows:
    """The rows of one feed table document (as written by the refresh)."""
    meta = doc["source"]
    source = Source(str(meta["title"]), str(meta["url"]), date.fromisoformat(str(meta["asOf"])))
    return MappingProxyType({
        (cloud, str(row["item"]), str(row["region"])): Rate(
            float(row["onDemand"]),
            None if row.get("spot") is None else float(row["spot"]),
            None if row.get("reserved") is None else float(row["reserved"]),
            source,
        )
        for row in doc["rows"]
    })


def load_table(cloud: Cloud, directory: Path = FEED_TABLES) -> Rows:
    """The cloud's feed rows, or none when no refresh has written a table."""
    path = table_path(cloud, directory)
    if not path.exists():
        return MappingProxyType({})
    return parse_table(cloud, json.loads(path.read_text(encoding="utf-8")))


def overlay(hand: Rows, feed: Rows) -> Rows:
    """``hand`` with every row the feed has replaced by the feed's figures (see the module docstring)."""
    merged = dict(hand)
    for key, fresh in feed.items():
        old = hand.get(key)
        if old is None or fresh.spot is not None:
            merged[key] = fresh
            continue
        merged[key] = replace(fresh, spot=old.spot, spot_zone=old.spot_zone, spot_source=old.spot_source or old.source)
    return MappingProxyType(merged)
