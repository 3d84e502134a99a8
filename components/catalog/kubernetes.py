"""Kubernetes MAJOR.MINOR versions on each managed service: when the service offers each one and when its standard
support ends, read from the service's own calendar.

A row's dates are the calendar's where it gives them. AKS's calendar gives months: its own rule makes a month the
month's last day, and a GA month is read the same way (the last day is the safe side: never offered too early).
Where a calendar gives no date yet, the row is derived from the service's written policy, on the side that warns
early and offers late, and ``estimated`` plus ``note`` say so and by what rule.

One function decides: ``version_problem`` says why ``validate`` refuses a version on a given day (unknown, not yet
offered, past its standard support, or not buildable by this platform), and every version it or ``support_warning``
recommends is one it accepts on that same day. The day is always passed in; ``clock.today()`` supplies it at the
edge (validation, ``plan``), and tests pin it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog import sources_versions as vsrc
from components.catalog.clock import today as clock_today
from components.catalog.eks_addons import EKS_ADDONS, eks_addon_pinned
from components.catalog.errors import CatalogError
from components.catalog.types import Source
from components.spec.enums import Cloud

SUPPORT_WARNING_DAYS = 60
"""``plan`` warns when a stack's Kubernetes version leaves standard support within this many days."""

CALENDARS_REVIEWED = vsrc.CALENDARS_READ
"""The day every row below was last checked against its calendar."""


@dataclass(frozen=True)
class KubernetesVersion:
    """One minor version on one managed service: offered from ``available_from`` (EKS release, GKE Regular channel,
    AKS GA) through ``end_of_standard_support`` (inclusive)."""

    cloud: Cloud
    version: str
    available_from: date
    end_of_standard_support: date
    source: Source
    estimated: bool = False
    note: str = ""


_EKS_137 = (
    "estimated: upstream 1.37.0 (2026-08-26) + 36 days, the shortest upstream-to-EKS gap of 1.34-1.36 (36, 42 and 41 "
    "days), then EKS's 14 months of standard support"
)
_GKE_RULE = (
    "estimated: upstream release + 34 days, the shortest upstream-to-Regular gap of 1.33-1.35 (41, 34 and 56 days), "
    "then GKE's 14 months of standard support from Regular availability"
)
_AKS_MONTHS = "AKS calendar months read as their last day"

_ROWS: tuple[KubernetesVersion, ...] = (
    KubernetesVersion(Cloud.AWS, "1.33", date(2025, 5, 29), date(2026, 7, 29), vsrc.EKS_CALENDAR),
    KubernetesVersion(Cloud.AWS, "1.34", date(2025, 10, 2), date(2026, 12, 2), vsrc.EKS_CALENDAR),
    KubernetesVersion(Cloud.AWS, "1.35", date(2026, 1, 28), date(2027, 3, 27), vsrc.EKS_EOL_DATES),
    KubernetesVersion(Cloud.AWS, "1.36", date(2026, 6, 2), date(2027, 8, 2), vsrc.EKS_1_36),
    KubernetesVersion(Cloud.AWS, "1.37", date(2026, 10, 1), date(2027, 12, 1), vsrc.K8S_1_37, True, _EKS_137),
    KubernetesVersion(Cloud.GCP, "1.33", date(2025, 6, 3), date(2026, 8, 3), vsrc.GKE_EOL_DATES),
    KubernetesVersion(Cloud.GCP, "1.34", date(2025, 9, 30), date(2026, 10, 1), vsrc.GKE_EOL_DATES),
    KubernetesVersion(Cloud.GCP, "1.35", date(2026, 2, 11), date(2027, 4, 11), vsrc.GKE_EOL_DATES),
    KubernetesVersion(Cloud.GCP, "1.36", date(2026, 5, 26), date(2027, 7, 26), vsrc.K8S_1_36, True, _GKE_RULE),
    KubernetesVersion(Cloud.GCP, "1.37", date(2026, 9, 29), date(2027, 11, 29), vsrc.K8S_1_37, True, _GKE_RULE),
    KubernetesVersion(Cloud.AZURE, "1.33", date(2025, 6, 30), date(2026, 7, 31), vsrc.AKS_CALENDAR, note=_AKS_MONTHS),
    KubernetesVersion(Cloud.AZURE, "1.34", date(2025, 11, 30), date(2026, 11, 30), vsrc.AKS_CALENDAR, note=_AKS_MONTHS),
    KubernetesVersion(
        Cloud.AZURE, "1.35", date(2026, 4, 7), date(2027, 3, 31), vsrc.AKS_CALENDAR,
        note=_AKS_MONTHS + "; GA on 2026-04-07 per the AKS changelog (Azure/AKS PR #5703)",
    ),
    KubernetesVersion(Cloud.AZURE, "1.36", date(2026, 6, 30), date(2027, 6, 30), vsrc.AKS_CALENDAR, note=_AKS_MONTHS),
    KubernetesVersion(Cloud.AZURE, "1.37", date(2026, 10, 31), date(2027, 10, 31), vsrc.AKS_CALENDAR, note=_AKS_MONTHS),
)

VERSIONS: Mapping[tuple[Cloud, str], KubernetesVersion] = MappingProxyType({(r.cloud, r.version): r for r in _ROWS})
"""(cloud, MAJOR.MINOR) -> calendar row, including versions that already left standard support."""

SOURCES: Mapping[Cloud, Source] = MappingProxyType(
    {Cloud.AWS: vsrc.EKS_CALENDAR, Cloud.GCP: vsrc.GKE_EOL_DATES, Cloud.AZURE: vsrc.AKS_CALENDAR}
)


def _minor(version: str) -> int:
    return int(version.split(".")[1])


def _buildable(row: KubernetesVersion) -> str | None:
    """Why this platform cannot build ``row`` yet, or None. EKS core add-ons are pinned per minor."""
    if row.cloud is Cloud.AWS and not eks_addon_pinned(row.version):
        return (f"has no pinned EKS add-on versions ({', '.join(EKS_ADDONS)}) yet: AWS publishes add-on builds per "
                "minor, and none are pinned in components/catalog/eks_addons.py (check `aws eks "
                "describe-addon-versions`)")
    return None


def supported_versions(cloud: Cloud, today: date | None = None) -> tuple[str, ...]:
    """The versions ``validate`` accepts on ``cloud`` on ``today`` (default ``clock.today()``), oldest first:
    offered by the service, in standard support, and buildable by this platform."""
    day = today or clock_today()
    return tuple(
        r.version for r in _ROWS
        if r.cloud is cloud and r.available_from <= day <= r.end_of_standard_support and _buildable(r) is None
    )


def version_problem(cloud: Cloud, version: str, today: date) -> str | None:
    """Why ``validate`` refuses ``version`` on ``cloud`` on ``today`` (a sentence after the quoted version), or None."""
    accepted = supported_versions(cloud, today)
    row = VERSIONS.get((cloud, version))
    use = f"use one of {', '.join(accepted)}" if accepted else "no version in the catalog is supported on that day"
    if row is None:
        return f"is not a supported version on {cloud}; use MAJOR.MINOR, {use.removeprefix('use ')}"
    if today > row.end_of_standard_support:
        newer = [v for v in accepted if _minor(v) > _minor(version)]
        advice = f"upgrade to {', '.join(newer)}" if newer else use
        return f"left standard support on {cloud} on {row.end_of_standard_support}; {advice}"
    if today < row.available_from:
        when = f"{row.available_from} (estimated)" if row.estimated else str(row.available_from)
        return f"is not offered on {cloud} before {when}; {use}"
    unbuildable = _buildable(row)
    if unbuildable is not None:
        return f"{unbuildable}; {use}"
    return None


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
    """A sentence for ``plan`` when ``version`` leaves standard support within ``SUPPORT_WARNING_DAYS``; else None.
    The versions it recommends are the newer ones ``validate`` accepts on ``today``."""
    row = VERSIONS.get((cloud, version))
    if row is None:
        return None
    left = (row.end_of_standard_support - today).days
    if left > SUPPORT_WARNING_DAYS or left < 0:
        return None
    newer = [v for v in supported_versions(cloud, today) if _minor(v) > _minor(version)]
    estimated = " (estimated date)" if row.estimated else ""
    return (
        f"Kubernetes {version} leaves standard support on {cloud} on {row.end_of_standard_support}{estimated}, "
        f"in {left} days; upgrade to {', '.join(newer) or 'a newer version once the catalog lists one'}"
    )
