"""Where each catalog machine type is offered: (cloud, machine type) -> region -> zones, as read.

Only regions of the catalog (``regions.REGIONS``) are listed. Zones are the cloud's own identifiers (GCP zone
names, AWS AZ IDs, Azure zone numbers). An empty zone tuple means the source gives the region only (every zone
of the region is assumed). A machine type absent here has no availability fact read; ``regions_offering`` then
answers an empty set rather than guessing.

Open versus reservation-only: ``OFFERED`` lists zones open to on-demand and spot requests. ``RESERVATION_ONLY``
lists zones where the billing feed prices the shape but the vendor's zone list does not offer it: capacity
there comes only through a reservation, so a pool lands there only when it consumes one.

- GCP: zones from the Cloud Billing catalog snapshot (one row per zone offering the SKU); TPU zones from the Cloud
  TPU regions-and-zones page (``GCP_TPU_REGIONS``), which lists v6e in us-central1-b, us-east5-a/-b and
  europe-west4-a only (not us-east4), v5e in us-central1-a and us-west4-a, v5p in us-central1-a and us-east5-a
  in the catalog's North American regions; billing-only zones are reservation-only.
- AWS: AZ IDs per region from the EC2 snapshot's per-AZ rows (``prices_aws.SPOT_BY_ZONE``) where they were read,
  replaced by a newer offerings reading where one exists (``eks_zones.AZ_OFFERINGS``: p4de.24xlarge in us-east-1 is
  use1-az4 and use1-az6 only), minus the AZ IDs EKS refuses; other types are regional (every allowed AZ of the
  region), which ``plan`` flags per pool.
- Azure: the retail prices feed carries no zone, so Azure availability is regional (every zone of the region).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import prices_aws, prices_azure
from components.catalog.eks_zones import AZ_OFFERINGS
from components.catalog.price_rows import Rate
from components.spec.enums import Cloud

_Zones = Mapping[str, tuple[str, ...]]


def _gcp(**regions: str) -> _Zones:
    """Region (underscored) -> zone letters, e.g. ``us_central1="abcf"``."""
    return MappingProxyType(
        {
            name.replace("_", "-"): tuple(f"{name.replace('_', '-')}-{z}" for z in zones)
            for name, zones in regions.items()
        }
    )


_A2_HIGH = _gcp(us_central1="abcf", europe_west4="ab", us_west4="b")
_A2_MEGA = _gcp(us_central1="abcf", europe_west4="ab")
_A2_ULTRA = _gcp(us_central1="ac", europe_west4="a", us_east4="c", us_east5="ab")
_A3_HIGH = _gcp(us_central1="abc", europe_west4="bc", us_east4="abc", us_east5="a", us_west4="a")
_T4 = _gcp(us_central1="abcf", us_east4="abc", us_west4="ab", europe_west4="abc")
_L4 = _gcp(us_central1="abc", us_east4="ac", us_west4="ac", europe_west4="abc")
_N2 = _gcp(us_central1="abcf", us_east4="abc", us_east5="abc", us_west4="abc", europe_west4="abc")
_V5E = _gcp(us_central1="a", us_west4="a", europe_west4="ab")
_V5E_RESERVED = _gcp(us_east5="abc", us_west4="b")
_V5P = _gcp(us_central1="a", us_east5="a", europe_west4="b")
_V5P_RESERVED = _gcp(us_east5="bc")
_V6E = _gcp(us_central1="b", us_east5="ab", europe_west4="a")
_V6E_RESERVED = _gcp(us_central1="c", us_east5="c")

_GCP: Mapping[str, _Zones] = MappingProxyType(
    {
        **{f"a2-highgpu-{n}g": _A2_HIGH for n in (1, 2, 4, 8)},
        "a2-megagpu-16g": _A2_MEGA,
        **{f"a2-ultragpu-{n}g": _A2_ULTRA for n in (1, 2, 4, 8)},
        "a3-highgpu-8g": _A3_HIGH,
        "n1-standard-4": _T4,
        **{f"g2-standard-{n}": _L4 for n in (4, 24, 48, 96)},
        **{f"n2-standard-{n}": _N2 for n in (4, 8, 16)},
        **{f"ct5lp-hightpu-{n}t": _V5E for n in (1, 4, 8)},
        "ct5p-hightpu-4t": _V5P,
        **{f"ct6e-standard-{n}t": _V6E for n in (1, 4, 8)},
    }
)

RESERVATION_ONLY: Mapping[tuple[Cloud, str], _Zones] = MappingProxyType(
    {
        **{(Cloud.GCP, f"ct5lp-hightpu-{n}t"): _V5E_RESERVED for n in (1, 4, 8)},
        (Cloud.GCP, "ct5p-hightpu-4t"): _V5P_RESERVED,
        **{(Cloud.GCP, f"ct6e-standard-{n}t"): _V6E_RESERVED for n in (1, 4, 8)},
    }
)
"""(cloud, machine type) -> region -> zones where capacity exists only through a reservation (not open)."""


def _regions_of(cloud: Cloud, rows: Mapping[tuple[Cloud, str, str], Rate]) -> Mapping[tuple[Cloud, str], _Zones]:
    """(cloud, machine type) -> {region: ()} for every region with a price row (regions only, no zones)."""
    by_type: dict[str, dict[str, tuple[str, ...]]] = {}
    for c, machine_type, region in rows:
        if c is cloud:
            by_type.setdefault(machine_type, {})[region] = ()
    return {(cloud, m): MappingProxyType(regions) for m, regions in by_type.items()}


def _aws_zones(regional: Mapping[tuple[Cloud, str], _Zones]) -> Mapping[tuple[Cloud, str], _Zones]:
    """AWS types whose per-AZ rows were read: region -> AZ IDs offering them, minus those EKS refuses (regions
    priced but not read per zone stay regional)."""
    read: dict[str, dict[str, tuple[str, ...]]] = {
        machine: {region: tuple(zones) for region, zones in by_region.items()}
        for machine, by_region in prices_aws.SPOT_BY_ZONE.items()
    }
    for machine, by_region in AZ_OFFERINGS.items():
        read.setdefault(machine, {}).update(by_region)
    return {
        (Cloud.AWS, machine): MappingProxyType(
            {
                region: tuple(z for z in sorted(zones) if z not in prices_aws.EXCLUDED_SPOT_ZONES.get(region, ()))
                for region, zones in {**regional.get((Cloud.AWS, machine), {}), **by_region}.items()
            }
        )
        for machine, by_region in read.items()
    }


_AWS_REGIONAL = _regions_of(Cloud.AWS, prices_aws.ROWS)


OFFERED: Mapping[tuple[Cloud, str], _Zones] = MappingProxyType(
    {
        **{(Cloud.GCP, machine_type): zones for machine_type, zones in _GCP.items()},
        **_AWS_REGIONAL,
        **_aws_zones(_AWS_REGIONAL),
        **_regions_of(Cloud.AZURE, prices_azure.ROWS),
    }
)
"""(cloud, machine type) -> region -> zones open to on-demand and spot requests (empty: regional fact only)."""

SPOT_NOT_OFFERED: frozenset[tuple[Cloud, str]] = frozenset(
    (Cloud.AZURE, size) for size in prices_azure.SPOT_NOT_OFFERED
)
"""Shapes for which the cloud offers no spot capacity at all (``prices_azure.SPOT_NOT_OFFERED``)."""


def spot_offered(cloud: Cloud, machine_type: str) -> bool:
    """False when the catalog's sources say ``cloud`` sells no spot capacity of ``machine_type``."""
    return (cloud, machine_type) not in SPOT_NOT_OFFERED
