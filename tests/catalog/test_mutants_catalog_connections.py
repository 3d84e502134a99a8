"""The user connections each managed Postgres class admits (`catalog.user_connections`), which size MLflow's
connection pools: a mutation run changed the RDS reserve, an RDS class's memory and an Azure figure and no test
noticed (tools/README.md). Each figure is worked from the source its row cites (read 2026-11-30):
- RDS: LEAST({DBInstanceClassMemory/9531392}, 5000), minus the 5 connections RDS keeps for itself
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections);
  2 GiB -> 2147483648 // 9531392 = 225 - 5; 8 GiB -> 901 - 5; 16 GiB -> 1802 - 5.
- Cloud SQL: max_connections 100 / 400 / 500 by memory tier, minus 3 for superusers
  (https://cloud.google.com/sql/docs/postgres/flags#postgres-m).
- Azure flexible server: user connections per SKU as published, B1ms 35, D2ds_v5 844, D4ds_v5 1,703
  (https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-limits)."""

from __future__ import annotations

from components.catalog.database_connections import USER_CONNECTIONS, classes_without_limits, user_connections
from components.catalog.databases import DATABASE_CLASSES
from components.spec import Cloud

EXPECTED = {
    (Cloud.AWS, "db.t4g.small"): 220, (Cloud.AWS, "db.m7g.large"): 896, (Cloud.AWS, "db.m7g.xlarge"): 1797,
    (Cloud.GCP, "db-custom-1-3840"): 97, (Cloud.GCP, "db-custom-2-7680"): 397, (Cloud.GCP, "db-custom-4-15360"): 497,
    (Cloud.AZURE, "Standard_B1ms"): 35, (Cloud.AZURE, "Standard_D2ds_v5"): 844,
    (Cloud.AZURE, "Standard_D4ds_v5"): 1703,
}


def test_every_built_class_admits_its_documented_user_connections() -> None:
    assert classes_without_limits() == []
    assert {(db.cloud, db.instance_class): user_connections(db) for db in DATABASE_CLASSES.values()} == EXPECTED
    assert {key: row[0] for key, row in USER_CONNECTIONS.items()} == EXPECTED
