"""MLflow's data plane on AWS: the artifact bucket, the Postgres instance and the service account's identity,
handed to the in-cluster MLflow as a cloud-neutral `MlflowBackend`.

The identity is EKS Pod Identity (identity.py): the `mlflow` service account in the `mlflow` namespace assumes a
role that may read and write under the bucket's artifact prefix and use its key, nothing else; no keys, no
annotations, no pod labels (the Pod Identity agent injects credentials into every pod of the bound account).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pulumi

from components.aws.database import PostgresDatabase, PostgresDatabaseArgs
from components.aws.identity import PodIdentity, PodIdentityArgs
from components.aws.object_store import ArtifactBucket, ArtifactBucketArgs, artifact_access_policy
from components.catalog.services import (
    MLFLOW_DATABASE,
    MLFLOW_DATABASE_USER,
    MLFLOW_NAMESPACE,
    MLFLOW_SERVICE_ACCOUNT,
)
from components.handle import ArtifactStore, DatabaseConnection, MlflowBackend, WorkloadIdentity
from components.plan import ClusterPlan
from components.plan_services import MlflowPlan

REGION_ENV = ("AWS_REGION", "AWS_DEFAULT_REGION")  # boto3 and s3fs read either


@dataclass(frozen=True)
class MlflowData:
    """The handle's MlflowBackend and the bucket itself, whose other prefixes the workflow's identities share."""

    backend: MlflowBackend
    bucket: ArtifactBucket


def region_env(region: str) -> MappingProxyType[str, str]:
    return MappingProxyType({key: region for key in REGION_ENV})


def mlflow_backend(
    name: str,
    plan: ClusterPlan,
    mlflow: MlflowPlan,
    *,
    vpc_id: pulumi.Input[str],
    subnet_ids: Sequence[pulumi.Input[str]],
    cluster_name: pulumi.Input[str],
    cluster_security_group_id: pulumi.Input[str],
    parent: pulumi.Resource,
) -> MlflowData:
    """`<name>-mlflow-artifacts`, `<name>-mlflow-db` and `<name>-mlflow-identity` under `parent`."""
    child = pulumi.ResourceOptions(parent=parent)
    bucket = ArtifactBucket(f"{name}-mlflow-artifacts", ArtifactBucketArgs(plan=plan), opts=child)
    database = PostgresDatabase(
        f"{name}-mlflow-db",
        PostgresDatabaseArgs(plan=plan, mlflow=mlflow, vpc_id=vpc_id, subnet_ids=subnet_ids,
                             client_security_group_id=cluster_security_group_id),
        opts=child,
    )
    identity = PodIdentity(
        f"{name}-mlflow-identity",
        PodIdentityArgs(
            cluster_name=cluster_name,
            namespace=MLFLOW_NAMESPACE,
            service_account=MLFLOW_SERVICE_ACCOUNT,
            policy=pulumi.Output.all(bucket.bucket_arn, bucket.key_arn).apply(
                lambda v: artifact_access_policy(str(v[0]), str(v[1]))
            ),
            tags=plan.tags,
        ),
        opts=child,
    )
    return MlflowData(backend=MlflowBackend(
        artifacts=ArtifactStore(
            mlflow_uri=bucket.artifact_uri,
            fsspec_uri=bucket.artifact_uri,
            env=region_env(plan.region),
            ready=bucket.ready,
        ),
        database=DatabaseConnection(
            host=database.address,
            port=database.port,
            database=MLFLOW_DATABASE,
            username=MLFLOW_DATABASE_USER,
            password=database.password,
            ready=(database.instance,),
        ),
        identity=WorkloadIdentity(
            namespace=MLFLOW_NAMESPACE,
            service_account=MLFLOW_SERVICE_ACCOUNT,
            annotations=MappingProxyType({}),
            pod_labels=MappingProxyType({}),
            ready=(identity,),
        ),
    ), bucket=bucket)
