"""Price book ``design-2025``: the 8x A100 80GB comparison the platform was designed from.

USD/h per node: on-demand / spot / 1-year reserved (GCP: 1-year committed use). Kept exactly as given in the
design so later books can be compared against it; only the 8x A100 80GB shapes are priced.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.price_rows import Rate
from components.spec.enums import Cloud

NAME = "design-2025"
DESCRIPTION = (
    "The 2025 design comparison for 8x A100 80GB nodes (USD/h on-demand / spot / 1-year reserved). "
    "Spot savings advertised up to 90% (AWS), 91% (GCP), 80% (Azure). Region-independent: the figure of the "
    "reference region stands in for every region, flagged."
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

SPOT_SAVINGS_UP_TO: Mapping[Cloud, int] = MappingProxyType({Cloud.AWS: 90, Cloud.GCP: 91, Cloud.AZURE: 80})

COMMITMENT_RATIO: Mapping[Cloud, float] = MappingProxyType(
    {
        cloud: round(rate.reserved / rate.on_demand, 4)
        for (cloud, _, _), rate in ROWS.items()
        if rate.reserved is not None
    }
)
"""1-year reserved / on-demand per cloud in the design comparison; books without per-shape reserved figures
use it to estimate (and flag) reserved prices."""
