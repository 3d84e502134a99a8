"""Row types of the catalog. Every fact row names the source it was read from and the date of its data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog.errors import MissingPrice
from components.spec.enums import Accelerator, Capacity, Cloud

MAX_SPOT_AGE_DAYS = 90
"""Spot prices move daily: a spot figure whose data is older than this on the day asked is flagged."""
OLD_SPOT = "OLD SPOT DATA"
"""The word that opens a spot-age flag (a dated figure, not a stand-in: ``plan``/``cost`` count it apart)."""


UNPRICED_TIERS: Mapping[Capacity, str] = MappingProxyType({
    Capacity.CAPACITY_BLOCK: "AWS sets a Capacity Block's rate when it is bought (the prevailing rate, paid up "
    "front; https://aws.amazon.com/ec2/capacityblocks/pricing/, read 2026-11-27), so no price book carries it; "
    "count the block's own price",
    Capacity.FLEX_START: "GKE bills flex-start VMs at Dynamic Workload Scheduler prices, discounted SKUs for A4, A3 "
    "and A2 (https://cloud.google.com/compute/docs/instances/about-flex-start-vms, read 2026-12-07) with no single "
    "published rate, and the catalog's price book does not carry those SKUs; at most the on-demand figure",
})
"""Tiers no price book can carry, and why: `cost` reports them unpriced, never as $0."""

BOUNDED_BY: Mapping[Capacity, Capacity] = MappingProxyType({Capacity.FLEX_START: Capacity.ON_DEMAND})
"""Unpriced tiers whose rate is known to be at most another tier's (``UNPRICED_TIERS`` says why): what a ceiling that
must decide counts them at. A Capacity Block has no such bound (its rate is set when it is bought)."""


@dataclass(frozen=True)
class Source:
    """Where a catalog fact comes from: a public page or feed and the date of its data.

    ``as_of`` is the date the data itself describes (a price feed's publication date, a page's state when read),
    never the day it was copied into the catalog; ``freshness`` ages sources by it.
    """

    title: str
    url: str
    as_of: date


@dataclass(frozen=True)
class Shape:
    """One machine shape: a VM type, and for GCP GPUs the attached accelerator type."""

    cloud: Cloud
    machine_type: str
    vcpus: int
    memory_gib: float
    source: Source
    accelerator: Accelerator | None = None
    accelerator_count: int = 0
    accelerator_memory_gib: int = 0
    interconnect: str = ""
    # GCP: the guestAccelerator type attached to the VM (None when the machine type implies it).
    gcp_accelerator_type: str | None = None
    # TPU only: chips on one host VM.
    tpu_chips_per_host: int = 0


@dataclass(frozen=True)
class LocalSsdCharge:
    """Bundled Local SSD billed with a node: its size and its USD per node-hour per tier (included in ``Price``)."""

    gib: int
    usd_per_gib_month: float  # on-demand list rate
    on_demand: float
    spot: float | None
    reserved: float | None
    source: Source


@dataclass(frozen=True)
class Price:
    """USD per hour for one node of a shape in a region, per capacity tier.

    ``spot`` is None when no spot figure is published for the shape there (never the on-demand figure in
    disguise); ``for_capacity(SPOT)`` then raises MissingPrice. ``flags`` lists every stand-in in words.
    """

    on_demand: float
    spot: float | None
    reserved: float
    source: Source
    # Which price book the figures come from ("" when built by hand).
    book: str = ""
    # Set when a part of the price is not the region's own: the reference region whose figure stands in.
    fallback_region: str | None = None
    # True when the reserved figure is estimated from the book's commitment ratio, not read per shape.
    reserved_estimated: bool = False
    # True when a negotiated price overrides file changed any figure.
    overridden: bool = False
    # The zone whose spot price was taken (the lowest among the region's offered, allowed zones), when known.
    spot_zone: str | None = None
    # The date of the data behind the spot figure (the oldest part's); None when there is no spot figure.
    spot_as_of: date | None = None
    # The bundled Local SSD included in every tier's figure (None: the shape has none, or the book does not add it).
    local_ssd: LocalSsdCharge | None = None

    def for_capacity(self, capacity: Capacity) -> float:
        """The figure of ``capacity``; raises MissingPrice for a tier without one (never 0)."""
        if capacity in UNPRICED_TIERS:
            raise MissingPrice(f"{capacity} is unpriced: {UNPRICED_TIERS[capacity]}")
        figure = {Capacity.ON_DEMAND: self.on_demand, Capacity.SPOT: self.spot, Capacity.RESERVED: self.reserved}[
            capacity
        ]
        if figure is None:
            raise MissingPrice(f"no {capacity} price is published for this shape in book {self.book!r}")
        return figure

    @property
    def regional(self) -> bool:
        """True when every part of the figure is the region's own price (no reference region stands in)."""
        return self.fallback_region is None

    def spot_age_days(self, today: date) -> int | None:
        """Days between the spot figure's data and ``today`` (None without a dated spot figure)."""
        return None if self.spot is None or self.spot_as_of is None else (today - self.spot_as_of).days

    def flags(self, capacity: Capacity | None = None, today: date | None = None) -> tuple[str, ...]:
        """Every stand-in behind this price, in words (for ``capacity`` only when given); with ``today``, also a
        spot figure older than ``MAX_SPOT_AGE_DAYS``."""
        out = []
        if self.fallback_region is not None:
            out.append(f"FALLBACK: part of this price is {self.fallback_region}'s, not this region's own")
        if self.reserved_estimated and capacity in (None, Capacity.RESERVED):
            out.append("ESTIMATED: reserved is on-demand x the book's commitment ratio, not a published rate")
        if self.spot is None and capacity in (None, Capacity.SPOT):
            out.append("NO SPOT PRICE: none is published for this shape here")
        age = None if today is None else self.spot_age_days(today)
        if age is not None and age > MAX_SPOT_AGE_DAYS and capacity in (None, Capacity.SPOT):
            out.append(
                f"{OLD_SPOT}: the spot figure's data is of {self.spot_as_of}, {age} days before {today} "
                f"(over {MAX_SPOT_AGE_DAYS}); spot moves daily, run `mlplatform catalog refresh`"
            )
        if self.overridden:
            out.append("negotiated price override")
        return tuple(out)


@dataclass(frozen=True)
class Region:
    cloud: Cloud
    name: str
    zones: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class TpuTopology:
    """A TPU slice topology valid for a generation: chips, hosts (VMs) and the machine type per host."""

    accelerator: Accelerator
    topology: str
    chips: int
    hosts: int
    machine_type: str
    source: Source

    @property
    def multi_host(self) -> bool:
        return self.hosts > 1

    @property
    def chips_per_host(self) -> int:
        return self.chips // self.hosts


# Memory per accelerator (GPU HBM/GDDR, TPU HBM per chip): a fact of the part, the same on every cloud.
ACCELERATOR_MEMORY_GIB: Mapping[Accelerator, int] = MappingProxyType({
    Accelerator.H100_80GB: 80,
    Accelerator.A100_80GB: 80,
    Accelerator.A100_40GB: 40,
    Accelerator.L4: 24,
    Accelerator.T4: 16,
    Accelerator.TPU_V5E: 16,
    Accelerator.TPU_V5P: 95,
    Accelerator.TPU_V6E: 32,
})


def accelerator_shape(
    cloud: Cloud,
    machine_type: str,
    vcpus: int,
    memory_gib: float,
    accelerator: Accelerator,
    count: int,
    source: Source,
    interconnect: str = "",
    *,
    gcp_accelerator_type: str | None = None,
    tpu_chips_per_host: int = 0,
) -> Shape:
    """A catalog row for a shape with `count` accelerators; their memory comes from the part table."""
    return Shape(
        cloud=cloud,
        machine_type=machine_type,
        vcpus=vcpus,
        memory_gib=memory_gib,
        source=source,
        accelerator=accelerator,
        accelerator_count=count,
        accelerator_memory_gib=ACCELERATOR_MEMORY_GIB[accelerator],
        interconnect=interconnect,
        gcp_accelerator_type=gcp_accelerator_type,
        tpu_chips_per_host=tpu_chips_per_host,
    )
