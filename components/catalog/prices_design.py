"""Price book ``design-2025``: the 8x A100 80GB comparison the platform was designed from.

It is an article's comparison, not the vendors' price lists: each cloud's on-demand figure with spot at a flat
30% of it and 1-year reserved at a flat 63% (Azure: 61.5%). Kept exactly as given so later books can be compared
against it; only the 8x A100 80GB shapes are priced, region-independent (the reference region's figure stands in
elsewhere, flagged). ``DISAGREEMENTS`` lists where it departs from the vendors' own figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.price_rows import Rate
from components.spec.enums import Cloud

NAME = "design-2025"
DESCRIPTION = (
    "An article's 2025 comparison for 8x A100 80GB nodes, not vendor list prices: on-demand as quoted, spot a "
    "flat 30% and 1-year reserved a flat 63% of on-demand (Azure 61.5%). Region-independent: the reference "
    "region's figure stands in for every region, flagged."
)
SOURCE = src.DESIGN_2025

REFERENCE_REGIONS: Mapping[Cloud, tuple[str, ...]] = MappingProxyType(
    {Cloud.AWS: ("us-east-1",), Cloud.GCP: ("us-central1",), Cloud.AZURE: ("eastus",)}
)

ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(
    {
        (Cloud.AWS, "p4de.24xlarge", "us-east-1"): Rate(40.97, 12.29, 25.81, src.DESIGN_2025_AWS),
        (Cloud.GCP, "a2-ultragpu-8g", "us-central1"): Rate(40.22, 12.07, 25.34, src.DESIGN_2025_GCP, whole_node=True),
        (Cloud.AZURE, "Standard_ND96amsr_A100_v4", "eastus"): Rate(37.19, 11.16, 22.87, src.DESIGN_2025_AZURE),
    }
)

SPOT_FRACTION = 0.30
"""The article's spot figure as a fraction of its on-demand figure, on every cloud."""

RESERVED_FRACTION: Mapping[Cloud, float] = MappingProxyType({Cloud.AWS: 0.63, Cloud.GCP: 0.63, Cloud.AZURE: 0.615})
"""The article's 1-year reserved figure as a fraction of its on-demand figure."""

SPOT_SAVINGS_UP_TO: Mapping[Cloud, int] = MappingProxyType({Cloud.AWS: 90, Cloud.GCP: 91, Cloud.AZURE: 80})
"""Maximum spot savings in percent as the article states them."""

VENDOR_SPOT_SAVINGS_UP_TO: Mapping[Cloud, int] = MappingProxyType({Cloud.AWS: 90, Cloud.GCP: 91, Cloud.AZURE: 90})
"""Maximum spot savings in percent as each vendor states them (sources.AWS_SPOT_PRICING, GKE_SPOT_VMS,
AZURE_SPOT_EVICTION)."""

DISAGREEMENTS: tuple[str, ...] = (
    "Azure spot saving 'up to 80%' in the article; Microsoft states up to 90%.",
    "Spot is a flat 30% of on-demand (a 70% saving) on every cloud; vendors' spot prices vary by shape, region "
    "and hour (list-2026: 8x H100 spot on AWS is about 46% of on-demand, 8x A100 80GB on Azure about 11%).",
    "Reserved is a flat 63% (Azure 61.5%) of on-demand; real 1-year rates differ by family: AWS P4d/P4de "
    "1-year reserved is 63.4% of on-demand, P5 has no 1-year reserved rate at all (Savings Plans only).",
    "AWS p4de.24xlarge on-demand 40.97 is the price before AWS's 2025-06-01 cut; it has been 27.44705 since.",
)

COMMITMENT_RATIO: Mapping[Cloud, float] = MappingProxyType(
    {
        cloud: round(rate.reserved / rate.on_demand, 4)
        for (cloud, _, _), rate in ROWS.items()
        if rate.reserved is not None
    }
)
"""1-year reserved / on-demand per cloud in the article; books without a published reserved figure for a shape
use it to estimate (and flag) reserved prices."""
