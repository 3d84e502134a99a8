"""Internet egress per cloud (tiered list prices, US and EU source regions), the exit waivers, transfer services.

One row per cloud: every catalog region is in North America or Europe, where each cloud prices internet
egress the same. ``one_off_usd`` prices moving ``gb`` out in one month at list price; the waiver each cloud
offers customers who leave it entirely is a separate fact (``ExitWaiver``) with its conditions, because it is
granted on request (as credits) and only for a full exit.

Units: 1 TB = 1,024 GB (the clouds bill egress per GB/GiB in binary steps of their tiers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from components.catalog import fixed_sources as src
from components.catalog.types import Source
from components.spec.enums import Cloud

GB_PER_TB = 1024
APPLIANCE_FROM_TB = 1024
"""From about a petabyte a transfer appliance beats the network (weeks of a dedicated 10 Gbps link)."""


@dataclass(frozen=True)
class EgressTier:
    """``usd_per_gb`` for the GB of a month up to ``up_to_gb`` (None: no upper bound)."""

    up_to_gb: float | None
    usd_per_gb: float


@dataclass(frozen=True)
class ExitWaiver:
    program: str
    conditions: str
    source: Source


@dataclass(frozen=True)
class EgressRate:
    cloud: Cloud
    free_gb_per_month: float
    tiers: tuple[EgressTier, ...]
    source: Source
    exit_waiver: ExitWaiver


@dataclass(frozen=True)
class TransferService:
    """How data is pulled into a cloud from another: the online service and the appliance at petabyte scale."""

    online: str
    appliance: str
    source: Source
    appliance_source: Source


_TB = GB_PER_TB

EGRESS: Mapping[Cloud, EgressRate] = MappingProxyType({
    Cloud.AWS: EgressRate(
        Cloud.AWS, 100,
        (EgressTier(10 * _TB, 0.09), EgressTier(50 * _TB, 0.085), EgressTier(150 * _TB, 0.07), EgressTier(None, 0.05)),
        src.AWS_EGRESS_PRICING,
        ExitWaiver("AWS free data transfer out when moving out of AWS",
                   "request through AWS Support; move within 60 days; remove all data and workloads; credited",
                   src.AWS_EXIT_WAIVER),
    ),
    Cloud.GCP: EgressRate(
        Cloud.GCP, 0,
        (EgressTier(1 * _TB, 0.12), EgressTier(10 * _TB, 0.11), EgressTier(None, 0.08)),
        src.GCP_EGRESS_PRICING,
        ExitWaiver("Google Cloud Exit free data transfer",
                   "submit the Cloud Exit form; move within 60 days; Premium Tier; "
                   "terminate the Google Cloud agreement",
                   src.GCP_EXIT_WAIVER),
    ),
    Cloud.AZURE: EgressRate(
        Cloud.AZURE, 100,
        (EgressTier(10 * _TB, 0.087), EgressTier(50 * _TB, 0.083), EgressTier(150 * _TB, 0.07),
         EgressTier(None, 0.05)),
        src.AZURE_EGRESS_PRICING,
        ExitWaiver("Azure free data transfer out when leaving Azure",
                   "advance notice to Azure Support; move within 60 days; cancel every subscription; Azure Storage "
                   "data over the internet only; credited",
                   src.AZURE_EXIT_WAIVER),
    ),
})

TRANSFER_SERVICES: Mapping[Cloud, TransferService] = MappingProxyType({
    Cloud.AWS: TransferService("AWS DataSync", "AWS Snowball", src.AWS_DATASYNC, src.AWS_SNOWBALL),
    Cloud.GCP: TransferService("Google Storage Transfer Service", "Google Transfer Appliance",
                               src.GCP_STORAGE_TRANSFER, src.GCP_TRANSFER_APPLIANCE),
    Cloud.AZURE: TransferService("AzCopy", "Azure Data Box", src.AZURE_AZCOPY, src.AZURE_DATA_BOX),
})
"""Keyed by the cloud the data moves INTO: each cloud's own service pulls from the others."""


def one_off_usd(cloud: Cloud, gb: float) -> float:
    """List price of sending ``gb`` out of ``cloud`` to the internet in one month, after the free allowance."""
    rate = EGRESS[cloud]
    remaining = max(gb - rate.free_gb_per_month, 0.0)
    total, floor = 0.0, rate.free_gb_per_month
    for tier in rate.tiers:
        ceiling = float("inf") if tier.up_to_gb is None else tier.up_to_gb
        span = min(remaining, max(ceiling - floor, 0.0))
        total += span * tier.usd_per_gb
        remaining -= span
        floor = max(floor, ceiling)
        if remaining <= 0:
            break
    return round(total, 2)


def transfer_tool(into: Cloud, tb: float) -> str:
    """The service to move ``tb`` into ``into``: the online one, or the appliance from a petabyte on."""
    service = TRANSFER_SERVICES[into]
    return service.appliance if tb >= APPLIANCE_FROM_TB else service.online
