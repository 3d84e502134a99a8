"""Kubernetes MAJOR.MINOR versions on each managed service, with the end of standard support of each.

A row's ``end_of_standard_support`` is read from the service's calendar where the calendar gives a day; where it
does not yet, the day is derived from the service's written policy and ``end_estimated`` says so (the rule used
is in ``note``). ``supported_versions`` lists the versions in standard support on the catalog's review date; the
support rule compares a stack's version with the day of the run (``clock.today()``): an error past the end, a
``plan`` warning within ``SUPPORT_WARNING_DAYS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog import sources_versions as vsrc
from components.catalog.errors import CatalogError
from components.catalog.freshness import CATALOG_REVIEWED
from components.catalog.types import Source
from components.spec.enums import Cloud

SUPPORT_WARNING_DAYS = 60
"""``plan`` warns when a stack's Kubernetes version leaves standard support within this many days."""

AS_OF = CATALOG_REVIEWED
"""The day the calendars were last reviewed; ``supported_versions`` lists the versions supported on it."""


@dataclass(frozen=True)
class KubernetesVersion:
    """One minor version on one managed service and the last day of its standard support."""

    cloud: Cloud
    version: str
    end_of_standard_support: date
    source: Source
    end_estimated: bool = False
    note: str = ""


_EKS_RULE = "estimated: upstream release + 15 months (EKS: 14 months from its EKS release, 5-6 weeks after upstream)"
_GKE_RULE = "estimated: upstream release + 14 months (GKE's support period; 1.35 ended 14.4 months after upstream)"
_AKS_RULE = "estimated: AKS supports each GA minor 12 months and keeps three GA minors"

_ROWS: tuple[KubernetesVersion, ...] = (
    KubernetesVersion(Cloud.AWS, "1.34", date(2026, 12, 2), vsrc.EKS_CALENDAR),
    KubernetesVersion(Cloud.AWS, "1.35", date(2027, 3, 27), vsrc.EKS_EOL_DATES),
    KubernetesVersion(Cloud.AWS, "1.36", date(2027, 7, 22), vsrc.K8S_1_36, True, _EKS_RULE),
    KubernetesVersion(Cloud.AWS, "1.37", date(2027, 11, 26), vsrc.K8S_1_37, True, _EKS_RULE),
    KubernetesVersion(Cloud.GCP, "1.34", date(2026, 8, 30), vsrc.GKE_EOL_DATES),
    KubernetesVersion(Cloud.GCP, "1.35", date(2027, 2, 28), vsrc.GKE_EOL_DATES),
    KubernetesVersion(Cloud.GCP, "1.36", date(2027, 6, 22), vsrc.K8S_1_36, True, _GKE_RULE),
    KubernetesVersion(Cloud.GCP, "1.37", date(2027, 10, 26), vsrc.K8S_1_37, True, _GKE_RULE),
    KubernetesVersion(
        Cloud.AZURE, "1.34", date(2026, 12, 31), vsrc.AKS_2026_09_04, True,
        _AKS_RULE + "; 1.34 leaves when 1.37 (in preview on 2026-09-04) goes GA, expected by the end of 2026",
    ),
    KubernetesVersion(
        Cloud.AZURE, "1.35", date(2027, 4, 7), vsrc.AKS_1_35_GA, True, _AKS_RULE + "; 1.35 GA 2026-04-07"
    ),
    KubernetesVersion(
        Cloud.AZURE, "1.36", date(2027, 6, 22), vsrc.AKS_2026_09_04, True,
        _AKS_RULE + "; GA date not read, upstream release + 14 months",
    ),
)

VERSIONS: Mapping[tuple[Cloud, str], KubernetesVersion] = MappingProxyType({(r.cloud, r.version): r for r in _ROWS})
"""(cloud, MAJOR.MINOR) -> calendar row, including versions that already left standard support."""

SUPPORTED_VERSIONS: Mapping[Cloud, tuple[str, ...]] = MappingProxyType(
    {
        cloud: tuple(r.version for r in _ROWS if r.cloud is cloud and r.end_of_standard_support >= AS_OF)
        for cloud in Cloud
    }
)
"""Oldest first, newest last: the versions in standard support on ``AS_OF``."""

SOURCES: Mapping[Cloud, Source] = MappingProxyType(
    {Cloud.AWS: vsrc.EKS_CALENDAR, Cloud.GCP: vsrc.GKE_EOL_DATES, Cloud.AZURE: vsrc.AKS_2026_09_04}
)


def supported_versions(cloud: Cloud) -> tuple[str, ...]:
    """MAJOR.MINOR versions in standard support on ``cloud`` on the catalog's review date, oldest first."""
    return SUPPORTED_VERSIONS[cloud]


def kubernetes_version(cloud: Cloud, version: str) -> KubernetesVersion:
    """The calendar row of ``version`` on ``cloud``; raises CatalogError listing the known versions."""
    try:
        return VERSIONS[(cloud, version)]
    except KeyError:
        known = ", ".join(v for c, v in VERSIONS if c is cloud)
        raise CatalogError(f"Kubernetes {version} is not in the {cloud} calendar; known: {known}") from None


def days_of_support_left(cloud: Cloud, version: str, today: date) -> int:
    """Days from ``today`` to the end of standard support (negative once it has passed)."""
    return (kubernetes_version(cloud, version).end_of_standard_support - today).days


def support_warning(cloud: Cloud, version: str, today: date) -> str | None:
    """A sentence for ``plan`` when ``version`` leaves standard support within ``SUPPORT_WARNING_DAYS``; else None."""
    row = VERSIONS.get((cloud, version))
    if row is None:
        return None
    left = (row.end_of_standard_support - today).days
    if left > SUPPORT_WARNING_DAYS or left < 0:
        return None
    newer = [v for v in supported_versions(cloud) if _minor(v) > _minor(version)]
    estimated = " (estimated date)" if row.end_estimated else ""
    return (
        f"Kubernetes {version} leaves standard support on {cloud} on {row.end_of_standard_support}{estimated}, "
        f"in {left} days; upgrade to {', '.join(newer) or 'a newer version'}"
    )


def _minor(version: str) -> int:
    return int(version.split(".")[1])
