"""Managed Postgres for MLflow: the class each `services.mlflow.database.size` maps to on each cloud.

Prices for these classes live with the other fixed costs; this table says only what is built. The engine's
major version is pinned once for the three clouds (all three offer it as a current, supported major).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog.errors import CatalogError
from components.catalog.types import Source
from components.spec.enums import Cloud, ServiceSize

_READ = date(2026, 11, 30)

RDS_CLASSES = Source(
    "Amazon RDS DB instance classes (db.t4g, db.m7g)",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Types.html",
    _READ,
)
CLOUD_SQL_TIERS = Source(
    "Cloud SQL for PostgreSQL: machine types (Enterprise edition custom tiers db-custom-<vCPU>-<MiB>)",
    "https://cloud.google.com/sql/docs/postgres/instance-settings",
    _READ,
)
AZURE_PG_SKUS = Source(
    "Azure Database for PostgreSQL flexible server: compute options (Burstable, General Purpose)",
    "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-compute",
    _READ,
)
POSTGRES_VERSIONS = Source(
    "PostgreSQL 16 supported on RDS, Cloud SQL (POSTGRES_16) and Azure flexible server",
    "https://www.postgresql.org/support/versioning/",
    _READ,
)

POSTGRES_MAJOR_VERSION = "16"


@dataclass(frozen=True)
class DatabaseClass:
    """One managed Postgres class: what the cloud calls it, its size, and the storage it starts with."""

    cloud: Cloud
    size: ServiceSize
    instance_class: str
    tier: str  # AWS/GCP: informational; Azure: the SKU tier the API requires (Burstable, GeneralPurpose)
    vcpus: int
    memory_gib: float
    storage_gib: int
    source: Source


def _row(cloud: Cloud, size: ServiceSize, cls: str, tier: str, vcpus: int, mem: float, gib: int, src: Source) -> tuple[
    tuple[Cloud, ServiceSize], DatabaseClass
]:
    return (cloud, size), DatabaseClass(cloud, size, cls, tier, vcpus, mem, gib, src)


DATABASE_CLASSES: Mapping[tuple[Cloud, ServiceSize], DatabaseClass] = MappingProxyType(dict([
    _row(Cloud.AWS, ServiceSize.SMALL, "db.t4g.small", "burstable", 2, 2, 20, RDS_CLASSES),
    _row(Cloud.AWS, ServiceSize.MEDIUM, "db.m7g.large", "general-purpose", 2, 8, 50, RDS_CLASSES),
    _row(Cloud.AWS, ServiceSize.LARGE, "db.m7g.xlarge", "general-purpose", 4, 16, 100, RDS_CLASSES),
    _row(Cloud.GCP, ServiceSize.SMALL, "db-custom-1-3840", "ENTERPRISE", 1, 3.75, 20, CLOUD_SQL_TIERS),
    _row(Cloud.GCP, ServiceSize.MEDIUM, "db-custom-2-7680", "ENTERPRISE", 2, 7.5, 50, CLOUD_SQL_TIERS),
    _row(Cloud.GCP, ServiceSize.LARGE, "db-custom-4-15360", "ENTERPRISE", 4, 15, 100, CLOUD_SQL_TIERS),
    _row(Cloud.AZURE, ServiceSize.SMALL, "Standard_B1ms", "Burstable", 1, 2, 32, AZURE_PG_SKUS),
    _row(Cloud.AZURE, ServiceSize.MEDIUM, "Standard_D2ds_v5", "GeneralPurpose", 2, 8, 64, AZURE_PG_SKUS),
    _row(Cloud.AZURE, ServiceSize.LARGE, "Standard_D4ds_v5", "GeneralPurpose", 4, 16, 128, AZURE_PG_SKUS),
]))


def database_class(cloud: Cloud, size: ServiceSize) -> DatabaseClass:
    try:
        return DATABASE_CLASSES[(cloud, size)]
    except KeyError:
        raise CatalogError(f"no managed Postgres class for size {size} on {cloud}") from None
