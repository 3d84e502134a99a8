"""Price book ``list-2026``, GCP figures from the Cloud Billing Catalog mirror of 2026-07-30 (``GCP_BILLING_2026_07``).

The mirror prices whole machine types per region (vCPUs + memory + attached GPUs + bundled Local SSD) in three
tiers: on-demand and spot per hour, and the published 1-year commitment per month (/ 730 here). Three tables:

- ``NODE_ROWS``: A2, A3 and G2 machine types as whole nodes (VM + GPUs) WITHOUT their bundled Local SSD, which is
  its own part (``LOCAL_SSD_ROWS``) so ``cost`` shows it: the mirror's hour minus GiB x its Local SSD rate.
  These are the regions' own list prices: us-central1's A100 80GB (a2-ultragpu-*, 3.93 per GPU) and us-west4's
  and us-central1's H100 (a3-highgpu-8g) replace the reference-region stand-ins of the older snapshot. A2 Ultra has
  no 1-year figure in the mirror (reserved None: the book estimates it, flagged).
- ``PART_ROWS``: N1 and N2 VM rows (machine types without bundled accelerators; N1's T4 is its own part).
- ``LOCAL_SSD_ROWS``: Local SSD per GiB-hour (``price_rows.LOCAL_SSD_PART``) in each tier.

Figures were generated from the mirror's file, not retyped; they carry its date, so a node's spot figure from
here is flagged once it is older than ``types.MAX_SPOT_AGE_DAYS`` on the day asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.price_rows import HOURS_PER_MONTH, LOCAL_SSD_PART, Rate
from components.spec.enums import Cloud

SOURCE = src.GCP_BILLING_2026_07

_UC1, _UE4, _UE5, _UW4, _EW4 = "us-central1", "us-east4", "us-east5", "us-west4", "europe-west4"

_Table = Mapping[str, Mapping[str, tuple[float, float, float | None]]]

# machine -> region -> (on-demand, spot, 1-year commitment or None) USD/h, bundled Local SSD excluded.
_NODES: _Table = {
    "a2-highgpu-1g": {_EW4: (3.74797, 1.69284, 2.3612), _UC1: (3.67339, 1.92802, 2.31421),
                      _UW4: (3.93435, 1.81683, 2.45701)},
    "a2-highgpu-2g": {_EW4: (7.49594, 3.38567, 4.72239), _UC1: (7.34677, 3.85604, 4.62841),
                      _UW4: (7.86871, 3.63367, 4.91402)},
    "a2-highgpu-4g": {_EW4: (14.99189, 6.77134, 9.44478), _UC1: (14.69354, 7.71208, 9.25683),
                      _UW4: (15.73742, 7.26734, 9.82805)},
    "a2-highgpu-8g": {_EW4: (29.98378, 13.54268, 18.88957), _UC1: (29.38708, 15.42416, 18.51366),
                      _UW4: (31.47484, 14.53468, 19.65609)},
    "a2-megagpu-16g": {_EW4: (56.62656, 25.57624, 35.6743), _UC1: (55.7395, 29.25568, 35.11547)},
    "a2-ultragpu-1g": {_EW4: (5.53571, 2.91983, None), _UC1: (5.0277, 2.73756, None),
                       _UE4: (5.66253, 2.34013, None), _UE5: (5.52382, 1.75319, None)},
    "a2-ultragpu-2g": {_EW4: (11.07143, 5.83966, None), _UC1: (10.0554, 5.47512, None),
                       _UE4: (11.32505, 4.68026, None), _UE5: (11.04764, 3.50638, None)},
    "a2-ultragpu-4g": {_EW4: (22.14285, 11.67932, None), _UC1: (20.11081, 10.95024, None),
                       _UE4: (22.65011, 9.36052, None), _UE5: (22.09528, 7.01276, None)},
    "a2-ultragpu-8g": {_EW4: (44.2857, 23.35864, None), _UC1: (40.22162, 21.90048, None),
                       _UE4: (45.30022, 18.72104, None), _UE5: (44.19055, 14.02552, None)},
    "a3-highgpu-8g": {_EW4: (111.81719, 43.71275, 77.61551), _UC1: (87.83247, 50.25776, 60.96943),
                      _UE4: (87.83247, 35.88686, 60.96943), _UE5: (98.92567, 36.88358, 68.66987),
                      _UW4: (98.92567, 36.88358, 68.66987)},
    "g2-standard-4": {_EW4: (0.74292, 0.38986, 0.46804), _UC1: (0.70683, 0.39734, 0.4453),
                      _UE4: (0.70452, 0.3106, 0.44385), _UW4: (0.79611, 0.46244, 0.50155)},
    "g2-standard-24": {_EW4: (2.10298, 1.10356, 1.32487), _UC1: (2.00083, 1.12482, 1.26052),
                       _UE4: (1.99428, 0.87918, 1.2564), _UW4: (2.25354, 1.30904, 1.41973)},
    "g2-standard-48": {_EW4: (4.20595, 2.20712, 2.64975), _UC1: (4.00167, 2.24963, 2.52105),
                       _UE4: (3.98856, 1.75835, 2.51279), _UW4: (4.50708, 2.61808, 2.83946)},
    "g2-standard-96": {_EW4: (8.4119, 4.41424, 5.2995), _UC1: (8.00333, 4.49926, 5.0421),
                       _UE4: (7.97712, 3.5167, 5.02559), _UW4: (9.01415, 5.23616, 5.67892)},
}

# VM rows of machine types whose accelerators (if any) are separate parts: same tiers, USD/h.
_PARTS: _Table = {
    "n1-standard-4": {_EW4: (0.20917, 0.12153, 0.13177), _UC1: (0.19, 0.06701, 0.1197),
                      _UE4: (0.21399, 0.05475, 0.12808), _UW4: (0.21399, 0.06076, 0.12808)},
    "n2-standard-4": {_EW4: (0.21383, 0.07774, 0.13471), _UC1: (0.19424, 0.09212, 0.12236),
                      _UE4: (0.21876, 0.05007, 0.13093), _UE5: (0.19424, 0.0919, 0.12236),
                      _UW4: (0.21875, 0.11221, 0.13093)},
    "n2-standard-8": {_EW4: (0.42766, 0.15547, 0.26942), _UC1: (0.38847, 0.18424, 0.24473),
                      _UE4: (0.43751, 0.10014, 0.26186), _UE5: (0.38847, 0.18381, 0.24473),
                      _UW4: (0.4375, 0.22442, 0.26186)},
    "n2-standard-16": {_EW4: (0.85533, 0.31094, 0.53883), _UC1: (0.77694, 0.36848, 0.48946),
                       _UE4: (0.87502, 0.20029, 0.52373), _UE5: (0.77694, 0.36762, 0.48946),
                       _UW4: (0.87499, 0.44883, 0.52373)},
}

# region -> (on-demand, spot, 1-year) USD per GiB-month of Local SSD.
LOCAL_SSD_PER_GIB_MONTH: Mapping[str, tuple[float, float, float]] = MappingProxyType({
    _UC1: (0.08, 0.0428, 0.0504),
    _UE4: (0.088, 0.0528, 0.05544),
    _UE5: (0.08, 0.048, 0.0504),
    _UW4: (0.088, 0.0477, 0.05544),
    _EW4: (0.088, 0.0494, 0.05544),
})


def _rows(table: _Table, whole_node: bool) -> dict[tuple[Cloud, str, str], Rate]:
    return {
        (Cloud.GCP, machine, region): Rate(od, spot, reserved, SOURCE, whole_node=whole_node)
        for machine, regions in table.items()
        for region, (od, spot, reserved) in regions.items()
    }


NODE_ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(_rows(_NODES, whole_node=True))
"""Whole-node figures (VM + GPUs, bundled Local SSD excluded), the regions' own list prices."""

PART_ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(_rows(_PARTS, whole_node=False))
"""VM rows (N1, N2) that replace the older snapshot's."""

LOCAL_SSD_ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType({
    (Cloud.GCP, LOCAL_SSD_PART, region): Rate(
        od / HOURS_PER_MONTH, spot / HOURS_PER_MONTH, reserved / HOURS_PER_MONTH, SOURCE
    )
    for region, (od, spot, reserved) in LOCAL_SSD_PER_GIB_MONTH.items()
})
"""Local SSD per GiB-hour in every tier (the GiB-month rates / 730)."""
