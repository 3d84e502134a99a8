"""`mlplatform catalog sources`: every cited source with its age, the committed document, and the exit codes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from components.catalog import fixed_sources as fixed
from components.catalog import sources as src
from components.catalog.cited import cited_sources
from components.catalog.freshness import CATALOG_REVIEWED, WAIVERS
from mlplatform.cli import app
from mlplatform.commands.catalog import REGENERATE_DOC, SOURCES_DOC
from tests.engine.stacks import ROOT

runner = CliRunner()


def test_the_committed_document_is_what_the_command_prints_on_the_review_day() -> None:
    """A moved read date, a new source or a new waiver changes the document: the change shows in review."""
    result = runner.invoke(app, ["catalog", "sources"])
    assert result.exit_code == 0, result.output
    committed = (ROOT / SOURCES_DOC).read_text(encoding="utf-8")
    assert committed == result.stdout, f"{SOURCES_DOC} is out of date; regenerate it with `{REGENERATE_DOC}`"


def test_text_lists_every_source_with_its_date_age_and_reason() -> None:
    text = runner.invoke(app, ["catalog", "sources"]).stdout
    rows = [line for line in text.splitlines() if line.startswith("| 20")]
    assert len(rows) == len(cited_sources())
    assert (f"| 2026-08-26 | 103 | price | {src.AWS_PRICE_LIST_2026_08.title} | <{src.AWS_PRICE_LIST_2026_08.url}> |  |"
            in rows)
    assert f"| 2025-05-31 | 555 | price | {src.SKYPILOT_GCP.title} | <{src.SKYPILOT_GCP.url}> | waived: " \
        f"{WAIVERS[src.SKYPILOT_GCP]} |" in rows
    assert f"{len(cited_sources())} sources: 23 price sources (9 waived), 5 undated pages dated as read, 0 stale, " \
        "0 dated after the review day." in text


def test_json_ages_on_the_given_day_and_a_stale_source_exits_1() -> None:
    nat = fixed.AWS_NAT_PRICING  # data of 2026-02-24: the oldest price source without a waiver
    day = date(2027, 2, 25)  # 366 days on
    result = runner.invoke(app, ["catalog", "sources", "--today", day.isoformat(), "--format", "json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert (doc["reviewed"], doc["day"], doc["max_age_days"], doc["stale"], doc["after_review"]) == (
        "2026-12-07", "2027-02-25", 365, 1, 0)
    [stale] = [s for s in doc["sources"] if s["stale"]]
    assert stale == {
        "title": nat.title, "url": nat.url, "as_of": "2026-02-24", "age_days": 366, "price": True, "waiver": None,
        "undated": None, "stale": True, "after_review": False,
    }
    the_day_before = runner.invoke(app, ["catalog", "sources", "--today", "2027-02-24", "--format", "json"])
    assert the_day_before.exit_code == 0, the_day_before.output
    assert json.loads(the_day_before.stdout)["stale"] == 0


def test_the_text_says_stale_and_still_lists_everything() -> None:
    result = runner.invoke(app, ["catalog", "sources", "--today", "2027-02-25"])
    assert result.exit_code == 1
    [row] = [line for line in result.stdout.splitlines() if fixed.AWS_NAT_PRICING.title in line]
    assert row.endswith("| STALE: a price source over the maximum age, not waived |")


@pytest.mark.parametrize(("value", "message"), [
    ("2026-13-01", "--today '2026-13-01' is not a date; use YYYY-MM-DD"),
    ((CATALOG_REVIEWED - timedelta(days=1)).isoformat(),
     "--today 2026-12-06 is before the catalog's review day 2026-12-07: every source is aged on the review day or "
     "later"),
])
def test_a_bad_day_is_bad_input(value: str, message: str) -> None:
    result = runner.invoke(app, ["catalog", "sources", "--today", value])
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr


def test_an_unknown_format_is_bad_input() -> None:
    assert runner.invoke(app, ["catalog", "sources", "--format", "markdown"]).exit_code == 2

