"""GKE read-back facts: machine types that come with Local SSDs bundled, and how many.

GKE attaches a bundled machine type's Local SSDs whether or not the node pool asks, then reports them back in
``nodeConfig.ephemeralStorageLocalSsdConfig.localSsdCount``, a create-only field. A pool that leaves it unset
sees a difference on every refresh and is replaced on every `pulumi up`, so such pools set the count explicitly.
Every other GCP shape in the catalog (A2 High/Mega, G2, N1 + T4, TPU hosts, N2 system nodes) has no bundled
Local SSD: attaching one is optional and nothing is read back. A test walks every GCP shape against this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog.types import Source

_READ = date(2026, 11, 30)

ACCELERATOR_OPTIMIZED = Source(
    "Compute Engine: accelerator-optimized machine family (A3 High: 16 x 375 GiB Local SSD; A2 Ultra: 1/2/4/8 "
    "x 375 GiB bundled; A2 Standard, G2: optional)",
    "https://cloud.google.com/compute/docs/accelerator-optimized-machines",
    _READ,
)
GKE_LOCAL_SSD = Source(
    "GKE: provision ephemeral storage with Local SSD (machine series with bundled Local SSD)",
    "https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/local-ssd",
    _READ,
)
READ_BACK_DRIFT = Source(
    "GoogleCloudPlatform/cluster-toolkit#2968: an unset Local SSD config forces node-pool recreation on re-deploy",
    "https://github.com/GoogleCloudPlatform/cluster-toolkit/pull/2968",
    _READ,
)


LOCAL_SSD_DISK_GIB = 375
"""Size of one Local SSD disk (the sources above); the bundled capacity is count x this, billed per GiB-month."""


@dataclass(frozen=True)
class BundledLocalSsd:
    machine_type: str
    count: int  # 375 GiB NVMe disks
    sources: tuple[Source, ...]


def _row(machine_type: str, count: int) -> tuple[str, BundledLocalSsd]:
    return machine_type, BundledLocalSsd(machine_type, count, (ACCELERATOR_OPTIMIZED, GKE_LOCAL_SSD, READ_BACK_DRIFT))


BUNDLED_LOCAL_SSD: Mapping[str, BundledLocalSsd] = MappingProxyType(dict([
    _row("a3-highgpu-8g", 16),
    _row("a2-ultragpu-1g", 1),
    _row("a2-ultragpu-2g", 2),
    _row("a2-ultragpu-4g", 4),
    _row("a2-ultragpu-8g", 8),
]))


NOT_BUNDLED: tuple[str, ...] = ("a2-highgpu-", "a2-megagpu-", "g2-standard-", "n1-", "n2-", "ct5lp-", "ct5p-", "ct6e-")
"""Machine-type prefixes read as having no bundled Local SSD (same sources): nothing for GKE to read back."""


def bundled_local_ssds(machine_type: str) -> int:
    """How many Local SSDs GKE attaches to this machine type unasked (0: none bundled)."""
    row = BUNDLED_LOCAL_SSD.get(machine_type)
    return row.count if row is not None else 0


def bundled_local_ssd_gib(machine_type: str) -> int:
    """GiB of Local SSD bundled with (and billed for) this machine type; 0 when none is bundled."""
    return bundled_local_ssds(machine_type) * LOCAL_SSD_DISK_GIB
