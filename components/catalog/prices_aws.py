"""Price book ``list-2026``, AWS rows (USD/h per instance, Linux, on-demand / lowest spot of the region's AZs).

Read from the EC2 price list snapshot in ``sources.SKYPILOT_AWS`` on 2026-11-27. The snapshot has one row per
availability zone offering the type: on-demand is the region's price; spot is the zone's spot price at the time
of the snapshot, so the figure here is the lowest spot price among the region's zones (zones with no spot figure
are skipped). Spot prices move hourly: treat them as that snapshot's figure, not a quote.

A type is listed for a region only when the snapshot has a row for it there; ``availability`` derives AWS
availability from these rows. Absent on purpose, as the snapshot has no row for them:

- ``p5.48xlarge`` in eu-west-1 and eu-central-1, ``p4de.24xlarge`` outside us-east-1 / us-west-2, the ``g6``
  family in eu-west-1;
- ``p5.4xlarge`` anywhere (the snapshot predates it): no price and no availability in this book.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.price_rows import Rate
from components.spec.enums import Cloud

SOURCE = src.SKYPILOT_AWS

_UE1, _UE2, _UW2, _EW1, _EC1 = "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1"

_Table = Mapping[str, Mapping[str, tuple[float, float]]]

_ROWS: _Table = {
    "p5.48xlarge": {_UE1: (98.32, 20.9934), _UE2: (98.32, 14.3773), _UW2: (98.32, 30.5798)},
    "p4de.24xlarge": {_UE1: (40.96575, 5.8394), _UW2: (40.96575, 6.8849)},
    "p4d.24xlarge": {
        _UE1: (32.7726, 5.0933),
        _UE2: (32.7726, 5.4287),
        _UW2: (32.7726, 10.507),
        _EW1: (35.39655, 16.3182),
        _EC1: (40.94475, 18.213),
    },
    "g6.xlarge": {_UE1: (0.8048, 0.3879), _UE2: (0.8048, 0.3), _UW2: (0.8048, 0.399), _EC1: (1.0064, 0.3603)},
    "g6.12xlarge": {_UE1: (4.6016, 1.8626), _UE2: (4.6016, 1.7324), _UW2: (4.6016, 1.6626), _EC1: (5.75429, 2.0727)},
    "g6.48xlarge": {
        _UE1: (13.3504, 2.9627),
        _UE2: (13.3504, 2.1161),
        _UW2: (13.3504, 4.0924),
        _EC1: (16.69464, 2.1887),
    },
    "g4dn.xlarge": {
        _UE1: (0.526, 0.1845),
        _UE2: (0.526, 0.1758),
        _UW2: (0.526, 0.1779),
        _EW1: (0.587, 0.2646),
        _EC1: (0.658, 0.2377),
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

ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(
    {
        (Cloud.AWS, machine, region): Rate(od, spot, None, SOURCE)
        for machine, regions in _ROWS.items()
        for region, (od, spot) in regions.items()
    }
)
