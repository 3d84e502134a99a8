"""Every catalog error shows its message as written, as a user reads it on the command line.

`CatalogError` is a LookupError, whose `str` is its lone argument; a KeyError's would be the argument's repr (quoted,
with its escapes). `errors.py` had its own `__str__` doing what LookupError already does (dead code: its two mutants
survived with every test green); this pins the behaviour it claimed, on every error class and on a real lookup.
"""

from __future__ import annotations

import pytest

from components.catalog import errors, price_book

MESSAGE = "book 'x' has no price for p5.48xlarge in us-east-1;\nother books: none"


@pytest.mark.parametrize("error", [errors.CatalogError, errors.UnsupportedShape, errors.UnknownRegion,
                                   errors.UnknownTopology, errors.UnknownPriceBook, errors.MissingPrice])
def test_a_catalog_error_reads_as_its_message_and_is_a_lookup_error(error: type[errors.CatalogError]) -> None:
    raised = error(MESSAGE)

    assert str(raised) == MESSAGE
    assert isinstance(raised, LookupError) and not isinstance(raised, KeyError)


def test_a_failed_lookup_says_what_was_asked_and_what_exists_unquoted() -> None:
    with pytest.raises(errors.UnknownPriceBook) as caught:
        price_book("list-2019")

    assert str(caught.value) == "price book 'list-2019' does not exist; books: design-2025, list-2026"
