"""The managed Postgres class each size builds, its vCPUs and memory as the cloud publishes them and the storage the
platform starts it with: storage reaches the rendered database and the fixed costs, vCPUs and memory the Cloud SQL
price. A mutation run changed four of these figures and no test noticed (tools/README.md). Sources, read 2026-11-30:
RDS https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Types.html (db.t4g.small 2 vCPU
2 GiB, db.m7g.large 2/8, db.m7g.xlarge 4/16); Cloud SQL custom tiers db-custom-<vCPU>-<MiB>
(https://cloud.google.com/sql/docs/postgres/instance-settings); Azure flexible server
https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-compute (B1ms 1/2, D2ds_v5 2/8,
D4ds_v5 4/16). Storage is the platform's choice: 20/50/100 GB on RDS and Cloud SQL; on Azure the flexible server's fixed
storage sizes 32/64/128 GiB (same page, Storage)."""

from __future__ import annotations

from components.catalog.databases import DATABASE_CLASSES
from components.spec import Cloud, ServiceSize

S, M, L = ServiceSize.SMALL, ServiceSize.MEDIUM, ServiceSize.LARGE
EXPECTED = {
    (Cloud.AWS, S): ("db.t4g.small", 2, 2, 20), (Cloud.AWS, M): ("db.m7g.large", 2, 8, 50),
    (Cloud.AWS, L): ("db.m7g.xlarge", 4, 16, 100),
    (Cloud.GCP, S): ("db-custom-1-3840", 1, 3.75, 20), (Cloud.GCP, M): ("db-custom-2-7680", 2, 7.5, 50),
    (Cloud.GCP, L): ("db-custom-4-15360", 4, 15, 100),
    (Cloud.AZURE, S): ("Standard_B1ms", 1, 2, 32), (Cloud.AZURE, M): ("Standard_D2ds_v5", 2, 8, 64),
    (Cloud.AZURE, L): ("Standard_D4ds_v5", 4, 16, 128),
}


def test_every_size_builds_its_documented_class_and_storage() -> None:
    assert {key: (db.instance_class, db.vcpus, db.memory_gib, db.storage_gib)
            for key, db in DATABASE_CLASSES.items()} == EXPECTED


def test_a_cloud_sql_custom_tier_names_its_vcpus_and_memory() -> None:
    # db-custom-<vCPU>-<MiB>: the name and the row must agree, as Cloud SQL prices the tier by both.
    for (cloud, _), db in DATABASE_CLASSES.items():
        if cloud is Cloud.GCP:
            _, _, vcpus, mib = db.instance_class.split("-")
            assert (int(vcpus), int(mib) / 1024) == (db.vcpus, db.memory_gib)
