"""The refresh path turns each recorded feed sample into the expected rows, and the catalog reads them back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from components.catalog import sources as src
from components.catalog.feed_tables import load_table, overlay, parse_table
from components.catalog.price_rows import Rate, gpu_part
from components.spec.enums import Cloud
from mlplatform.cli import app
from mlplatform.feeds import refresh as catalog_refresh
from mlplatform.feeds.parse import FeedRow, parse_aws_offer, parse_azure_retail, parse_gcp_skus

FEEDS = Path(__file__).parent / "feeds"
RETRIEVED = date(2026, 11, 30)


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FEEDS / name).read_text(encoding="utf-8"))
    return loaded


def test_aws_offer_file_gives_linux_shared_on_demand_and_one_year_no_upfront_reserved() -> None:
    table = parse_aws_offer(sample("aws_offer_index.json"), ["p5.48xlarge", "p4d.24xlarge", "m7i.xlarge"],
                            ["us-east-1"], "https://example.invalid/index.json")
    assert table.rows == (
        FeedRow("m7i.xlarge", "us-east-1", 0.2016, None, 0.127),
        FeedRow("p4d.24xlarge", "us-east-1", 21.957642, None, 13.921094),
        FeedRow("p5.48xlarge", "us-east-1", 55.04, None, None),
    )
    assert table.source.as_of == date(2026, 8, 26)  # the feed's publicationDate, not the day it was read
    assert table.source.title.startswith("AWS Price List bulk offer file AmazonEC2, version 20260826180344")


def test_gcp_skus_give_machine_parts_from_core_and_ram_and_gpu_parts_per_region() -> None:
    table = parse_gcp_skus(sample("gcp_billing_skus.json"), {"a2-ultragpu-8g": (96, 1360.0)},
                           ["us-central1", "us-east5"], "https://example.invalid/skus", RETRIEVED)
    vm = (round(96 * 0.031611 + 1360 * 0.004237, 6), round(96 * 0.012644 + 1360 * 0.001695, 6),
          round(96 * 0.019915 + 1360 * 0.002669, 6))
    assert table.rows == (
        FeedRow("a2-ultragpu-8g", "us-central1", *vm),
        FeedRow("a2-ultragpu-8g", "us-east5", *vm),
        # the DWS flex-start SKU ($2.00) is not taken for on-demand
        FeedRow(gpu_part("nvidia-a100-80gb"), "us-central1", 3.92808, 1.57123, 2.47469),
    )
    assert vm[0] == pytest.approx(8.79698, abs=1e-5)
    assert table.source.as_of == RETRIEVED


def test_azure_retail_prices_give_payg_spot_and_one_year_reservation() -> None:
    table = parse_azure_retail(
        sample("azure_retail_prices.json"),
        ["Standard_ND96amsr_A100_v4", "Standard_ND96isr_H100_v5", "Standard_D4s_v5"],
        ["eastus", "westeurope"],
        "https://example.invalid/prices",
        RETRIEVED,
    )
    assert table.rows == (
        FeedRow("Standard_D4s_v5", "westeurope", 0.23, None, None),
        FeedRow("Standard_ND96amsr_A100_v4", "eastus", 32.77, 3.6047, round(181449.9 / 8760, 6)),
        FeedRow("Standard_ND96isr_H100_v5", "eastus", 98.32, None, None),  # no spot meter: no spot price
    )


def test_written_tables_read_back_and_overlay_the_hand_rows(tmp_path: Path) -> None:
    table = parse_aws_offer(sample("aws_offer_index.json"), ["p5.48xlarge"], ["us-east-1"], "https://x.invalid")
    path = catalog_refresh.write_table(table, tmp_path)
    assert path == tmp_path / "aws.json"
    rows = load_table(Cloud.AWS, tmp_path)
    fresh = rows[(Cloud.AWS, "p5.48xlarge", "us-east-1")]
    assert (fresh.on_demand, fresh.spot, fresh.source.as_of) == (55.04, None, date(2026, 8, 26))
    hand = {(Cloud.AWS, "p5.48xlarge", "us-east-1"): Rate(98.32, 25.3026, None, src.SKYPILOT_AWS,
                                                         spot_zone="use1-az6")}
    merged = overlay(hand, rows)[(Cloud.AWS, "p5.48xlarge", "us-east-1")]
    assert (merged.on_demand, merged.spot, merged.spot_zone) == (55.04, 25.3026, "use1-az6")
    assert (merged.source.as_of, merged.spot_source) == (date(2026, 8, 26), src.SKYPILOT_AWS)
    assert load_table(Cloud.GCP, tmp_path) == {}
    assert parse_table(Cloud.AWS, table.to_json()) == rows


def test_the_refresh_command_writes_every_cloud_from_the_feeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole command offline: the feeds' URLs are answered from the recorded samples."""
    served: list[str] = []

    def fake_get(url: str) -> tuple[dict[str, Any], date]:
        served.append(url)
        name = ("aws_offer_index.json" if "pricing.us-east-1.amazonaws.com" in url
                else "gcp_billing_skus.json" if "cloudbilling" in url else "azure_retail_prices.json")
        return sample(name), RETRIEVED

    monkeypatch.setattr(catalog_refresh, "_get", fake_get)
    result = CliRunner().invoke(app, ["catalog", "refresh", "--directory", str(tmp_path), "--gcp-api-key", "k"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aws.json", "azure.json", "gcp.json"]
    aws = load_table(Cloud.AWS, tmp_path)
    assert aws[(Cloud.AWS, "p4d.24xlarge", "us-east-1")].reserved == 13.921094
    assert load_table(Cloud.AZURE, tmp_path)[(Cloud.AZURE, "Standard_ND96amsr_A100_v4", "eastus")].spot == 3.6047
    assert load_table(Cloud.GCP, tmp_path)[(Cloud.GCP, "a2-ultragpu-8g", "us-central1")].on_demand == 8.796976
    assert any("key=k" in url for url in served)
