"""Price book ``list-2026``, Azure rows (USD/h per VM, Linux pay-as-you-go / spot) from ``sources.SKYPILOT_AZURE``.

The snapshot has one row per region offering the size; ``availability`` derives Azure availability from these
rows. It covers US regions only: westeurope and swedencentral have no row for any size, so no Azure size is
offered there in this catalog and none is priced there (a known gap, not a claim that Azure lacks them).

``Standard_ND96isr_H100_v5`` has no discounted spot meter in the source: its "spot" figure there equals pay-as-you-go,
which is the feed's way of saying no spot price exists. The catalog records spot as not offered for the size
(``SPOT_NOT_OFFERED``): its spot is None, and validation rejects ``capacity: spot`` for it instead of pricing a spot
pool at the full rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.feed_tables import load_table, overlay
from components.catalog.price_rows import Rate
from components.spec.enums import Cloud

SOURCE = src.SKYPILOT_AZURE

_EUS, _EUS2, _SCUS, _WUS3 = "eastus", "eastus2", "southcentralus", "westus3"

_Table = Mapping[str, Mapping[str, tuple[float, float | None]]]

_ROWS: _Table = {
    "Standard_ND96isr_H100_v5": {_EUS: (98.32, None), _EUS2: (98.32, None)},
    "Standard_ND96amsr_A100_v4": {_EUS: (32.77, 3.6047), _EUS2: (32.77, 3.611254), _SCUS: (39.324, 4.32564)},
    "Standard_ND96asr_v4": {_EUS: (27.197, 2.99167), _SCUS: (32.63, 3.5893)},
    "Standard_NC24ads_A100_v4": {
        _EUS: (3.673, 0.444433),
        _EUS2: (3.673, 0.47749),
        _SCUS: (4.408, 0.57304),
        _WUS3: (3.673, 0.40403),
    },
    "Standard_NC48ads_A100_v4": {
        _EUS: (7.346, 0.888866),
        _EUS2: (7.346, 0.95498),
        _SCUS: (8.815, 1.14595),
        _WUS3: (7.346, 0.80806),
    },
    "Standard_NC96ads_A100_v4": {
        _EUS: (14.692, 1.777732),
        _EUS2: (14.692, 1.90996),
        _SCUS: (17.63, 2.2919),
        _WUS3: (14.692, 1.61612),
    },
    "Standard_NC4as_T4_v3": {
        _EUS: (0.526, 0.062699),
        _EUS2: (0.526, 0.05786),
        _SCUS: (0.631, 0.06941),
        _WUS3: (0.526, 0.05786),
    },
    "Standard_NC64as_T4_v3": {
        _EUS: (4.352, 0.518758),
        _EUS2: (4.352, 0.47872),
        _SCUS: (5.222, 0.57442),
        _WUS3: (4.352, 0.47872),
    },
    "Standard_D4s_v5": {
        _EUS: (0.192, 0.02112),
        _EUS2: (0.192, 0.02496),
        _SCUS: (0.23, 0.027416),
        _WUS3: (0.192, 0.02112),
    },
    "Standard_D8s_v5": {
        _EUS: (0.384, 0.04224),
        _EUS2: (0.384, 0.04992),
        _SCUS: (0.461, 0.054951),
        _WUS3: (0.384, 0.04224),
    },
    "Standard_D16s_v5": {
        _EUS: (0.768, 0.08448),
        _EUS2: (0.768, 0.09984),
        _SCUS: (0.922, 0.109902),
        _WUS3: (0.768, 0.08448),
    },
}

SPOT_NOT_OFFERED: frozenset[str] = frozenset({"Standard_ND96isr_H100_v5"})
"""Sizes with no spot offering in the source (its spot figure equals pay-as-you-go); see the module docstring."""

_HAND_ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(
    {
        (Cloud.AZURE, machine, region): Rate(od, spot, None, SOURCE)
        for machine, regions in _ROWS.items()
        for region, (od, spot) in regions.items()
    }
)

ROWS: Mapping[tuple[Cloud, str, str], Rate] = overlay(_HAND_ROWS, load_table(Cloud.AZURE))
"""The hand-read rows above, overlaid with the refreshed feed table when one exists (``feed_tables``)."""
