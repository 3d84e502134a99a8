"""Where each catalog machine type is offered: (cloud, machine type) -> region -> zones, as read.

Only regions of the catalog (``regions.REGIONS``) are listed. An empty zone tuple means the source gives the
region only (every zone of the region is assumed). A machine type absent here has no availability fact read
yet; ``regions_offering`` then answers an empty set rather than guessing.

GCP zones come from the Cloud Billing catalog snapshot (one row per zone offering the SKU): GPU VMs from the
VM rows, N1 + T4 from the T4 rows, G2 from the L4 rows, N2 from the N2 VM rows, TPU hosts from the TPU slice rows.

AWS and Azure availability is the set of regions where the price snapshot has a row for the type
(``prices_aws`` / ``prices_azure``): those snapshots list one row per region (AWS: per zone) offering it. AWS
zones are listed there by AZ ID (use1-az6), the same identifiers ``regions.REGIONS`` uses for AWS zones, but the
price book keeps one figure per region, not the zones behind it; Azure rows carry no zone. So both give regions
only for now.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import prices_aws, prices_azure
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
_V5E = _gcp(us_central1="a", us_east5="abc", us_west4="ab", europe_west4="ab")
_V5P = _gcp(us_central1="a", us_east5="abc", europe_west4="b")
_N2 = _gcp(us_central1="abcf", us_east4="abc", us_east5="abc", us_west4="abc", europe_west4="abc")
_V6E = _gcp(us_central1="bc", us_east4="ab", us_east5="abc", europe_west4="a")

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


def _regions_of(cloud: Cloud, rows: Mapping[tuple[Cloud, str, str], Rate]) -> Mapping[tuple[Cloud, str], _Zones]:
    """(cloud, machine type) -> {region: ()} for every region with a price row (regions only, no zones)."""
    by_type: dict[str, dict[str, tuple[str, ...]]] = {}
    for c, machine_type, region in rows:
        if c is cloud:
            by_type.setdefault(machine_type, {})[region] = ()
    return {(cloud, m): MappingProxyType(regions) for m, regions in by_type.items()}


OFFERED: Mapping[tuple[Cloud, str], _Zones] = MappingProxyType(
    {
        **{(Cloud.GCP, machine_type): zones for machine_type, zones in _GCP.items()},
        **_regions_of(Cloud.AWS, prices_aws.ROWS),
        **_regions_of(Cloud.AZURE, prices_azure.ROWS),
    }
)
