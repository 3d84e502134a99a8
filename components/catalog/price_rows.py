"""The row type of the price books and the keys of GCP's separately billed accelerator parts."""

from __future__ import annotations

from dataclasses import dataclass

from components.catalog.types import Source
from components.spec.enums import Accelerator


@dataclass(frozen=True)
class Rate:
    """USD per hour of one billed unit (a machine, a VM part, one GPU, one TPU chip) per capacity tier.

    ``spot`` is None when the source publishes no spot figure; ``spot_zone`` names the zone it was read in.
    ``reserved`` is the 1-year commitment rate; None when the source gives none (the book may estimate it).
    ``whole_node`` marks a machine row that already includes its accelerators (no parts are added).
    """

    on_demand: float
    spot: float | None
    reserved: float | None
    source: Source
    whole_node: bool = False
    spot_zone: str | None = None
    # Set when the spot figure comes from another (older) source than the rest of the row.
    spot_source: Source | None = None


LOCAL_SSD_PART = "local-ssd"
"""Row key of GCP's Local SSD, billed per GiB: its ``Rate`` is USD per GiB-hour (the GiB-month list rate / 730)."""

HOURS_PER_MONTH = 730
"""Hours in the month of GCP's per-month list rates (and of ``mlplatform cost``)."""


def gpu_part(gcp_accelerator_type: str) -> str:
    """Row key of one GCP GPU of ``gcp_accelerator_type`` (e.g. ``gpu:nvidia-h100-80gb``)."""
    return f"gpu:{gcp_accelerator_type}"


def tpu_part(accelerator: Accelerator) -> str:
    """Row key of one GCP TPU chip of ``accelerator`` (e.g. ``tpu:tpu-v5e``), host VM included."""
    return f"tpu:{accelerator}"
