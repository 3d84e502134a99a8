"""Kubernetes MAJOR.MINOR versions in standard support on each managed service, per its release calendar."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import sources as src
from components.catalog.types import Source
from components.spec.enums import Cloud

AS_OF = src.READ
"""The day the calendars were read; a version is listed if in standard support on that day."""

SUPPORTED_VERSIONS: Mapping[Cloud, tuple[str, ...]] = MappingProxyType(
    {
        # EKS: 14 months of standard support; 1.34 ends 2026-12-02, 1.35 on 2027-03-27; 1.36 is on EKS.
        Cloud.AWS: ("1.34", "1.35", "1.36"),
        # GKE: 1.34 left standard support 2026-08-30; 1.35 until 2027-02-28; 1.36 released upstream 2026-04-22.
        Cloud.GCP: ("1.35", "1.36"),
        # AKS: 1.35 GA since April 2026 (1.32 deprecated then); 1.36.3 and 1.35.7 patches shipped 2026-09-04 with
        # 1.37 only in preview. 1.34 also had a patch then (1.34.10) and leaves standard support when 1.37 goes GA;
        # no release note read confirms it is still in standard support on AS_OF, so only the confirmed two are listed.
        Cloud.AZURE: ("1.35", "1.36"),
    }
)
"""Oldest first, newest last."""

SOURCES: Mapping[Cloud, Source] = MappingProxyType(
    {Cloud.AWS: src.EKS_VERSIONS, Cloud.GCP: src.GKE_RELEASE_SCHEDULE, Cloud.AZURE: src.AKS_RELEASE_2026_09_04}
)


def supported_versions(cloud: Cloud) -> tuple[str, ...]:
    """MAJOR.MINOR versions in standard support on ``cloud``, oldest first."""
    return SUPPORTED_VERSIONS[cloud]
