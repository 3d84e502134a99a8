"""The ML workflow's identities on AWS: Ray (reads data/, reads and writes checkpoints/) and serving (reads
mlflow/, where registered models live), each an IAM role that one Kubernetes service account assumes through EKS
Pod Identity, beside MLflow's own (mlflow.py); and the URIs the workloads read and write.

Pod Identity, not the node role: EKS nodes keep IMDS at hop limit 1, so a pod cannot borrow the node's
credentials, and it must not (the node role has no bucket access). The Pod Identity agent add-on injects the
role's credentials into every container of a pod running as the bound account, init containers included (KServe's
storage initializer): boto3 >= 1.34.41 and the AWS SDKs' container credential provider read them.
Sources: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html,
https://docs.aws.amazon.com/eks/latest/userguide/pod-id-minimum-sdk.html

KServe's storage initializer takes `s3://<bucket>/<key prefix>` (kserve_storage.py `_S3_PREFIX`, v0.20.0): the
serving URI is the MLflow prefix, and a registered model's `models:/` source maps under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pulumi

from components.aws.identity import PodIdentity, PodIdentityArgs
from components.aws.mlflow import region_env
from components.aws.object_store import ArtifactBucket, prefix_access_policy
from components.catalog.service_names import CHECKPOINT_PREFIX, DATA_PREFIX, MLFLOW_ARTIFACT_PREFIX
from components.catalog.workloads import WORKLOAD_GRANTS, WorkloadGrant, workflow_roles
from components.handle import RayStorage, WorkloadIdentity
from components.plan import ClusterPlan


def workload_identity(
    name: str,
    plan: ClusterPlan,
    grant: WorkloadGrant,
    bucket: ArtifactBucket,
    cluster_name: pulumi.Input[str],
    parent: pulumi.Resource,
) -> WorkloadIdentity:
    """`<name>-<role>-identity`: the role, its inline prefix policy and its Pod Identity association."""
    identity = PodIdentity(
        f"{name}-{grant.role}-identity",
        PodIdentityArgs(
            cluster_name=cluster_name,
            namespace=grant.namespace,
            service_account=grant.service_account,
            policy=pulumi.Output.all(bucket.bucket_arn, bucket.key_arn).apply(
                lambda v: prefix_access_policy(str(v[0]), str(v[1]), grant)
            ),
            tags=plan.tags,
        ),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    # Pod Identity needs nothing on the service account or the pods: the association is the whole binding.
    return WorkloadIdentity(
        namespace=grant.namespace,
        service_account=grant.service_account,
        annotations=MappingProxyType({}),
        pod_labels=MappingProxyType({}),
        ready=(identity, *bucket.ready),
    )


def workflow_identities(
    name: str,
    plan: ClusterPlan,
    bucket: ArtifactBucket,
    cluster_name: pulumi.Input[str],
    parent: pulumi.Resource,
) -> Mapping[str, WorkloadIdentity]:
    """Ray's and serving's identities, each only when its service is enabled."""
    roles = workflow_roles(ray=plan.services.ray is not None, kserve=plan.services.kserve)
    return MappingProxyType({
        role: workload_identity(name, plan, WORKLOAD_GRANTS[role], bucket, cluster_name, parent) for role in roles
    })


def serving_uri(bucket: ArtifactBucket) -> pulumi.Output[str]:
    return bucket.prefix_uri(MLFLOW_ARTIFACT_PREFIX)


def ray_storage(plan: ClusterPlan, bucket: ArtifactBucket) -> RayStorage | None:
    """s3:// URIs (pyarrow and s3fs both take them) and the region, which pyarrow otherwise looks up per bucket."""
    if plan.services.ray is None:
        return None
    return RayStorage(
        data_uri=bucket.prefix_uri(DATA_PREFIX),
        checkpoint_uri=bucket.prefix_uri(CHECKPOINT_PREFIX),
        env=region_env(plan.region),
    )

