"""Price book ``list-2026``, Azure rows: none read yet (every Azure shape raises MissingPrice in this book)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.price_rows import Rate
from components.spec.enums import Cloud

SOURCE = src.AZURE_VM_PRICING

ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType({})
