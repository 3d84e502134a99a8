"""A row names a separate spot source only for a spot figure it has, read from another source than the row's.

`Rate.spot_source` is "set when the spot figure comes from another (older) source than the rest of the row"
(`price_rows.Rate`): the AWS list-price rows take their spot figures from the older per-zone snapshot, and say so;
a snapshot row's spot is its own source's, and a row without a spot figure has no spot source to name.
"""

from __future__ import annotations

from components.catalog import PRICE_BOOKS, prices_aws
from components.catalog import sources as src


def test_a_spot_source_is_named_only_for_a_spot_figure_from_another_source() -> None:
    for book in PRICE_BOOKS.values():
        for key, rate in {**book.rows, **book.node_rows}.items():
            if rate.spot is None:
                assert rate.spot_source is None, key
            assert rate.spot_source != rate.source, key


def test_aws_list_rows_date_their_spot_figures_by_the_snapshot() -> None:
    rows = prices_aws.ROWS
    listed = [r for r in rows.values() if r.source is not src.SKYPILOT_AWS]
    assert listed and any(r.spot is None for r in listed)  # p5.4xlarge, p4de in eu-central-1: no spot figure
    assert {r.spot_source for r in listed if r.spot is not None} == {src.SKYPILOT_AWS}
    assert all(r.spot_source is None for r in listed if r.spot is None)
    assert all(r.spot_source is None for r in rows.values() if r.source is src.SKYPILOT_AWS)
