"""What MLflow needs from Azure, as the cloud-neutral MlflowBackend: artifact store, database, workload identity."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from components.azure.database import PORT, Database, DatabaseArgs
from components.azure.identity import MlflowIdentity, MlflowIdentityArgs
from components.azure.object_store import ACCOUNT_NAME_ENV, ObjectStore, ObjectStoreArgs
from components.catalog.services import MLFLOW_DATABASE, MLFLOW_DATABASE_USER
from components.handle import ArtifactStore, DatabaseConnection, MlflowBackend
from components.plan import ClusterPlan


@dataclass(frozen=True, kw_only=True)
class BackendInputs:
    """Where the data plane goes: the network's group and subnets, and the cluster's OIDC issuer."""

    resource_group_name: pulumi.Input[str]
    subscription_id: pulumi.Input[str]
    vnet_id: pulumi.Input[str]
    database_subnet_id: pulumi.Input[str]
    nodes_subnet_id: pulumi.Input[str]  # the artifact account admits only this subnet
    oidc_issuer_url: pulumi.Input[str]


@dataclass(frozen=True)
class MlflowData:
    """The handle's MlflowBackend and the store, whose other prefixes the workflow's identities share."""

    backend: MlflowBackend
    store: ObjectStore


def mlflow_backend(name: str, plan: ClusterPlan, where: BackendInputs, opts: pulumi.ResourceOptions) -> MlflowData:
    store = ObjectStore(
        f"{name}-artifacts",
        ObjectStoreArgs(
            plan=plan,
            resource_group_name=where.resource_group_name,
            subscription_id=where.subscription_id,
            subnet_id=where.nodes_subnet_id,
        ),
        opts,
    )
    database = Database(
        f"{name}-database",
        DatabaseArgs(
            plan=plan,
            resource_group_name=where.resource_group_name,
            subscription_id=where.subscription_id,
            subnet_id=where.database_subnet_id,
            vnet_id=where.vnet_id,
        ),
        opts,
    )
    identity = MlflowIdentity(
        f"{name}-mlflow-identity",
        MlflowIdentityArgs(
            plan=plan,
            resource_group_name=where.resource_group_name,
            subscription_id=where.subscription_id,
            oidc_issuer_url=where.oidc_issuer_url,
            container_id=store.container_id,
        ),
        opts,
    )
    return MlflowData(store=store, backend=MlflowBackend(
        artifacts=ArtifactStore(
            mlflow_uri=store.mlflow_uri,
            fsspec_uri=store.fsspec_uri,
            env={ACCOUNT_NAME_ENV: store.account_name},
            ready=store.ready,
        ),
        database=DatabaseConnection(
            host=database.host,
            port=PORT,
            database=MLFLOW_DATABASE,
            username=MLFLOW_DATABASE_USER,
            password=database.password,
            ready=database.ready,
        ),
        identity=identity.binding,
    ))
