"""Row types of the catalog. Every fact row names the source it was read from and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from components.spec.enums import Accelerator, Capacity, Cloud


@dataclass(frozen=True)
class Source:
    """Where a catalog fact comes from: a public page and the day it was read."""

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
class Price:
    """USD per hour for one node of a shape in a region, per capacity tier."""

    on_demand: float
    spot: float
    reserved: float
    source: Source
    # Which price book the figures come from ("" when built by hand).
    book: str = ""
    # Set when the region's own price is unknown and the book's reference-region price stands in.
    fallback_region: str | None = None
    # True when the reserved figure is estimated from the book's commitment ratio, not read per shape.
    reserved_estimated: bool = False
    # True when a negotiated price overrides file changed any figure.
    overridden: bool = False

    def for_capacity(self, capacity: Capacity) -> float:
        return {Capacity.ON_DEMAND: self.on_demand, Capacity.SPOT: self.spot, Capacity.RESERVED: self.reserved}[
            capacity
        ]


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
