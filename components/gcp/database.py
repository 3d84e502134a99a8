"""MLflow's managed Postgres on GCP: Cloud SQL on a private IP over private service access, TLS-only, backed up.

Reachability: no public address (``ipv4Enabled: false``); the instance gets an address from the stack's own
private-service-access range (a ``globalAddress`` inside ``network.cidr``, peered by ``servicenetworking``), so only
the stack's VPC (nodes and VPC-native pods) reaches it; peering is not transitive, so a peered hub does not.
TLS: ``sslMode: ENCRYPTED_ONLY`` (the server refuses plaintext; no client certificate needed). Storage is encrypted
with Google-managed keys. Backups: daily, point-in-time recovery with 7 days of logs; prod keeps 30 backups,
a final backup on deletion, regional HA and Cloud SQL's own deletion protection, plus ``protect``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from ipaddress import IPv4Network

import pulumi
import pulumi_gcp as gcp
import pulumi_random as random

from components.catalog.databases import POSTGRES_MAJOR_VERSION, DatabaseClass
from components.catalog.services import MLFLOW_DATABASE, MLFLOW_DATABASE_USER
from components.handle import DatabaseConnection

POSTGRES_PORT = 5432
DATABASE_VERSION = f"POSTGRES_{POSTGRES_MAJOR_VERSION}"
EDITION = "ENTERPRISE"
DISK_TYPE = "PD_SSD"
SSL_MODE = "ENCRYPTED_ONLY"
PEERING_PURPOSE = "VPC_PEERING"
INTERNAL = "INTERNAL"
SERVICE_NETWORKING = "servicenetworking.googleapis.com"
ABANDON = "ABANDON"
"""Destroy drops the peering, user and database from state only: Cloud SQL refuses to delete a user that owns
objects, and the peering cannot go while the producer still holds addresses; the instance's deletion removes them."""
AVAILABILITY = {True: "REGIONAL", False: "ZONAL"}
BACKUP_START = "03:00"
LOG_RETENTION_DAYS = 7
RETAINED_BACKUPS = {True: 30, False: 7}
RETENTION_UNIT = "COUNT"
FINAL_BACKUP_DAYS = 30
MAINTENANCE_DAY = 7  # Sunday (1 = Monday)
MAINTENANCE_HOUR = 3
UPDATE_TRACK = "stable"
PASSWORD_LENGTH = 32
SUFFIX_BYTES = 2
"""Cloud SQL reserves a deleted instance's name for up to a week: a suffix lets a destroyed dev stack come back."""


@dataclass(frozen=True, kw_only=True)
class MlflowDatabaseArgs:
    cluster_name: str
    region: str
    database: DatabaseClass
    high_availability: bool
    network_id: pulumi.Input[str]
    private_services_cidr: str  # the stack's private-service-access range (inside network.cidr)
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = False
    depends_on: Sequence[pulumi.Resource] = ()


class MlflowDatabase(pulumi.ComponentResource):
    """Callers rely on ``connection`` (host, port, database, user, secret password; ``ready`` = instance, database
    and user)."""

    peering_range: gcp.compute.GlobalAddress
    peering: gcp.servicenetworking.Connection
    instance: gcp.sql.DatabaseInstance
    password: random.RandomPassword
    connection: DatabaseConnection

    def __init__(self, name: str, args: MlflowDatabaseArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:MlflowDatabase", name, None, opts)
        child = pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on))
        psa = IPv4Network(args.private_services_cidr)
        self.peering_range = gcp.compute.GlobalAddress(
            f"{name}-psa",
            name=f"{args.cluster_name}-psa",
            purpose=PEERING_PURPOSE,
            address_type=INTERNAL,
            address=str(psa.network_address),
            prefix_length=psa.prefixlen,
            network=args.network_id,
            opts=child,
        )
        self.peering = gcp.servicenetworking.Connection(
            f"{name}-psa-peering",
            network=args.network_id,
            service=SERVICE_NETWORKING,
            reserved_peering_ranges=[self.peering_range.name],
            deletion_policy=ABANDON,
            opts=child,
        )
        suffix = random.RandomId(f"{name}-suffix", byte_length=SUFFIX_BYTES, opts=pulumi.ResourceOptions(parent=self))
        self.instance = gcp.sql.DatabaseInstance(
            name,
            name=suffix.hex.apply(lambda h: f"{args.cluster_name}-mlflow-{h}"),
            region=args.region,
            database_version=DATABASE_VERSION,
            deletion_protection=args.protect,
            settings=_settings(args),
            opts=pulumi.ResourceOptions(
                parent=self, depends_on=[*args.depends_on, self.peering], protect=args.protect
            ),
        )
        self.password = random.RandomPassword(
            f"{name}-password", length=PASSWORD_LENGTH, special=False, opts=pulumi.ResourceOptions(parent=self)
        )
        database = gcp.sql.Database(
            f"{name}-{MLFLOW_DATABASE}",
            name=MLFLOW_DATABASE,
            instance=self.instance.name,
            deletion_policy=ABANDON,
            opts=pulumi.ResourceOptions(parent=self),
        )
        user = gcp.sql.User(
            f"{name}-user",
            name=MLFLOW_DATABASE_USER,
            instance=self.instance.name,
            password=self.password.result,
            deletion_policy=ABANDON,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.connection = DatabaseConnection(
            host=self.instance.private_ip_address,
            port=POSTGRES_PORT,
            database=MLFLOW_DATABASE,
            username=MLFLOW_DATABASE_USER,
            password=pulumi.Output.secret(self.password.result),
            ready=(self.instance, database, user),
        )
        self.register_outputs({"host": self.connection.host, "instance": self.instance.name})


def _settings(args: MlflowDatabaseArgs) -> gcp.sql.DatabaseInstanceSettingsArgs:
    ha, kept = args.high_availability, args.protect
    return gcp.sql.DatabaseInstanceSettingsArgs(
        tier=args.database.instance_class,
        edition=EDITION,
        availability_type=AVAILABILITY[ha],
        disk_type=DISK_TYPE,
        disk_size=args.database.storage_gib,
        disk_autoresize=True,
        deletion_protection_enabled=args.protect,
        ip_configuration=gcp.sql.DatabaseInstanceSettingsIpConfigurationArgs(
            ipv4_enabled=False,
            private_network=args.network_id,
            ssl_mode=SSL_MODE,
            enable_private_path_for_google_cloud_services=False,
        ),
        backup_configuration=gcp.sql.DatabaseInstanceSettingsBackupConfigurationArgs(
            enabled=True,
            start_time=BACKUP_START,
            point_in_time_recovery_enabled=True,
            transaction_log_retention_days=LOG_RETENTION_DAYS,
            backup_retention_settings=gcp.sql.DatabaseInstanceSettingsBackupConfigurationBackupRetentionSettingsArgs(
                retained_backups=RETAINED_BACKUPS[kept], retention_unit=RETENTION_UNIT
            ),
        ),
        final_backup_config=gcp.sql.DatabaseInstanceSettingsFinalBackupConfigArgs(
            enabled=True, retention_days=FINAL_BACKUP_DAYS
        ) if kept else None,
        retain_backups_on_delete=kept,
        maintenance_window=gcp.sql.DatabaseInstanceSettingsMaintenanceWindowArgs(
            day=MAINTENANCE_DAY, hour=MAINTENANCE_HOUR, update_track=UPDATE_TRACK
        ),
        user_labels=dict(args.tags),
    )
