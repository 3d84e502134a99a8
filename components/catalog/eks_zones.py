"""AZ IDs where EKS refuses cluster subnets: never a cluster zone, never a source of a spot price."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

EKS_DISALLOWED_AZ_IDS: Mapping[str, frozenset[str]] = MappingProxyType({
    "us-east-1": frozenset({"use1-az3"}),
    "us-west-1": frozenset({"usw1-az2"}),
    "ca-central-1": frozenset({"cac1-az3"}),
})
"""Region -> AZ IDs where EKS cluster subnets can't reside, as listed on ``sources.EKS_SUBNET_REQUIREMENTS``
(``UnsupportedAvailabilityZoneException``)."""
