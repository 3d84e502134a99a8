"""Price book ``design-2025``: the 8x A100 80GB comparison the platform was designed from.

It is an article's comparison, not the vendors' price lists: each cloud's on-demand figure with spot at a flat
fraction of it (``SPOT_FRACTION``) and 1-year reserved at a flat fraction per cloud (``RESERVED_FRACTION``, the one
home of those ratios: the sources' titles, the description and the list book's estimates all read them here).
Kept exactly as given so later books can be compared against it; only the 8x A100 80GB shapes are priced,
region-independent (the reference region's figure stands in elsewhere, flagged). The GCP figure is the node
without its bundled Local SSD, as the article quotes it; this book does not add it. ``DISAGREEMENTS`` lists where
it departs from the vendors' own figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.price_rows import Rate
from components.catalog.types import Source
from components.spec.enums import Cloud

NAME = "design-2025"

SPOT_FRACTION = 0.30
"""The article's spot figure as a fraction of its on-demand figure, on every cloud."""

RESERVED_FRACTION: Mapping[Cloud, float] = MappingProxyType({Cloud.AWS: 0.63, Cloud.GCP: 0.63, Cloud.AZURE: 0.615})
"""The article's 1-year reserved figure as a fraction of its on-demand figure."""


def _pct(fraction: float) -> str:
    return f"{fraction * 100:g}%"


_RESERVED = f"a flat {_pct(RESERVED_FRACTION[Cloud.AWS])} (Azure {_pct(RESERVED_FRACTION[Cloud.AZURE])}) of on-demand"
_FLAT = f"spot a flat {_pct(SPOT_FRACTION)}, 1-year reserved {_RESERVED}"

DESCRIPTION = (
    f"An article's 2025 comparison for 8x A100 80GB nodes, not vendor list prices: on-demand as quoted, {_FLAT}. "
    "Region-independent: the reference region's figure stands in for every region, flagged."
)


def _source(cloud: Cloud, what: str, url: str) -> Source:
    # The article's AWS on-demand figure is the pre-2025-06 p4de price, so its data is no newer than the cut.
    derived = f"spot {_pct(SPOT_FRACTION)} and reserved {_pct(RESERVED_FRACTION[cloud])} of on-demand"
    return Source(f"mlplatform design comparison (2025 article), {what}; {derived}", url, src.PRE_AWS_GPU_CUT)


SOURCE = Source(
    f"mlplatform design comparison (2025 article): 8x A100 80GB USD/h on-demand; {_FLAT}; an article's "
    "comparison, not the vendors' price lists",
    "https://aws.amazon.com/ec2/pricing/on-demand/",
    src.PRE_AWS_GPU_CUT,
)
SOURCE_AWS = _source(Cloud.AWS, "AWS p4de.24xlarge: pre-cut on-demand 40.97", "https://aws.amazon.com/ec2/pricing/on-demand/")
SOURCE_GCP = _source(
    Cloud.GCP, "GCP a2-ultragpu-8g: on-demand 40.22 (no Local SSD)", "https://cloud.google.com/compute/vm-instance-pricing"
)
SOURCE_AZURE = _source(
    Cloud.AZURE,
    "Azure ND96amsr A100 v4: on-demand 37.19",
    "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/",
)

REFERENCE_REGIONS: Mapping[Cloud, tuple[str, ...]] = MappingProxyType(
    {Cloud.AWS: ("us-east-1",), Cloud.GCP: ("us-central1",), Cloud.AZURE: ("eastus",)}
)

ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(
    {
        (Cloud.AWS, "p4de.24xlarge", "us-east-1"): Rate(40.97, 12.29, 25.81, SOURCE_AWS),
        (Cloud.GCP, "a2-ultragpu-8g", "us-central1"): Rate(40.22, 12.07, 25.34, SOURCE_GCP, whole_node=True),
        (Cloud.AZURE, "Standard_ND96amsr_A100_v4", "eastus"): Rate(37.19, 11.16, 22.87, SOURCE_AZURE),
    }
)

SPOT_SAVINGS_UP_TO: Mapping[Cloud, int] = MappingProxyType({Cloud.AWS: 90, Cloud.GCP: 91, Cloud.AZURE: 80})
"""Maximum spot savings in percent as the article states them."""

VENDOR_SPOT_SAVINGS_UP_TO: Mapping[Cloud, int] = MappingProxyType({Cloud.AWS: 90, Cloud.GCP: 91, Cloud.AZURE: 90})
"""Maximum spot savings in percent as each vendor states them (sources.AWS_SPOT_PRICING, GKE_SPOT_VMS,
AZURE_SPOT_EVICTION)."""

DISAGREEMENTS: tuple[str, ...] = (
    "Azure spot saving 'up to 80%' in the article; Microsoft states up to 90%.",
    f"Spot is a flat {_pct(SPOT_FRACTION)} of on-demand on every cloud; vendors' spot prices vary by shape, region "
    "and hour (list-2026: 8x H100 spot on AWS is about 46% of on-demand, 8x A100 80GB on Azure about 11%).",
    f"Reserved is {_RESERVED}; real 1-year rates differ by family: AWS P4d/P4de 1-year reserved is "
    "63.4% of on-demand, P5 has no 1-year reserved rate at all (Savings Plans only); GCP publishes 69.4% for A3 "
    "High (a3-highgpu-8g 60.97 of 87.83 USD/h) and 63% for A2 High.",
    "AWS p4de.24xlarge on-demand 40.97 is the price before AWS's 2025-06-01 cut; it has been 27.44705 since.",
)

COMMITMENT_RATIO: Mapping[Cloud, float] = RESERVED_FRACTION
"""1-year reserved / on-demand per cloud in the article; books without a published reserved figure for a shape
use it to estimate (and flag) reserved prices."""
