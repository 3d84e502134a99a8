"""Fixed costs of a platform, per cloud and catalog region: control plane, NAT, object storage, managed Postgres.

Every figure is a ``FixedRate`` with its source. A region whose own figure was not found carries the
reference region's figure with ``estimated`` saying so; nothing is invented silently. Tables hold list
prices in USD; the cost engine (``mlplatform.economics.cost``) multiplies them by hours, gateways and assumed amounts.

Control-plane tier of a stack (``control_plane_tier``) follows what the cloud folders build: EKS with the
upgrade policy ``STANDARD`` (never billed for extended support), GKE regional or zonal from the blueprint's
availability, AKS Free in dev and Standard elsewhere (``components.azure.cluster.SKU_TIER``; a test pins both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from components.catalog import fixed_sources as src
from components.catalog.databases import DATABASE_CLASSES, DatabaseClass
from components.catalog.errors import MissingPrice
from components.catalog.regions import REGIONS
from components.catalog.types import Source
from components.spec.enums import Availability, Cloud, Environment, ServiceSize


@dataclass(frozen=True)
class FixedRate:
    """USD per ``unit``; ``estimated`` is non-empty when the figure is not this region's own (it says why)."""

    usd: float
    unit: str
    source: Source
    estimated: str = ""


DatabaseSize = ServiceSize
"""The blueprint's ``services.mlflow.database.size``; its class per cloud is in ``databases.DATABASE_CLASSES``."""


_K = TypeVar("_K")
_V = TypeVar("_V")

CLUSTER_HOUR, GATEWAY_HOUR, VM_HOUR, GB, GB_MONTH, INSTANCE_HOUR = (
    "cluster-hour", "gateway-hour", "VM-hour", "GB processed", "GB-month", "instance-hour",
)

# --- Control planes (the same figure in every region) ----------------------------------------------
EKS_STANDARD, EKS_EXTENDED = "EKS standard support", "EKS extended support"
GKE_REGIONAL, GKE_ZONAL = "GKE Standard, regional", "GKE Standard, zonal"
AKS_FREE, AKS_STANDARD, AKS_PREMIUM = "AKS Free", "AKS Standard", "AKS Premium"

CONTROL_PLANE: Mapping[tuple[Cloud, str], FixedRate] = MappingProxyType({
    (Cloud.AWS, EKS_STANDARD): FixedRate(0.10, CLUSTER_HOUR, src.EKS_PRICING),
    (Cloud.AWS, EKS_EXTENDED): FixedRate(0.60, CLUSTER_HOUR, src.EKS_PRICING),
    (Cloud.GCP, GKE_REGIONAL): FixedRate(0.10, CLUSTER_HOUR, src.GKE_PRICING),
    (Cloud.GCP, GKE_ZONAL): FixedRate(0.10, CLUSTER_HOUR, src.GKE_PRICING),
    (Cloud.AZURE, AKS_FREE): FixedRate(0.0, CLUSTER_HOUR, src.AKS_PRICING_TIERS),
    (Cloud.AZURE, AKS_STANDARD): FixedRate(0.10, CLUSTER_HOUR, src.AKS_PRICING_TIERS),
    (Cloud.AZURE, AKS_PREMIUM): FixedRate(0.60, CLUSTER_HOUR, src.AKS_PRICING_TIERS),
})

GKE_FREE_TIER_USD_PER_MONTH = 74.40
"""GKE's monthly credit per billing account; it applies to zonal (and Autopilot) clusters only, once per
billing account, so the estimate never deducts it: it notes it on a zonal cluster."""

_AKS_TIER: Mapping[Environment, str] = MappingProxyType({
    Environment.DEV: AKS_FREE, Environment.STAGING: AKS_STANDARD, Environment.PROD: AKS_STANDARD,
})


def control_plane_tier(cloud: Cloud, environment: Environment, availability: Availability) -> str:
    """The control-plane tier the cloud folder builds for this environment and availability."""
    if cloud is Cloud.AWS:
        return EKS_STANDARD
    if cloud is Cloud.GCP:
        return GKE_REGIONAL if availability is Availability.REGIONAL else GKE_ZONAL
    return _AKS_TIER[environment]


# --- Tables per region: verified figures, the reference region standing in (flagged) elsewhere -------
def _by_region(
    cloud: Cloud, unit: str, source: Source, verified: Mapping[str, float], reference: str
) -> dict[tuple[Cloud, str], FixedRate]:
    rows: dict[tuple[Cloud, str], FixedRate] = {}
    for c, region in REGIONS:
        if c is not cloud:
            continue
        if region in verified:
            rows[(cloud, region)] = FixedRate(verified[region], unit, source)
        else:
            note = f"no {region} figure found; the {reference} figure stands in"
            rows[(cloud, region)] = FixedRate(verified[reference], unit, source, note)
    return rows


def _flag_all(rows: Mapping[tuple[Cloud, str], FixedRate], why: str) -> dict[tuple[Cloud, str], FixedRate]:
    return {k: FixedRate(r.usd, r.unit, r.source, r.estimated or why) for k, r in rows.items()}


_US_AWS = ("us-east-1", "us-east-2", "us-west-2")


@dataclass(frozen=True)
class NatRate:
    """A NAT gateway: per gateway-hour (GCP: per VM-hour up to ``vm_cap`` VMs, then ``gateway_hour``), per GB."""

    gateway_hour: FixedRate
    per_gb: FixedRate
    vm_hour: FixedRate | None = None
    vm_cap: int = 0


def _nat_rows() -> dict[tuple[Cloud, str], NatRate]:
    aws_eu = "third-party reading of the European range ($0.048 Ireland, $0.052 Frankfurt); AWS page not read"
    aws_hour = _by_region(Cloud.AWS, GATEWAY_HOUR, src.AWS_NAT_PRICING,
                          {**dict.fromkeys(_US_AWS, 0.045), "eu-west-1": 0.048, "eu-central-1": 0.052}, "us-east-1")
    aws_gb = _by_region(Cloud.AWS, GB, src.AWS_NAT_PRICING,
                        {**dict.fromkeys(_US_AWS, 0.045), "eu-west-1": 0.048, "eu-central-1": 0.052}, "us-east-1")
    rows = {
        key: NatRate(
            FixedRate(h.usd, h.unit, h.source, aws_eu if key[1].startswith("eu-") else h.estimated),
            FixedRate(aws_gb[key].usd, GB, aws_gb[key].source, aws_eu if key[1].startswith("eu-") else ""),
        )
        for key, h in aws_hour.items()
    }
    gcp_regions = [r for c, r in REGIONS if c is Cloud.GCP]
    for region in gcp_regions:  # Cloud NAT: the same price in every region (stated on the page)
        rows[(Cloud.GCP, region)] = NatRate(
            gateway_hour=FixedRate(0.044, GATEWAY_HOUR, src.GCP_NAT_PRICING),
            per_gb=FixedRate(0.045, GB, src.GCP_NAT_PRICING),
            vm_hour=FixedRate(0.0014, VM_HOUR, src.GCP_NAT_PRICING),
            vm_cap=32,
        )
    azure_hour = _by_region(Cloud.AZURE, GATEWAY_HOUR, src.AZURE_NAT_PRICING, {"eastus": 0.045}, "eastus")
    for key, h in azure_hour.items():
        rows[key] = NatRate(h, FixedRate(0.045, GB, src.AZURE_NAT_PRICING, h.estimated))
    return rows


NAT: Mapping[tuple[Cloud, str], NatRate] = MappingProxyType(_nat_rows())

_NAT_PER_ZONE: Mapping[Environment, bool] = MappingProxyType({
    Environment.DEV: False, Environment.STAGING: False, Environment.PROD: True,
})
_EKS_MIN_ZONES = 2


def nat_gateways(cloud: Cloud, environment: Environment, zones: int) -> int:
    """NAT gateways the network builds: AWS one per zone in prod (at least the two EKS needs), else one."""
    if cloud is Cloud.AWS and _NAT_PER_ZONE[environment]:
        return max(zones, _EKS_MIN_ZONES)
    return 1


# --- Object storage (artifact store), per GB-month -------------------------------------------------
OBJECT_STORAGE: Mapping[tuple[Cloud, str], FixedRate] = MappingProxyType({
    **_flag_all(
        _by_region(Cloud.AWS, GB_MONTH, src.S3_PRICING,
                   {**dict.fromkeys((*_US_AWS, "eu-west-1"), 0.023), "eu-central-1": 0.0245}, "us-east-1"),
        "commonly quoted S3 Standard figure; the AWS page was not read",
    ),
    **_by_region(Cloud.GCP, GB_MONTH, src.GCS_PRICING,
                 {"us-central1": 0.020, "us-east5": 0.020, "europe-west4": 0.020, "us-east4": 0.023,
                  "us-west4": 0.023}, "us-central1"),
    **_by_region(Cloud.AZURE, GB_MONTH, src.AZURE_BLOB_PRICING, {"eastus": 0.018}, "eastus"),
})

# --- Managed Postgres ------------------------------------------------------------------------------
HA_MULTIPLIER: Mapping[Cloud, int] = MappingProxyType({Cloud.AWS: 2, Cloud.GCP: 2, Cloud.AZURE: 2})
"""Multi-AZ (RDS), regional HA (Cloud SQL) and zone-redundant HA (Azure) bill a standby: compute and
storage twice (see each source)."""

_CLOUD_SQL_VCPU_HOUR, _CLOUD_SQL_GIB_HOUR = 0.0413, 0.007


def _cloud_sql(size: DatabaseSize) -> float:
    cls = DATABASE_CLASSES[(Cloud.GCP, size)]  # one home for the classes: what the clouds build
    return round(cls.vcpus * _CLOUD_SQL_VCPU_HOUR + cls.memory_gib * _CLOUD_SQL_GIB_HOUR, 5)


def _database_rows() -> dict[tuple[Cloud, str, DatabaseSize], FixedRate]:
    rows: dict[tuple[Cloud, str, DatabaseSize], FixedRate] = {}
    aws = {DatabaseSize.SMALL: (0.032, src.RDS_T4G_PRICING, ""),
           DatabaseSize.MEDIUM: (0.168, src.RDS_M7G_PRICING, "RDS for MySQL us-west-2 figure; PostgreSQL not found"),
           DatabaseSize.LARGE: (0.337, src.RDS_M7G_PRICING, "RDS for MySQL us-west-2 figure; PostgreSQL not found")}
    azure = {DatabaseSize.SMALL: 0.017, DatabaseSize.MEDIUM: 0.178, DatabaseSize.LARGE: 0.356}
    for size in DatabaseSize:
        usd, source, why = aws[size]
        for key, rate in _by_region(Cloud.AWS, INSTANCE_HOUR, source, {"us-east-1": usd}, "us-east-1").items():
            rows[(*key, size)] = FixedRate(rate.usd, rate.unit, rate.source, why or rate.estimated)
        for key, rate in _by_region(Cloud.GCP, INSTANCE_HOUR, src.CLOUD_SQL_PRICING,
                                    {"us-central1": _cloud_sql(size)}, "us-central1").items():
            rows[(*key, size)] = rate
        for key, rate in _by_region(Cloud.AZURE, INSTANCE_HOUR, src.AZURE_POSTGRES_PRICING,
                                    {"eastus": azure[size]}, "eastus").items():
            rows[(*key, size)] = rate
    return rows


DATABASE: Mapping[tuple[Cloud, str, DatabaseSize], FixedRate] = MappingProxyType(_database_rows())
"""USD per instance-hour of one (non-HA) instance of the size's class."""

DATABASE_STORAGE: Mapping[tuple[Cloud, str], FixedRate] = MappingProxyType({
    **_by_region(Cloud.AWS, GB_MONTH, src.RDS_STORAGE_PRICING, {"us-east-1": 0.115}, "us-east-1"),
    **_by_region(Cloud.GCP, GB_MONTH, src.CLOUD_SQL_PRICING, {"us-central1": 0.17}, "us-central1"),
    **_by_region(Cloud.AZURE, GB_MONTH, src.AZURE_POSTGRES_PRICING, {"eastus": 0.115}, "eastus"),
})
"""USD per GB-month of the database's provisioned storage (one instance)."""


def _row(table: Mapping[_K, _V], key: _K, what: str) -> _V:
    try:
        return table[key]
    except KeyError:
        raise MissingPrice(f"no {what} price for {key}") from None


def control_plane(cloud: Cloud, tier: str) -> FixedRate:
    return _row(CONTROL_PLANE, (cloud, tier), "control-plane")


def nat(cloud: Cloud, region: str) -> NatRate:
    return _row(NAT, (cloud, region), "NAT gateway")


def object_storage(cloud: Cloud, region: str) -> FixedRate:
    return _row(OBJECT_STORAGE, (cloud, region), "object storage")


def database(cloud: Cloud, region: str, size: DatabaseSize) -> tuple[DatabaseClass, FixedRate, FixedRate]:
    """The class of ``size`` on ``cloud``, its instance-hour rate and its storage GB-month rate in ``region``."""
    return (
        _row(DATABASE_CLASSES, (cloud, size), "database class"),
        _row(DATABASE, (cloud, region, size), "database"),
        _row(DATABASE_STORAGE, (cloud, region), "database storage"),
    )


def fixed_cost_sources() -> tuple[Source, ...]:
    """Every distinct source behind the fixed-cost rows (``freshness`` ages them with the price sources)."""
    nat = [r for n in NAT.values() for r in (n.gateway_hour, n.per_gb, n.vm_hour) if r is not None]
    rates = [*CONTROL_PLANE.values(), *nat, *OBJECT_STORAGE.values(), *DATABASE.values(), *DATABASE_STORAGE.values()]
    return tuple(sorted({r.source for r in rates}, key=lambda s: (s.as_of, s.title)))
