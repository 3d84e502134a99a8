"""The closed vocabularies of the blueprint: clouds, environments, capacity tiers, accelerators."""

from __future__ import annotations

from enum import StrEnum


class Cloud(StrEnum):
    AWS = "aws"
    GCP = "gcp"
    AZURE = "azure"


class Environment(StrEnum):
    DEV = "dev"
    STAGING = "staging"
    PROD = "prod"


class Capacity(StrEnum):
    ON_DEMAND = "on-demand"
    SPOT = "spot"
    RESERVED = "reserved"
    CAPACITY_BLOCK = "capacity-block"  # AWS Capacity Blocks for ML: a reservation with a fixed time window
    FLEX_START = "flex-start"  # GKE flex-start (Dynamic Workload Scheduler): waits for capacity, runs up to 7 days


RESERVATION_TIERS: tuple[Capacity, ...] = (Capacity.RESERVED, Capacity.CAPACITY_BLOCK)
"""Tiers that consume a reservation named in the blueprint (``reservation``, ``reservationZone``), never created."""


class Availability(StrEnum):
    """Regional spreads nodes over the region's zones; zonal keeps them in the first zone."""

    REGIONAL = "regional"
    ZONAL = "zonal"


class SystemSize(StrEnum):
    """Size of the CPU system pool's nodes; the catalog maps it to a shape per cloud."""

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class ServiceSize(StrEnum):
    """Size of a service's managed resources (database class, Ray head); the catalog maps it per cloud."""

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class AcceleratorKind(StrEnum):
    GPU = "gpu"
    TPU = "tpu"


class Accelerator(StrEnum):
    """Accelerators by their neutral name; the same string is the node label value on every cloud."""

    H100_80GB = "nvidia-h100-80gb"
    A100_80GB = "nvidia-a100-80gb"
    A100_40GB = "nvidia-a100-40gb"
    L4 = "nvidia-l4"
    T4 = "nvidia-t4"
    TPU_V5E = "tpu-v5e"
    TPU_V5P = "tpu-v5p"
    TPU_V6E = "tpu-v6e"

    @property
    def kind(self) -> AcceleratorKind:
        return AcceleratorKind.TPU if self.value.startswith("tpu-") else AcceleratorKind.GPU
