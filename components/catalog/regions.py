"""Regions the catalog knows, their zones, and where each machine type is offered.

``REGIONS`` holds a handful of major regions per cloud. ``SHAPE_REGIONS`` maps (cloud, machine type) to
the catalog regions where the vendor offers it, as read (``availability.OFFERED``); per-zone facts narrow
the zones. A machine type with no availability fact read has no regions (see ``availability``).

AWS zones are AZ IDs (``use1-az1``), not zone names (``us-east-1a``). In the oldest regions AWS maps zone names
to physical zones independently per account, so a zone name in the catalog would be a different data centre in
every account; an AZ ID is the same physical zone in every account, so plans, subnets and their resource names
mean the same thing wherever they are deployed
(https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html). The AZ IDs where EKS refuses
cluster subnets (``UnsupportedAvailabilityZoneException``; ``EKS_DISALLOWED_AZ_IDS``) are left out, so every
AWS zone listed may hold the control plane's network interfaces as well as nodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.availability import OFFERED, RESERVATION_ONLY
from components.catalog.eks_zones import EKS_DISALLOWED_AZ_IDS
from components.catalog.errors import UnknownRegion
from components.catalog.types import Region, Source
from components.spec.enums import Cloud


def _region(cloud: Cloud, name: str, zones: tuple[str, ...]) -> tuple[tuple[Cloud, str], Region]:
    source = {Cloud.AWS: src.AWS_REGIONS, Cloud.GCP: src.GCP_REGIONS, Cloud.AZURE: src.AZURE_AZ_REGIONS}[cloud]
    return (cloud, name), Region(cloud, name, zones, source)


def _aws(name: str, prefix: str, numbers: str) -> tuple[tuple[Cloud, str], Region]:
    """Region ``name`` with AZ IDs ``{prefix}-az{n}`` for each digit of ``numbers``, minus those EKS refuses."""
    disallowed = EKS_DISALLOWED_AZ_IDS.get(name, frozenset())
    ids = (f"{prefix}-az{n}" for n in numbers)
    return _region(Cloud.AWS, name, tuple(z for z in ids if z not in disallowed))


def _gcp(name: str, letters: str) -> tuple[tuple[Cloud, str], Region]:
    return _region(Cloud.GCP, name, tuple(f"{name}-{letter}" for letter in letters))


def _azure(name: str) -> tuple[tuple[Cloud, str], Region]:
    return _region(Cloud.AZURE, name, ("1", "2", "3"))


REGIONS: Mapping[tuple[Cloud, str], Region] = MappingProxyType(
    dict(
        (
            _aws("us-east-1", "use1", "123456"),  # use1-az3 dropped: EKS_DISALLOWED_AZ_IDS
            _aws("us-east-2", "use2", "123"),
            _aws("us-west-2", "usw2", "1234"),
            _aws("eu-west-1", "euw1", "123"),
            _aws("eu-central-1", "euc1", "123"),
            _gcp("us-central1", "abcf"),
            _gcp("us-east4", "abc"),
            _gcp("us-east5", "abc"),
            _gcp("us-west4", "abc"),
            _gcp("europe-west4", "abc"),
            _azure("eastus"),
            _azure("eastus2"),
            _azure("southcentralus"),
            _azure("westus3"),
            _azure("westeurope"),
            _azure("swedencentral"),
        )
    )
)

SHAPE_REGIONS: Mapping[tuple[Cloud, str], frozenset[str]] = MappingProxyType(
    {key: frozenset(r for r in by_region if (key[0], r) in REGIONS) for key, by_region in OFFERED.items()}
)
"""(cloud, machine type) -> catalog regions where it is open to on-demand and spot, from the availability table."""

AVAILABILITY_SOURCES: Mapping[Cloud, Source] = MappingProxyType(
    {Cloud.GCP: src.SKYPILOT_GCP, Cloud.AWS: src.SKYPILOT_AWS, Cloud.AZURE: src.SKYPILOT_AZURE}
)


def region(cloud: Cloud, name: str) -> Region:
    """The catalog region ``name`` of ``cloud``; raises UnknownRegion listing the known ones."""
    try:
        return REGIONS[(cloud, name)]
    except KeyError:
        known = ", ".join(r for c, r in REGIONS if c is cloud)
        raise UnknownRegion(f"region {name!r} is not in the catalog for {cloud}; known: {known}") from None


def regions_offering(cloud: Cloud, machine_type: str, *, reserved: bool = False) -> frozenset[str]:
    """Catalog regions of ``cloud`` where ``machine_type`` is open (empty when unknown).

    With ``reserved=True``, also the regions where it exists only through a reservation.
    """
    regions = SHAPE_REGIONS.get((cloud, machine_type), frozenset())
    if reserved:
        regions |= {r for r in RESERVATION_ONLY.get((cloud, machine_type), {}) if (cloud, r) in REGIONS}
    return frozenset(regions)


def zones_offering(cloud: Cloud, region_name: str, machine_type: str, *, reserved: bool = False) -> tuple[str, ...]:
    """Zones of ``region_name`` where ``machine_type`` is open: the published zones, else every zone of the region.

    With ``reserved=True``, reservation-only zones count too (a pool consuming a reservation may land there).
    Empty when the machine type is not offered in the region; raises UnknownRegion for an unknown region.
    """
    zones = region(cloud, region_name).zones
    by_region = OFFERED.get((cloud, machine_type), {})
    extra = reservation_only_zones(cloud, region_name, machine_type) if reserved else ()
    if region_name not in by_region:
        return tuple(z for z in zones if z in extra)
    published = by_region[region_name]
    return tuple(z for z in zones if z in published or z in extra) if published else zones


def published_zones(cloud: Cloud, region_name: str, machine_type: str, *, reserved: bool = False) -> tuple[str, ...]:
    """Zones of ``region_name`` the catalog read ``machine_type`` open in; empty when only region facts exist.

    With ``reserved=True``, reservation-only zones are included.
    """
    zones = region(cloud, region_name).zones
    published = OFFERED.get((cloud, machine_type), {}).get(region_name, ())
    extra = reservation_only_zones(cloud, region_name, machine_type) if reserved else ()
    return tuple(z for z in zones if z in published or z in extra)


def reservation_only_zones(cloud: Cloud, region_name: str, machine_type: str) -> tuple[str, ...]:
    """Zones of ``region_name`` where ``machine_type`` exists only through a reservation (not open)."""
    zones = region(cloud, region_name).zones
    listed = RESERVATION_ONLY.get((cloud, machine_type), {}).get(region_name, ())
    return tuple(z for z in zones if z in listed)
