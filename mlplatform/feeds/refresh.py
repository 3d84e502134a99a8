"""Fetch the clouds' public price feeds and rewrite the catalog's feed tables (`mlplatform catalog refresh`).

Needs the network (AWS Price List and Azure Retail Prices are anonymous; the GCP Cloud Billing Catalog needs an
API key: ``--gcp-api-key`` or ``GCP_BILLING_API_KEY``). Each cloud's rows are parsed by ``feeds.parse`` for the
catalog's own shapes and regions and written to ``components/catalog/feed_tables/<cloud>.json`` with the feed's
date; the catalog overlays them on its hand-read rows (``components.catalog.feed_tables``). Review the diff, then
commit it with ``freshness.CATALOG_REVIEWED`` moved to the day of the review.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from components import catalog
from components.catalog.feed_tables import FEED_TABLES, table_path
from components.spec.enums import AcceleratorKind, Cloud
from mlplatform.feeds.parse import FeedTable, parse_aws_offer, parse_azure_retail, parse_gcp_skus

AWS_OFFER_URL = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/{region}/index.json"
GCP_SKUS_URL = "https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus"
AZURE_RETAIL_URL = "https://prices.azure.com/api/retail/prices"
GCP_KEY_ENV = "GCP_BILLING_API_KEY"
TIMEOUT_SECONDS = 600

def machine_types(cloud: Cloud) -> dict[str, tuple[int, float]]:
    """The catalog's machine types on ``cloud`` billed by the machine (not TPU hosts): name -> (vCPUs, GiB)."""
    shapes = [s for (c, _, _), group in catalog.ACCELERATOR_SHAPES.items() if c is cloud for s in group]
    shapes += [s for (c, _), s in catalog.SYSTEM_SHAPES.items() if c is cloud]
    return {
        s.machine_type: (s.vcpus, s.memory_gib)
        for s in shapes
        if s.accelerator is None or s.accelerator.kind is AcceleratorKind.GPU
    }


def regions(cloud: Cloud) -> list[str]:
    return sorted(name for c, name in catalog.REGIONS if c is cloud)


def _get(url: str) -> tuple[dict[str, Any], date]:
    """GET ``url`` as JSON, with the day of the response (its HTTP Date header)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        stamp = response.headers.get("Date")
        day = parsedate_to_datetime(stamp).date() if stamp else date.today()
        return json.load(response), day


def fetch_aws() -> FeedTable:
    tables = []
    for region in regions(Cloud.AWS):
        url = AWS_OFFER_URL.format(region=region)
        doc, _ = _get(url)
        tables.append(parse_aws_offer(doc, machine_types(Cloud.AWS), [region], url))
    rows = tuple(r for t in tables for r in t.rows)
    return FeedTable(Cloud.AWS, min((t.source for t in tables), key=lambda s: s.as_of), rows)


def fetch_gcp(api_key: str) -> FeedTable:
    skus: list[Any] = []
    token, day = "", date.today()
    while True:
        query = urllib.parse.urlencode({"key": api_key, "pageSize": 5000, **({"pageToken": token} if token else {})})
        doc, day = _get(f"{GCP_SKUS_URL}?{query}")
        skus += doc.get("skus", [])
        token = str(doc.get("nextPageToken", ""))
        if not token:
            break
    return parse_gcp_skus({"skus": skus}, machine_types(Cloud.GCP), regions(Cloud.GCP), GCP_SKUS_URL, day)


def fetch_azure() -> FeedTable:
    items: list[Any] = []
    day = date.today()
    for region in regions(Cloud.AZURE):
        query = urllib.parse.quote(f"serviceName eq 'Virtual Machines' and armRegionName eq '{region}'")
        url: str | None = f"{AZURE_RETAIL_URL}?$filter={query}"
        while url:
            doc, day = _get(url)
            items += doc.get("Items", [])
            url = doc.get("NextPageLink")
    sizes = machine_types(Cloud.AZURE)
    return parse_azure_retail({"Items": items}, sizes, regions(Cloud.AZURE), AZURE_RETAIL_URL, day)


def write_table(table: FeedTable, directory: Path = FEED_TABLES) -> Path:
    """Write ``table`` as ``<directory>/<cloud>.json`` (sorted rows, so a refresh diffs line by line)."""
    path = table_path(table.cloud, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(table.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
