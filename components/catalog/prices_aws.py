"""Price book ``list-2026``, AWS rows (USD/h per instance, Linux): on-demand, spot and 1-year reserved.

Two feeds, each with its own data date (``sources``):

- P4/P5 on-demand and reserved come from the AWS Price List of 2026-08-26 (``AWS_PRICE_LIST_2026_08``), after
  AWS's 2025-06-01 GPU price cut. P4d/P4de carry the published 1-year reserved rate; P5 has no 1-year reserved
  rate (AWS sells P5 commitments as Savings Plans only), so the book estimates it, flagged.
- Spot per AZ ID and the other families' on-demand come from the older EC2 snapshot (``SKYPILOT_AWS``, data no
  newer than 2025-05-31; freshness waives it with that reason). Spot is read per zone and the region's figure is
  the lowest among the zones EKS accepts (``regions.EKS_DISALLOWED_AZ_IDS`` are never used): p5.48xlarge in
  us-east-1 is use1-az6's 25.3026, not use1-az3's 20.9934. Families whose zones were not read keep the snapshot's
  regional lowest figure with no zone recorded (the snapshot has no use1-az3 row for any g4dn or g6 size read:
  g4dn.xlarge/2xlarge, g6.2xlarge/24xlarge/48xlarge; the m7i sizes were not checked).

``p5.4xlarge`` (1x H100) has an on-demand price in us-east-1, us-east-2 and us-west-2 and no published spot
figure in the feeds read: its spot is None, never the on-demand figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.eks_zones import EKS_DISALLOWED_AZ_IDS
from components.catalog.feed_tables import load_table, overlay
from components.catalog.price_rows import Rate
from components.spec.enums import Cloud

SOURCE = src.AWS_PRICE_LIST_2026_08

_UE1, _UE2, _UW2, _EW1, _EC1 = "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1"

EXCLUDED_SPOT_ZONES: Mapping[str, frozenset[str]] = EKS_DISALLOWED_AZ_IDS
"""AZ IDs whose spot figures are never used: EKS refuses cluster subnets there (``EKS_SUBNET_REQUIREMENTS``)."""

# machine -> region -> (on-demand, 1-year reserved or None), from the 2026-08-26 price list.
_LIST: Mapping[str, Mapping[str, tuple[float, float | None]]] = {
    "p5.48xlarge": {_UE1: (55.04, None), _UE2: (55.04, None), _UW2: (55.04, None)},
    "p5.4xlarge": {_UE1: (6.88, None), _UE2: (6.88, None), _UW2: (6.88, None)},
    "p4de.24xlarge": {_UE1: (27.44705, 17.401365), _UW2: (27.44705, 17.401365), _EC1: (34.29122, 21.740553)},
    "p4d.24xlarge": {
        _UE1: (21.957642, 13.921094),
        _UE2: (21.95764, 13.921092),
        _UW2: (21.95764, 13.921092),
        _EW1: (23.71569, 15.08188),
        _EC1: (27.43298, 17.392445),
    },
}

# machine -> region -> AZ ID -> spot (None: the zone offers the type but the snapshot has no spot figure).
SPOT_BY_ZONE: Mapping[str, Mapping[str, Mapping[str, float | None]]] = {
    "p5.48xlarge": {
        _UE1: {"use1-az1": 30.326, "use1-az2": 27.6948, "use1-az3": 20.9934, "use1-az4": 29.3511,
               "use1-az5": 25.8774, "use1-az6": 25.3026},
        _UE2: {"use2-az1": 14.3773, "use2-az2": 15.6465, "use2-az3": 18.2766},
        _UW2: {"usw2-az1": 33.2399, "usw2-az2": 30.9762, "usw2-az3": 31.737, "usw2-az4": 30.5798},
    },
    "p4de.24xlarge": {
        _UE1: {"use1-az1": None, "use1-az2": None, "use1-az3": None, "use1-az4": 7.8074, "use1-az5": None,
               "use1-az6": 5.8394},
        _UW2: {"usw2-az1": 7.107, "usw2-az2": 7.2328, "usw2-az3": 6.8849, "usw2-az4": None},
    },
    "p4d.24xlarge": {
        _UE1: {"use1-az1": 6.7915, "use1-az2": 9.6107, "use1-az6": 5.0933},
        _UE2: {"use2-az1": 7.8531, "use2-az2": 5.4287},
        _UW2: {"usw2-az1": 10.507, "usw2-az2": 11.3278, "usw2-az3": 11.377},
        _EW1: {"euw1-az2": 16.3182},
        _EC1: {"euc1-az3": 18.213},
    },
    "g6.48xlarge": {
        _UE1: {"use1-az1": 2.9627, "use1-az2": 3.1769, "use1-az4": 4.0286, "use1-az6": 4.0711},
        _UE2: {"use2-az1": 2.4034, "use2-az2": 2.1161, "use2-az3": 2.1932},
        _UW2: {"usw2-az1": 4.0924, "usw2-az2": None, "usw2-az3": 4.3472, "usw2-az4": 4.2975},
        _EC1: {"euc1-az2": 2.5369, "euc1-az3": 2.1887},
    },
    "g4dn.xlarge": {
        _UE1: {"use1-az1": 0.201, "use1-az2": 0.186, "use1-az4": 0.1869, "use1-az5": 0.1845, "use1-az6": 0.1872},
        _UE2: {"use2-az1": 0.1784, "use2-az2": 0.1767, "use2-az3": 0.1758},
        _UW2: {"usw2-az1": 0.1809, "usw2-az2": 0.1924, "usw2-az3": 0.1779},
        _EW1: {"euw1-az1": 0.2658, "euw1-az2": 0.2746, "euw1-az3": 0.2646},
        _EC1: {"euc1-az1": 0.2383, "euc1-az2": 0.2391, "euc1-az3": 0.2377},
    },
}

# machine -> region -> (on-demand, regional lowest spot when its zones were not read) for families outside the
# GPU price cut; the spot of a type listed in SPOT_BY_ZONE comes from there (None here).
_SNAPSHOT: Mapping[str, Mapping[str, tuple[float, float | None]]] = {
    "g6.xlarge": {_UE1: (0.8048, 0.3879), _UE2: (0.8048, 0.3), _UW2: (0.8048, 0.399), _EC1: (1.0064, 0.3603)},
    "g6.12xlarge": {_UE1: (4.6016, 1.8626), _UE2: (4.6016, 1.7324), _UW2: (4.6016, 1.6626), _EC1: (5.75429, 2.0727)},
    "g6.48xlarge": {_UE1: (13.3504, None), _UE2: (13.3504, None), _UW2: (13.3504, None), _EC1: (16.69464, None)},
    "g4dn.xlarge": {
        _UE1: (0.526, None),
        _UE2: (0.526, None),
        _UW2: (0.526, None),
        _EW1: (0.587, None),
        _EC1: (0.658, None),
    },
    "g4dn.12xlarge": {
        _UE1: (3.912, 1.2684),
        _UE2: (3.912, 1.2634),
        _UW2: (3.912, 1.4264),
        _EW1: (4.362, 1.8927),
        _EC1: (4.89, 1.2888),
    },
    "g4dn.metal": {
        _UE1: (7.824, 3.4828),
        _UE2: (7.824, 3.407),
        _UW2: (7.824, 3.3463),
        _EW1: (8.724, 3.8979),
        _EC1: (9.78, 2.7193),
    },
    "m7i.xlarge": {
        _UE1: (0.2016, 0.0777),
        _UE2: (0.2016, 0.0776),
        _UW2: (0.2016, 0.0832),
        _EW1: (0.2247, 0.0988),
        _EC1: (0.2415, 0.0965),
    },
    "m7i.2xlarge": {
        _UE1: (0.4032, 0.1227),
        _UE2: (0.4032, 0.1444),
        _UW2: (0.4032, 0.1459),
        _EW1: (0.4494, 0.1947),
        _EC1: (0.483, 0.1959),
    },
    "m7i.4xlarge": {
        _UE1: (0.8064, 0.3925),
        _UE2: (0.8064, 0.3031),
        _UW2: (0.8064, 0.3281),
        _EW1: (0.8988, 0.4591),
        _EC1: (0.966, 0.3913),
    },
}


def lowest_allowed_spot(machine: str, region: str) -> tuple[float, str] | None:
    """(spot, AZ ID) of the cheapest zone EKS accepts, from the per-zone table; None when no zone has a figure."""
    excluded = EXCLUDED_SPOT_ZONES.get(region, frozenset())
    zones = SPOT_BY_ZONE.get(machine, {}).get(region, {})
    priced = sorted((spot, zone) for zone, spot in zones.items() if spot is not None and zone not in excluded)
    return priced[0] if priced else None


def _rate(machine: str, region: str) -> Rate:
    spot: float | None = None
    zone: str | None = None
    if machine in _LIST:
        on_demand, reserved = _LIST[machine][region]
        source = SOURCE
    else:
        (on_demand, spot), reserved, source = _SNAPSHOT[machine][region], None, src.SKYPILOT_AWS
    if machine in SPOT_BY_ZONE:
        lowest = lowest_allowed_spot(machine, region)
        spot, zone = lowest if lowest is not None else (None, None)
    # The per-zone spot figures are the older snapshot's: a row from the newer price list says so, dated.
    spot_source = src.SKYPILOT_AWS if source is not src.SKYPILOT_AWS and spot is not None else None
    return Rate(on_demand, spot, reserved, source, spot_zone=zone, spot_source=spot_source)


_HAND_ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(
    {
        (Cloud.AWS, machine, region): _rate(machine, region)
        for machine, regions in {**_SNAPSHOT, **_LIST}.items()
        for region in regions
    }
)

ROWS: Mapping[tuple[Cloud, str, str], Rate] = overlay(_HAND_ROWS, load_table(Cloud.AWS))
"""The hand-read rows above, overlaid with the refreshed feed table when one exists (``feed_tables``)."""
