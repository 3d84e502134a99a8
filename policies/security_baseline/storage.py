"""Buckets and databases: not public, encrypted, versioned or backed up, TLS only, deletion-protected in prod.

In pulumi-aws 7 an S3 bucket's public access block, encryption, versioning and policy are sibling resources,
as are Azure's blob service properties and PostgreSQL server parameters: stack policies link each sibling to
its bucket or server through the sibling's property dependencies (its `bucket` is unknown at preview, the
dependency is not), falling back to equal names when both are known.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from pulumi_policy import PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from policies import resources as res

MIN_BACKUP_DAYS = "minBackupRetentionDays"
CLOUD_SQL_DEFAULT_BACKUPS = 7  # https://cloud.google.com/sql/docs/postgres/backup-recovery/backups#retention
PROTECTED_ENVIRONMENTS = "protectedEnvironments"
S3_BLOCKS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
TLS_VERSIONS = ("TLS1_2", "TLS1_3")
KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")
UNREADABLE_POLICY = (
    " (a JSON string built from unknown ARNs cannot be read before the bucket exists; pass a policy document object)"
)
CLOUD_SQL_TLS_MODES = ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
RDS_TLS_PARAMETERS = ("rds.force_ssl", "require_secure_transport")
AZURE_TLS_PARAMETER = "require_secure_transport"

# sibling type -> (its property naming the parent, the parent's property holding that name, the parent type)
LINKS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        res.S3_PUBLIC_ACCESS_BLOCK: ("bucket", "bucket", res.S3_BUCKET),
        res.S3_ENCRYPTION: ("bucket", "bucket", res.S3_BUCKET),
        res.S3_VERSIONING: ("bucket", "bucket", res.S3_BUCKET),
        res.S3_POLICY: ("bucket", "bucket", res.S3_BUCKET),
        res.S3_OWNERSHIP: ("bucket", "bucket", res.S3_BUCKET),
        res.AZURE_BLOB_SERVICE: ("accountName", "accountName", res.AZURE_STORAGE_ACCOUNT),
        res.AZURE_POSTGRES_CONFIG: ("serverName", "serverName", res.AZURE_POSTGRES),
    }
)


def _known(props: Mapping[str, Any], key: str) -> Any:
    try:
        return res.get(props, key)
    except UnknownValueError:
        return None


def siblings(args: StackValidationArgs, parent: PolicyResource, sibling_type: str) -> list[PolicyResource]:
    """Resources of ``sibling_type`` that configure ``parent``."""
    key, parent_key, _ = LINKS[sibling_type]
    name = _known(parent.props, parent_key)
    found = []
    for other in args.resources:
        if other.resource_type != sibling_type:
            continue
        linked = parent in other.property_dependencies.get(key, []) or parent in other.dependencies
        if linked or (name is not None and _known(other.props, key) == name):
            found.append(other)
    return found


def _parameter_group(args: StackValidationArgs, instance: PolicyResource) -> list[PolicyResource]:
    by_dependency = instance.property_dependencies.get("parameterGroupName", [])
    name = _known(instance.props, "parameterGroupName")
    return [
        r
        for r in args.resources
        if r.resource_type == res.RDS_PARAMETER_GROUP
        and (r in by_dependency or (name and _known(r.props, "name") == name))
    ]


def _of_type(args: StackValidationArgs, *types: str) -> Iterator[PolicyResource]:
    return (r for r in args.resources if r.resource_type in types)


def buckets_not_public(args: StackValidationArgs, report: ReportViolation) -> None:
    """Buckets block public access (S3 public access block, GCS public access prevention, no Azure blob access)."""
    for bucket in _of_type(args, *res.BUCKETS):
        props, kind = bucket.props, bucket.resource_type
        if kind == res.S3_BUCKET:
            blocks = siblings(args, bucket, res.S3_PUBLIC_ACCESS_BLOCK)
            off = [k for k in S3_BLOCKS if not any(res.get(b.props, k) is True for b in blocks)]
            if off:
                report(f"S3 bucket {bucket.name}: public access block lacks {', '.join(off)}", bucket.urn)
        elif kind == res.GCS_BUCKET:
            if res.get(props, "publicAccessPrevention") != "enforced":
                report(f"GCS bucket {bucket.name}: set publicAccessPrevention: enforced", bucket.urn)
            if res.get(props, "uniformBucketLevelAccess") is not True:
                report(f"GCS bucket {bucket.name}: set uniformBucketLevelAccess (no per-object ACLs)", bucket.urn)
        elif res.get(props, "allowBlobPublicAccess") is not False:
            report(f"storage account {bucket.name}: set allowBlobPublicAccess: false", bucket.urn)


def buckets_encrypted(args: StackValidationArgs, report: ReportViolation) -> None:
    """S3 buckets encrypt by default with a KMS key the stack names (CKV_AWS_145: aws:kms, not AES256); GCS and
    Azure Storage always encrypt at rest. The key's ARN is a reference: present, known or not."""
    for bucket in _of_type(args, res.S3_BUCKET):
        defaults = [
            res.get(rule, "applyServerSideEncryptionByDefault")
            for c in siblings(args, bucket, res.S3_ENCRYPTION)
            for rule in res.as_list(res.get(c.props, "rules"))
        ]
        with_key = [
            d
            for d in defaults
            if res.get(d, "sseAlgorithm") in KMS_ALGORITHMS and res.present(d, "kmsMasterKeyId")
        ]
        if not with_key:
            found = sorted({str(res.get(d, "sseAlgorithm")) for d in defaults}) or ["none"]
            report(
                f"S3 bucket {bucket.name}: default encryption is {', '.join(found)}; use aws:kms with a "
                "customer-managed key (kmsMasterKeyId)",
                bucket.urn,
            )


def buckets_versioned(args: StackValidationArgs, report: ReportViolation) -> None:
    """Buckets keep object versions, so an overwrite or delete can be undone."""
    for bucket in _of_type(args, *res.BUCKETS):
        kind = bucket.resource_type
        if kind == res.S3_BUCKET:
            states = [
                res.get(v.props, "versioningConfiguration", "status") for v in siblings(args, bucket, res.S3_VERSIONING)
            ]
            versioned = "Enabled" in states
        elif kind == res.GCS_BUCKET:
            versioned = res.get(bucket.props, "versioning", "enabled") is True
        else:
            services = siblings(args, bucket, res.AZURE_BLOB_SERVICE)
            versioned = any(res.get(s.props, "isVersioningEnabled") is True for s in services)
        if not versioned:
            report(f"bucket {bucket.name}: object versioning is off", bucket.urn)


def _denies_plain_http(policy: Any) -> bool:
    """A statement denies requests without TLS. A document object is read on a first preview too (only its
    ARNs are unknown); a JSON string built from a bucket's ARN is unknown until the bucket exists, so it fails."""
    if policy is res.UNKNOWN:
        return False
    try:
        document = json.loads(policy) if isinstance(policy, str) else policy
    except json.JSONDecodeError:
        return False
    for statement in res.as_list(res.get(document, "Statement")):
        secure = res.get(statement, "Condition", "Bool", "aws:SecureTransport")
        if res.get(statement, "Effect") == "Deny" and str(secure).lower() == "false":
            return True
    return False


def buckets_tls_only(args: StackValidationArgs, report: ReportViolation) -> None:
    """Buckets refuse plain HTTP (S3: a policy denying aws:SecureTransport false; Azure: HTTPS only, TLS 1.2+)."""
    for bucket in _of_type(args, res.S3_BUCKET, res.AZURE_STORAGE_ACCOUNT):
        if bucket.resource_type == res.S3_BUCKET:
            policies = siblings(args, bucket, res.S3_POLICY)
            documents = [res.peek(p.props, "policy") for p in policies]
            if not any(_denies_plain_http(d) for d in documents):
                unread = UNREADABLE_POLICY if res.UNKNOWN in documents else ""
                message = f"S3 bucket {bucket.name}: no bucket policy denies aws:SecureTransport false{unread}"
                report(message, bucket.urn)
            continue
        if res.get(bucket.props, "enableHttpsTrafficOnly") is False:
            report(f"storage account {bucket.name}: plain HTTP is allowed (enableHttpsTrafficOnly)", bucket.urn)
        if res.get(bucket.props, "minimumTlsVersion") not in TLS_VERSIONS:
            report(f"storage account {bucket.name}: set minimumTlsVersion: TLS1_2", bucket.urn)


def databases_not_public(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Databases have no public endpoint."""
    props, kind = args.props, args.resource_type
    if kind == res.RDS_INSTANCE and res.get(props, "publiclyAccessible") is True:
        report(f"{args.name}: publiclyAccessible is true", None)
    elif kind == res.CLOUD_SQL and res.get(props, "settings", "ipConfiguration", "ipv4Enabled") is not False:
        report(f"{args.name}: a public IPv4 address is assigned; set settings.ipConfiguration.ipv4Enabled: false", None)
    elif kind == res.AZURE_POSTGRES and res.get(props, "network", "publicNetworkAccess") != "Disabled":
        report(f"{args.name}: public network access is on; set network.publicNetworkAccess: Disabled", None)


def databases_encrypted(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """RDS storage is encrypted (Cloud SQL and Azure PostgreSQL always encrypt at rest)."""
    if args.resource_type == res.RDS_INSTANCE and res.get(args.props, "storageEncrypted") is not True:
        report(f"{args.name}: storageEncrypted is not true", None)


def databases_tls_enforced(args: StackValidationArgs, report: ReportViolation) -> None:
    """Databases refuse unencrypted connections."""
    for db in _of_type(args, *res.DATABASES):
        if db.resource_type == res.RDS_INSTANCE:
            params = [p for g in _parameter_group(args, db) for p in res.as_list(res.get(g.props, "parameters"))]
            forced = any(
                res.get(p, "name") in RDS_TLS_PARAMETERS and str(res.get(p, "value")) in ("1", "ON") for p in params
            )
            if not forced:
                report(f"RDS instance {db.name}: its parameter group does not set rds.force_ssl=1", db.urn)
        elif db.resource_type == res.CLOUD_SQL:
            mode = res.get(db.props, "settings", "ipConfiguration", "sslMode")
            if mode not in CLOUD_SQL_TLS_MODES:
                report(f"Cloud SQL {db.name}: sslMode is {mode or 'unset'}; use ENCRYPTED_ONLY", db.urn)
        else:
            for config in siblings(args, db, res.AZURE_POSTGRES_CONFIG):
                if res.get(config.props, "configurationName") == AZURE_TLS_PARAMETER and str(
                    res.get(config.props, "value")
                ).lower() in ("off", "0", "false"):
                    report(f"PostgreSQL server {db.name}: require_secure_transport is off", db.urn)


def databases_backed_up(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Databases keep automated backups for at least the configured number of days."""
    days = int(args.get_config()[MIN_BACKUP_DAYS])
    props, kind = args.props, args.resource_type
    if kind == res.RDS_INSTANCE:
        kept = res.as_int(res.get(props, "backupRetentionPeriod"))
        if kept is None or kept < days:
            report(
                f"{args.name}: backups kept {kept if kept is not None else 'the default 1'} day(s), under {days}", None
            )
    elif kind == res.CLOUD_SQL:
        backups = res.get(props, "settings", "backupConfiguration")
        if res.get(backups, "enabled") is not True:
            report(f"{args.name}: automated backups are off (settings.backupConfiguration.enabled)", None)
            return
        # one automated backup a day; Cloud SQL keeps 7 unless told otherwise
        kept = res.as_int(res.get(backups, "backupRetentionSettings", "retainedBackups")) or CLOUD_SQL_DEFAULT_BACKUPS
        if kept < days:
            report(f"{args.name}: {kept} daily backup(s) retained, under {days} (backupRetentionSettings)", None)
    elif kind == res.AZURE_POSTGRES:
        kept = res.as_int(res.get(props, "backup", "backupRetentionDays")) or 7  # the service default
        if kept < days:
            report(f"{args.name}: backups kept {kept} day(s), under {days}", None)


def databases_deletion_protected(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """In protected environments (prod) databases cannot be deleted by a mistaken update."""
    kind = args.resource_type
    if kind not in res.DATABASES:
        return
    env = res.environment(kind, args.props)
    if env not in args.get_config()[PROTECTED_ENVIRONMENTS]:
        return
    props = args.props
    if kind == res.RDS_INSTANCE and res.get(props, "deletionProtection") is not True:
        report(f"{args.name}: deletionProtection is off in {env}", None)
    elif kind == res.CLOUD_SQL and (
        res.get(props, "deletionProtection") is False
        or res.get(props, "settings", "deletionProtectionEnabled") is not True
    ):
        report(f"{args.name}: set deletionProtection and settings.deletionProtectionEnabled in {env}", None)
    elif kind == res.AZURE_POSTGRES and not args.opts.protect:
        report(f"{args.name}: not protected in {env}; set the protect resource option", None)
