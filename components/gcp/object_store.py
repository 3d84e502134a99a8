"""MLflow's artifact store on GCP: one GCS bucket, private at every level, versioned, protected in prod.

Encryption: Google-managed keys (GCS encrypts every object at rest with AES-256 by default). A customer-managed
key would add a key, a grant to the Cloud Storage service agent and a failure mode on key disable for no
compliance need stated in the blueprint; the Secrets key (encryption.py) is the one CMEK the platform keeps.
Deletion: GCS has no deletion-protection flag; ``forceDestroy: false`` (a non-empty bucket is never deleted),
soft delete (deleted objects recoverable for 7 days), versioning, and ``protect`` + ``retainOnDelete`` in prod.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_gcp as gcp
import pulumi_random as random

from components.catalog.checkpoints import CHECKPOINT_KEY_PREFIX, CHECKPOINT_RETENTION_DAYS
from components.catalog.services import MLFLOW_ARTIFACT_PREFIX
from components.handle import ArtifactStore

STORAGE_CLASS = "STANDARD"
PUBLIC_ACCESS_PREVENTION = "enforced"
SOFT_DELETE_SECONDS = 7 * 24 * 3600
NONCURRENT_DAYS = 30
"""An overwritten or deleted artifact version is kept 30 days, then deleted (the lifecycle rule for old versions)."""
INCOMPLETE_UPLOAD_DAYS = 7
DELETE = "Delete"
ABORT_UPLOAD = "AbortIncompleteMultipartUpload"
SUFFIX_BYTES = 4
"""Bucket names are global: ``<cluster>-mlflow-<8 hex>`` is unique and still says whose bucket it is."""


def lifecycle_rules() -> list[gcp.storage.BucketLifecycleRuleArgs]:
    return [
        gcp.storage.BucketLifecycleRuleArgs(
            action=gcp.storage.BucketLifecycleRuleActionArgs(type=DELETE),
            condition=gcp.storage.BucketLifecycleRuleConditionArgs(days_since_noncurrent_time=NONCURRENT_DAYS),
        ),
        gcp.storage.BucketLifecycleRuleArgs(
            action=gcp.storage.BucketLifecycleRuleActionArgs(type=ABORT_UPLOAD),
            condition=gcp.storage.BucketLifecycleRuleConditionArgs(age=INCOMPLETE_UPLOAD_DAYS),
        ),
        gcp.storage.BucketLifecycleRuleArgs(  # Ray's checkpoints (catalog.checkpoints)
            action=gcp.storage.BucketLifecycleRuleActionArgs(type=DELETE),
            condition=gcp.storage.BucketLifecycleRuleConditionArgs(
                age=CHECKPOINT_RETENTION_DAYS, matches_prefixes=[CHECKPOINT_KEY_PREFIX]
            ),
        ),
    ]


@dataclass(frozen=True, kw_only=True)
class ArtifactBucketArgs:
    cluster_name: str
    region: str
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = False
    depends_on: Sequence[pulumi.Resource] = ()


class ArtifactBucket(pulumi.ComponentResource):
    """Callers rely on ``bucket_name`` (for the identity's bucket-scoped grant) and ``store`` (the handle's
    ArtifactStore: ``gs://<bucket>/mlflow`` for MLflow and fsspec alike)."""

    suffix: random.RandomId
    bucket: gcp.storage.Bucket
    bucket_name: pulumi.Output[str]
    store: ArtifactStore

    def __init__(self, name: str, args: ArtifactBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:ArtifactBucket", name, None, opts)
        owned = pulumi.ResourceOptions(parent=self)
        self.suffix = random.RandomId(f"{name}-suffix", byte_length=SUFFIX_BYTES, opts=owned)
        self.bucket = gcp.storage.Bucket(
            name,
            name=self.suffix.hex.apply(lambda h: f"{args.cluster_name}-mlflow-{h}"),
            location=args.region.upper(),
            storage_class=STORAGE_CLASS,
            uniform_bucket_level_access=True,
            public_access_prevention=PUBLIC_ACCESS_PREVENTION,
            versioning=gcp.storage.BucketVersioningArgs(enabled=True),
            soft_delete_policy=gcp.storage.BucketSoftDeletePolicyArgs(retention_duration_seconds=SOFT_DELETE_SECONDS),
            lifecycle_rules=lifecycle_rules(),
            force_destroy=False,
            labels=dict(args.tags),
            opts=pulumi.ResourceOptions(
                parent=self,
                depends_on=list(args.depends_on),
                protect=args.protect,
                retain_on_delete=args.protect,
            ),
        )
        self.bucket_name = self.bucket.name
        uri = self.bucket.name.apply(lambda b: f"gs://{b}/{MLFLOW_ARTIFACT_PREFIX}")
        self.store = ArtifactStore(mlflow_uri=uri, fsspec_uri=uri, env={}, ready=(self.bucket,))
        self.register_outputs({"bucket_name": self.bucket_name, "artifact_uri": uri})
