"""How many connections each managed Postgres class admits to its users (max_connections less what the service
reserves): MLflow's workers and connection pools are sized from it, so a small class is never over-subscribed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from components.catalog.databases import DATABASE_CLASSES, DatabaseClass
from components.catalog.errors import CatalogError
from components.catalog.types import Source
from components.spec.enums import Cloud

_READ = date(2026, 11, 30)

RDS_MAX_CONNECTIONS = Source(
    "Amazon RDS for PostgreSQL: max_connections default LEAST({DBInstanceClassMemory/9531392}, 5000); "
    "rds.rds_superuser_reserved_connections 2 and superuser_reserved_connections 3 are not for applications",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections",
    _READ,
)
CLOUD_SQL_MAX_CONNECTIONS = Source(
    "Cloud SQL for PostgreSQL: default max_connections by memory (3.75 GB up to 6 GB: 100; 7.5 GB up to 15 GB: "
    "400; 15 GB up to 30 GB: 500); 3 are reserved for superusers",
    "https://cloud.google.com/sql/docs/postgres/flags#postgres-m",
    _READ,
)
AZURE_PG_MAX_CONNECTIONS = Source(
    "Azure Database for PostgreSQL flexible server limits: maximum user connections per SKU (B1ms 35, D2ds_v5 844, "
    "D4ds_v5 1,703: the server reserves 15 of max_connections for replication and monitoring)",
    "https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-limits",
    _READ,
)

RDS_BYTES_PER_CONNECTION = 9531392
RDS_RESERVED = 5
CLOUD_SQL_RESERVED = 3


def _rds(memory_gib: float) -> int:
    """Nominal memory overstates DBInstanceClassMemory (the OS keeps some); callers leave headroom for that."""
    return min(int(memory_gib * 1024**3) // RDS_BYTES_PER_CONNECTION, 5000) - RDS_RESERVED


# (cloud, instance class) -> connections users may open, and the source of the figure.
USER_CONNECTIONS: Mapping[tuple[Cloud, str], tuple[int, Source]] = MappingProxyType({
    (Cloud.AWS, "db.t4g.small"): (_rds(2), RDS_MAX_CONNECTIONS),
    (Cloud.AWS, "db.m7g.large"): (_rds(8), RDS_MAX_CONNECTIONS),
    (Cloud.AWS, "db.m7g.xlarge"): (_rds(16), RDS_MAX_CONNECTIONS),
    (Cloud.GCP, "db-custom-1-3840"): (100 - CLOUD_SQL_RESERVED, CLOUD_SQL_MAX_CONNECTIONS),
    (Cloud.GCP, "db-custom-2-7680"): (400 - CLOUD_SQL_RESERVED, CLOUD_SQL_MAX_CONNECTIONS),
    (Cloud.GCP, "db-custom-4-15360"): (500 - CLOUD_SQL_RESERVED, CLOUD_SQL_MAX_CONNECTIONS),
    (Cloud.AZURE, "Standard_B1ms"): (35, AZURE_PG_MAX_CONNECTIONS),
    (Cloud.AZURE, "Standard_D2ds_v5"): (844, AZURE_PG_MAX_CONNECTIONS),
    (Cloud.AZURE, "Standard_D4ds_v5"): (1703, AZURE_PG_MAX_CONNECTIONS),
})


def user_connections(db: DatabaseClass) -> int:
    """Connections applications may open on `db`; raises CatalogError for a class with no row."""
    try:
        return USER_CONNECTIONS[(db.cloud, db.instance_class)][0]
    except KeyError:
        raise CatalogError(
            f"no connection limit recorded for {db.instance_class} on {db.cloud}; add a row to USER_CONNECTIONS"
        ) from None


def classes_without_limits() -> list[DatabaseClass]:
    """Database classes the platform builds that have no connection row (a test keeps this empty)."""
    return [db for db in DATABASE_CLASSES.values() if (db.cloud, db.instance_class) not in USER_CONNECTIONS]
