"""Keys, bucket ownership and database availability: the data plane's day-2 protections."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs, StackValidationArgs

from policies import resources as res
from policies.security_baseline.azure import KEY_VAULT_KEY, key_vault_key_rotation
from policies.security_baseline.storage import siblings

AWS_KMS_KEY = "aws:kms/key:Key"
GCP_CRYPTO_KEY = "gcp:kms/cryptoKey:CryptoKey"
OWNER_ENFORCED = "BucketOwnerEnforced"
HA_ENVIRONMENTS = "haEnvironments"
MAX_ROTATION_DAYS = 90  # CIS GCP 1.10 / CKV_GCP_43: rotate at most every 90 days
SECONDS = re.compile(r"^(\d+(?:\.\d+)?)s$")
DAY_SECONDS = 86400


def _gcp_rotation(props: Mapping[str, Any]) -> list[str]:
    period = res.get(props, "rotationPeriod")
    found = SECONDS.match(str(period)) if period is not None else None
    if found is None:
        return ["no rotationPeriod; set one of at most 90 days"]
    days = float(found.group(1)) / DAY_SECONDS
    return [f"rotates every {days:g} days, over {MAX_ROTATION_DAYS}"] if days > MAX_ROTATION_DAYS else []


ROTATION: Mapping[str, Any] = MappingProxyType(
    {
        AWS_KMS_KEY: lambda p: [] if res.get(p, "enableKeyRotation") is True else ["automatic rotation is off"],
        GCP_CRYPTO_KEY: _gcp_rotation,
        KEY_VAULT_KEY: key_vault_key_rotation,
    }
)


def keys_rotated(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Customer-managed keys rotate automatically (AWS KMS yearly; Cloud KMS at most every 90 days; Key Vault keys
    before their rotated versions expire, within two years)."""
    check = ROTATION.get(args.resource_type)
    for problem in check(args.props) if check else []:
        report(f"key {args.name}: {problem}", None)


def buckets_owner_enforced(args: StackValidationArgs, report: ReportViolation) -> None:
    """S3 buckets disable ACLs: object ownership BucketOwnerEnforced (the bucket owner owns every object)."""
    for bucket in (r for r in args.resources if r.resource_type == res.S3_BUCKET):
        rules = [res.get(c.props, "rule", "objectOwnership") for c in siblings(args, bucket, res.S3_OWNERSHIP)]
        if OWNER_ENFORCED not in rules:
            found = ", ".join(sorted(str(r) for r in rules)) or "no ownership controls"
            report(f"S3 bucket {bucket.name}: {found}; set object ownership {OWNER_ENFORCED} (ACLs off)", bucket.urn)


def _highly_available(resource_type: str, props: Mapping[str, Any]) -> bool:
    if resource_type == res.RDS_INSTANCE:
        return res.get(props, "multiAz") is True
    if resource_type == res.CLOUD_SQL:
        return bool(res.get(props, "settings", "availabilityType") == "REGIONAL")
    mode = res.get(props, "highAvailability", "mode")
    return mode not in (None, "Disabled")


def databases_highly_available(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Databases in the configured environments (prod) survive a zone: RDS Multi-AZ, Cloud SQL regional, Azure
    zone-redundant or same-zone HA."""
    if args.resource_type not in res.DATABASES:
        return
    env = res.environment(args.resource_type, args.props)
    if env in args.get_config()[HA_ENVIRONMENTS] and not _highly_available(args.resource_type, args.props):
        report(f"database {args.name} runs in one zone in {env}; make it highly available", None)
