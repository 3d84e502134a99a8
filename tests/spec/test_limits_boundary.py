"""Two blueprint limits at their boundary, both sides: a node's OS disk at exactly the cloud's limit is accepted
and one GiB more refused at its path; a known price book is accepted and an unknown one refused with the list."""

from __future__ import annotations

import pytest

from components import catalog
from components.spec import Cloud, load_blueprint
from tests.blueprints import ADMINS
from tests.spec.test_rejections import Raw, assert_reported, at, azure, mutated, pool


def _on_azure(raw: Raw) -> None:
    azure(raw)
    raw["cluster"]["admins"] = ADMINS["azure"]


def test_root_volume_at_azures_limit_is_accepted_and_one_more_refused() -> None:
    # The model caps rootVolumeGib at 4096 on every cloud; only Azure's limit (2048) lies below that cap.
    limit = catalog.network_facts(Cloud.AZURE).max_root_volume_gib
    assert limit == 2048
    bp = load_blueprint(mutated(pool(0, rootVolumeGib=limit), mutated(_on_azure)))
    assert bp.node_pools[0].root_volume_gib == limit

    def too_big(raw: Raw) -> None:
        _on_azure(raw)
        pool(0, rootVolumeGib=limit + 1)(raw)

    assert_reported(too_big, "nodePools[0].rootVolumeGib", ("2049 is above azure's limit", "use at most 2048"))


@pytest.mark.parametrize("book", sorted(catalog.PRICE_BOOKS))
def test_every_known_price_book_is_accepted(book: str) -> None:
    bp = load_blueprint(mutated(at("budget", value={"maxUsdPerHour": 100, "priceBook": book})))
    assert bp.budget is not None and bp.budget.price_book == book


def test_an_unknown_price_book_is_refused_with_the_known_ones() -> None:
    books = ", ".join(sorted(catalog.PRICE_BOOKS))
    assert_reported(at("budget", value={"maxUsdPerHour": 100, "priceBook": "list-2019"}), "budget.priceBook",
                    ("'list-2019' is unknown", books))
