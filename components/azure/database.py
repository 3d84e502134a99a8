"""MLflow's Postgres: an Azure Database for PostgreSQL flexible server in the VNet's delegated subnet.

(learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private)
- Private access only: the server lives in the delegated database subnet (network.py, whose NSG admits 5432 from
  the nodes subnet only), public network access Disabled, and its name resolves through a private DNS zone
  `<cluster>.private.postgres.database.azure.com` owned by the stack and linked to the VNet before the server
  is created.
- TLS enforced by the server: `require_secure_transport` ON (a server Configuration; azure-native resets it to
  the default on delete, customresources/custom_postgres_config.go).
- Password authentication (MLflow's SQLAlchemy URL), Entra authentication off; the password comes from
  `pulumi_random` and stays a secret end to end. Storage is encrypted at rest by the service (always on).
- Backups `BACKUP_DAYS` (7 outside prod, 35 in prod) with point-in-time restore. In prod: zone-redundant HA
  where the class supports it (not Burstable), geo-redundant backup (fixed at creation), `protect`,
  retain on delete and a CanNotDelete lock (Azure has no final snapshot: a retained, locked server is it).
- Storage auto-grow on: a full disk stops the server, so the service grows it when it nears full. The size is
  therefore sent once, at creation, then ignored (`SERVICE_OWNED`): a grow doubles a Premium SSD disk
  (learn.microsoft.com/azure/postgresql/flexible-server/how-to-auto-grow-storage-portal) and storage can be
  scaled up but never down (learn.microsoft.com/azure/postgresql/flexible-server/concepts-storage), so an update
  resending the catalog size after one grow asks for a shrink and fails. Raise the size by hand
  (`az postgres flexible-server update --storage-size`) when it must grow ahead of auto-grow.
- Zones set explicitly (primary, and standby with HA) so the second run reads back what it sent; both are then
  ignored, because an HA failover swaps them (a refreshed state must not plan a replacement of the server).
- Create-only (`CREATE_ONLY`, replaced on change): the server name, the admin login, the networking mode
  (delegated subnet and private DNS zone: "you can't change the networking option after the server is
  created", concepts-networking-private) and geo-redundant backup ("can only be configured at server creation
  time", concepts-backup-restore).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
import pulumi_random as random
from pulumi_azure_native import dbforpostgresql, privatedns

from components.azure.access import ZONE_LOCATION
from components.azure.locks import delete_lock
from components.azure.names import postgres_server_name
from components.catalog.databases import POSTGRES_MAJOR_VERSION
from components.catalog.services import MLFLOW_DATABASE, MLFLOW_DATABASE_USER
from components.plan import ClusterPlan
from components.spec import Environment

PORT = 5432
BACKUP_DAYS: Mapping[Environment, int] = MappingProxyType({
    Environment.DEV: 7,
    Environment.STAGING: 7,
    Environment.PROD: 35,
})
ENABLED = "Enabled"
DISABLED = "Disabled"
HA_ZONE_REDUNDANT = "ZoneRedundant"
NO_HA_TIER = "Burstable"  # Burstable classes cannot run high availability
SECURE_TRANSPORT = "require_secure_transport"
ON = "ON"
USER_OVERRIDE = "user-override"
CHARSET = "UTF8"
COLLATION = "en_US.utf8"
PASSWORD_LENGTH = 32
PASSWORD_SPECIALS = "-_"  # URL-safe: the password goes into a SQLAlchemy URL
# Inputs the service fixes at creation (camelCase wire paths): a change replaces the server.
CREATE_ONLY = (
    "serverName",
    "administratorLogin",
    "network.delegatedSubnetResourceId",
    "network.privateDnsZoneArmResourceId",
    "backup.geoRedundantBackup",
)
FAILOVER_SWAPS = ("availabilityZone", "highAvailability.standbyAvailabilityZone")
SERVICE_OWNED = ("storage.storageSizeGB",)  # auto-grow owns the size after creation


def private_zone_name(plan: ClusterPlan) -> str:
    return f"{plan.name}.private.postgres.database.azure.com"


@dataclass(frozen=True, kw_only=True)
class DatabaseArgs:
    plan: ClusterPlan
    resource_group_name: pulumi.Input[str]
    subscription_id: pulumi.Input[str]
    subnet_id: pulumi.Input[str]  # the delegated database subnet
    vnet_id: pulumi.Input[str]


class Database(pulumi.ComponentResource):
    """A private, TLS-only flexible server with MLflow's database, reachable only from the cluster's nodes."""

    host: pulumi.Output[str]
    password: pulumi.Output[str]
    ready: tuple[pulumi.Resource, ...]

    def __init__(self, name: str, args: DatabaseArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:Database", name, None, opts)
        plan = args.plan
        mlflow = plan.services.mlflow
        if mlflow is None:
            raise ValueError("Database needs a plan with services.mlflow")
        child = pulumi.ResourceOptions(parent=self)
        cls = mlflow.database
        ha = mlflow.high_availability and cls.tier != NO_HA_TIER and len(plan.zones) > 1
        zone = privatedns.PrivateZone(
            f"{name}-dns",
            private_zone_name=private_zone_name(plan),
            resource_group_name=args.resource_group_name,
            location=ZONE_LOCATION,
            tags=dict(plan.tags),
            opts=pulumi.ResourceOptions(parent=self, protect=plan.protect),
        )
        link = privatedns.VirtualNetworkLink(
            f"{name}-dns-link",
            virtual_network_link_name="link-vnet",
            private_zone_name=zone.name,
            resource_group_name=args.resource_group_name,
            location=ZONE_LOCATION,
            virtual_network=privatedns.SubResourceArgs(id=args.vnet_id),
            registration_enabled=False,
            tags=dict(plan.tags),
            opts=child,
        )
        password = random.RandomPassword(
            f"{name}-password",
            length=PASSWORD_LENGTH,
            special=True,
            override_special=PASSWORD_SPECIALS,
            opts=child,
        )
        self.password = pulumi.Output.secret(password.result)
        server = dbforpostgresql.Server(
            name,
            server_name=pulumi.Output.from_input(args.subscription_id).apply(lambda s: postgres_server_name(s, plan)),
            resource_group_name=args.resource_group_name,
            location=plan.region,
            version=POSTGRES_MAJOR_VERSION,
            sku=dbforpostgresql.SkuArgs(name=cls.instance_class, tier=cls.tier),
            storage=dbforpostgresql.StorageArgs(storage_size_gb=cls.storage_gib, auto_grow=ENABLED),
            backup=dbforpostgresql.BackupArgs(
                backup_retention_days=BACKUP_DAYS[plan.environment],
                geo_redundant_backup=ENABLED if plan.prod else DISABLED,
            ),
            high_availability=dbforpostgresql.HighAvailabilityArgs(
                mode=HA_ZONE_REDUNDANT, standby_availability_zone=plan.zones[1]
            ) if ha else dbforpostgresql.HighAvailabilityArgs(mode=DISABLED),
            availability_zone=plan.zones[0] if plan.zones else None,
            network=dbforpostgresql.NetworkArgs(
                delegated_subnet_resource_id=args.subnet_id,
                private_dns_zone_arm_resource_id=zone.id,
                public_network_access=DISABLED,
            ),
            auth_config=dbforpostgresql.AuthConfigArgs(password_auth=ENABLED, active_directory_auth=DISABLED),
            administrator_login=MLFLOW_DATABASE_USER,
            administrator_login_password=self.password,
            tags=dict(plan.tags),
            opts=pulumi.ResourceOptions(
                parent=self,
                depends_on=[link],
                protect=plan.protect,
                retain_on_delete=plan.protect,
                replace_on_changes=list(CREATE_ONLY),
                ignore_changes=[*FAILOVER_SWAPS, *SERVICE_OWNED],
                additional_secret_outputs=["administratorLoginPassword"],
            ),
        )
        tls = dbforpostgresql.Configuration(
            f"{name}-tls",
            configuration_name=SECURE_TRANSPORT,
            server_name=server.name,
            resource_group_name=args.resource_group_name,
            value=ON,
            source=USER_OVERRIDE,
            opts=child,
        )
        database = dbforpostgresql.Database(
            f"{name}-mlflow",
            database_name=MLFLOW_DATABASE,
            server_name=server.name,
            resource_group_name=args.resource_group_name,
            charset=CHARSET,
            collation=COLLATION,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[tls], protect=plan.protect),
        )
        ready: list[pulumi.Resource] = [tls, database]
        if plan.protect:
            ready.append(delete_lock(f"{name}-lock", server.id, "MLflow's tracking database", child))
        self.host = server.fully_qualified_domain_name.apply(lambda h: h or "")
        self.ready = tuple(ready)
        self.register_outputs({"host": self.host})
