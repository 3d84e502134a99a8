"""Price book ``list-2026``, AWS rows (USD/h per instance, Linux, on-demand / lowest spot of the region's AZs).

Read from the EC2 price list snapshot in ``sources.SKYPILOT_AWS`` on 2026-11-27. Only the rows read so far
are here; every other AWS shape has no price in this book yet (``price`` raises MissingPrice naming the
books that do price it).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.price_rows import Rate
from components.spec.enums import Cloud

SOURCE = src.SKYPILOT_AWS

ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(
    {
        (Cloud.AWS, "g4dn.12xlarge", "us-east-1"): Rate(3.912, 1.2684, None, SOURCE),
        (Cloud.AWS, "g4dn.12xlarge", "us-east-2"): Rate(3.912, 1.2634, None, SOURCE),
        (Cloud.AWS, "g4dn.12xlarge", "us-west-2"): Rate(3.912, 1.4264, None, SOURCE),
    }
)
