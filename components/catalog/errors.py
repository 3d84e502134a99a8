"""Lookup errors of the catalog. Each message says what was asked and what exists, so the user can fix it."""

from __future__ import annotations


class CatalogError(LookupError):
    """Base of every catalog lookup failure. A LookupError (unlike a KeyError) shows its lone message as it is."""


class UnsupportedShape(CatalogError):  # noqa: N818 (names are public API)
    """No machine shape for an accelerator x count on a cloud, or no system shape for a size."""


class UnknownRegion(CatalogError):  # noqa: N818 (names are public API)
    """A region the catalog does not know for a cloud."""


class UnknownTopology(CatalogError):  # noqa: N818 (names are public API)
    """A TPU topology that GKE does not offer for the generation."""


class UnknownPriceBook(CatalogError):  # noqa: N818 (names are public API)
    """A price book name that does not exist."""


class MissingPrice(CatalogError):  # noqa: N818 (names are public API)
    """No price for a machine type in a region in the chosen book."""


class InvalidPriceOverrides(ValueError):  # noqa: N818 (names are public API)
    """A negotiated price overrides file that does not validate; the message lists every problem with its path."""
