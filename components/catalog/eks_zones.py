"""AZ IDs where EKS refuses cluster subnets (never a cluster zone, never a source of a spot price), and the AZ IDs
that offer a type where a newer reading than the EC2 price snapshot's per-zone rows exists."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from components.catalog.types import Source

EKS_DISALLOWED_AZ_IDS: Mapping[str, frozenset[str]] = MappingProxyType({
    "us-east-1": frozenset({"use1-az3"}),
    "us-west-1": frozenset({"usw1-az2"}),
    "ca-central-1": frozenset({"cac1-az3"}),
})
"""Region -> AZ IDs where EKS cluster subnets can't reside, as listed on ``sources.EKS_SUBNET_REQUIREMENTS``
(``UnsupportedAvailabilityZoneException``)."""

ZONE_OFFERINGS_SOURCE = Source(
    "EC2 instance type offerings by Availability Zone ID (describe-instance-type-offerings --location-type "
    "availability-zone-id --filters Name=instance-type,Values=<type>), as read in the second deployability review "
    "(issue 18); the EC2 snapshot's per-zone rows (prices_aws.SPOT_BY_ZONE, data no newer than 2025-05-31) are older",
    "https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-regions.html",
    date(2026, 12, 6),
)
AZ_OFFERINGS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "p4de.24xlarge": MappingProxyType({"us-east-1": ("use1-az4", "use1-az6")}),
})
"""Machine type -> region -> AZ IDs offering it (``ZONE_OFFERINGS_SOURCE``); wins over the snapshot's zones for that
region. Re-read a row with the command in the source before relying on it for a new region."""
