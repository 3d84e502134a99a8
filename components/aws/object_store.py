"""ArtifactBucket: the S3 bucket MLflow keeps artifacts in, private at every level.

Public access blocked (all four settings) and ACLs disabled (bucket owner enforced); default encryption with a
KMS key of its own (rotated; bucket keys cut the KMS calls); versioning on, with non-current versions expired after
a retention per environment and incomplete multipart uploads aborted; a bucket policy that denies any request
not made over TLS. The name is a prefix carrying the cluster's name (bucket names are global; the generated suffix
is kept in state). In prod the bucket is protected and retained on delete, and so is everything that keeps it usable
and private once the stack is gone: its KMS key (a destroyed stack would otherwise schedule the key for deletion,
after which every artifact is unreadable), the public-access block, ownership, default encryption, versioning,
lifecycle and TLS-only policy (each of these resources' delete call removes the setting from the bucket). Outside
prod the bucket is `forceDestroy`: a dev destroy empties it (every version) instead of failing on BucketNotEmpty.
Sources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

import pulumi
import pulumi_aws as aws

from components.aws.identity import POLICY_VERSION
from components.catalog.service_names import WORKLOAD_MLFLOW
from components.catalog.services import MLFLOW_ARTIFACT_PREFIX
from components.catalog.workloads import WORKLOAD_GRANTS, WorkloadGrant
from components.plan import ClusterPlan
from components.spec import Environment

S3_SCHEME = "s3://"
BUCKET_PREFIX_MAX = 37  # S3's limit on bucket_prefix (63 minus the provider's 26-character suffix)
OWNERSHIP = "BucketOwnerEnforced"
SSE_ALGORITHM = "aws:kms"
VERSIONING = "Enabled"
RULE_ENABLED = "Enabled"
LIFECYCLE_RULE = "expire-noncurrent-versions"
ABORT_MULTIPART_DAYS = 7
KEY_USAGE = "ENCRYPT_DECRYPT"
KEY_SPEC = "SYMMETRIC_DEFAULT"
KEY_DELETION_WINDOW_DAYS = 30
SECURE_TRANSPORT = "aws:SecureTransport"
LIST_ACTIONS = ("s3:ListBucket",)
LIST_PREFIX_KEY = "s3:prefix"
READ_ACTIONS = ("s3:GetObject",)
WRITE_ACTIONS = ("s3:PutObject", "s3:DeleteObject")
KMS_READ_ACTIONS = ("kms:Decrypt",)
KMS_WRITE_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")

NONCURRENT_VERSION_DAYS: Mapping[Environment, int] = MappingProxyType({
    Environment.DEV: 30, Environment.STAGING: 30, Environment.PROD: 90,
})


def bucket_prefix(cluster_name: str) -> str:
    """`<cluster>-mlflow-`, the cluster's name shortened to fit S3's prefix limit."""
    suffix = f"-{MLFLOW_ARTIFACT_PREFIX}-"
    return f"{cluster_name[:BUCKET_PREFIX_MAX - len(suffix)].rstrip('-')}{suffix}"


def tls_only_policy(bucket_arn: pulumi.Output[str]) -> dict[str, Any]:
    """Deny every S3 action on the bucket and its objects over plain HTTP.

    A policy document object, not a JSON string: only the ARNs are unknown on a first preview, so a policy pack
    can read the statement's effect and condition before the bucket exists.
    """
    return {
        "Version": POLICY_VERSION,
        "Statement": [{
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [bucket_arn, pulumi.Output.concat(bucket_arn, "/*")],
            "Condition": {"Bool": {SECURE_TRANSPORT: "false"}},
        }],
    }


def prefix_access_policy(bucket_arn: str, key_arn: str, grant: WorkloadGrant) -> str:
    """What one workload's role may do in this bucket, and nothing else: list only under its prefixes (the
    `s3:prefix` condition: ListBucket is a bucket action, so a resource ARN cannot narrow it), read objects under
    them, put and delete objects only under its write prefixes, and use this bucket's key as far as that needs
    (decrypt to read; data keys to write). Multipart uploads need only s3:PutObject; aborted ones are reaped by the
    lifecycle rule. Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html,
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html (kms:GenerateDataKey to upload,
    kms:Decrypt to read)."""
    statements: list[dict[str, object]] = [
        {"Sid": "ListPrefixes", "Effect": "Allow", "Action": list(LIST_ACTIONS), "Resource": bucket_arn,
         "Condition": {"StringLike": {LIST_PREFIX_KEY: [v for p in grant.prefixes for v in (p, f"{p}/*")]}}},
        {"Sid": "ReadObjects", "Effect": "Allow", "Action": list(READ_ACTIONS),
         "Resource": [object_arn(bucket_arn, p) for p in grant.prefixes]},
    ]
    if grant.writes:
        statements.append({"Sid": "WriteObjects", "Effect": "Allow", "Action": list(WRITE_ACTIONS),
                           "Resource": [object_arn(bucket_arn, p) for p in grant.write]})
    statements.append({"Sid": "UseBucketKey", "Effect": "Allow",
                       "Action": list(KMS_WRITE_ACTIONS if grant.writes else KMS_READ_ACTIONS), "Resource": key_arn})
    return json.dumps({"Version": POLICY_VERSION, "Statement": statements})


def object_arn(bucket_arn: str, prefix: str) -> str:
    return f"{bucket_arn}/{prefix}/*"


def artifact_access_policy(bucket_arn: str, key_arn: str) -> str:
    """MLflow's: list, read, write and delete under the artifact prefix of this bucket, and use its key."""
    return prefix_access_policy(bucket_arn, key_arn, WORKLOAD_GRANTS[WORKLOAD_MLFLOW])


@dataclass(frozen=True, kw_only=True)
class ArtifactBucketArgs:
    plan: ClusterPlan


class ArtifactBucket(pulumi.ComponentResource):
    """A private, KMS-encrypted, versioned, TLS-only S3 bucket for MLflow artifacts."""

    bucket_name: pulumi.Output[str]
    bucket_arn: pulumi.Output[str]
    key_arn: pulumi.Output[str]
    artifact_uri: pulumi.Output[str]
    ready: tuple[pulumi.Resource, ...]  # the settings that make the bucket private and encrypted

    def prefix_uri(self, prefix: str) -> pulumi.Output[str]:
        """`s3://<bucket>/<prefix>`: what MLflow, fsspec and KServe's storage initializer all read."""
        return self.bucket_name.apply(lambda b: f"{S3_SCHEME}{b}/{prefix}")

    def __init__(self, name: str, args: ArtifactBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:aws:ArtifactBucket", name, None, opts)
        plan = args.plan
        tags = dict(plan.tags)
        stateful = pulumi.ResourceOptions(parent=self, protect=plan.protect, retain_on_delete=plan.protect)
        # The bucket's settings: deleting one of these resources deletes the setting, so prod keeps them with it.
        child = pulumi.ResourceOptions(parent=self, retain_on_delete=plan.protect)
        key = aws.kms.Key(
            f"{name}-key",
            description=f"Default encryption of the MLflow artifact bucket of {plan.name}",
            enable_key_rotation=True,
            deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
            key_usage=KEY_USAGE,
            customer_master_key_spec=KEY_SPEC,
            tags=tags,
            opts=stateful,
        )
        bucket = aws.s3.Bucket(
            name, bucket_prefix=bucket_prefix(plan.name), force_destroy=not plan.protect, tags=tags, opts=stateful
        )
        block = aws.s3.BucketPublicAccessBlock(
            name, bucket=bucket.id, block_public_acls=True, block_public_policy=True, ignore_public_acls=True,
            restrict_public_buckets=True, opts=child,
        )
        ownership = aws.s3.BucketOwnershipControls(
            name, bucket=bucket.id, rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership=OWNERSHIP),
            opts=child,
        )
        encryption = aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            bucket=bucket.id,
            rules=[aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=aws.s3.
                BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                    sse_algorithm=SSE_ALGORITHM, kms_master_key_id=key.arn
                ),
                bucket_key_enabled=True,
            )],
            opts=child,
        )
        versioning = aws.s3.BucketVersioning(
            name,
            bucket=bucket.id,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status=VERSIONING),
            opts=child,
        )
        policy = aws.s3.BucketPolicy(
            name, bucket=bucket.id, policy=cast("aws.iam.PolicyDocumentArgsDict", tls_only_policy(bucket.arn)),
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(depends_on=[block])),
        )
        aws.s3.BucketLifecycleConfiguration(
            name,
            bucket=bucket.id,
            rules=[aws.s3.BucketLifecycleConfigurationRuleArgs(
                id=LIFECYCLE_RULE,
                status=RULE_ENABLED,
                filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                    noncurrent_days=NONCURRENT_VERSION_DAYS[plan.environment]
                ),
                abort_incomplete_multipart_upload=aws.s3.
                BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                    days_after_initiation=ABORT_MULTIPART_DAYS
                ),
            )],
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(depends_on=[versioning])),
        )
        self.bucket_name = bucket.bucket
        self.bucket_arn = bucket.arn
        self.key_arn = key.arn
        self.artifact_uri = self.prefix_uri(MLFLOW_ARTIFACT_PREFIX)
        self.ready = (block, ownership, encryption, versioning, policy)
        self.register_outputs({"bucket_name": self.bucket_name, "bucket_arn": self.bucket_arn,
                               "key_arn": self.key_arn, "artifact_uri": self.artifact_uri})
