"""Preflight: can this stack reach its declared maximum? Shapes offered where it runs, quotas at full scale.

Offline and pure: a plan, the catalog's quota table (``components/catalog/quotas.py``) and, when given, the quota
file exported from the account (``quota_file``). Full scale is every pool at maxNodes in every tier of its
preference list (the autoscaler may fill any one tier alone) plus the system pool. A quota the stack needs that
the file does not list is missing (it cannot be proven), never assumed. Reserved tiers need no quota at deploy
(the reservation holds it) but H100-class reservations take weeks to be granted: that is a warning. What the
account must have switched on before the first deploy, whatever the blueprint, is listed as a prerequisite.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from components import catalog
from components.catalog.capacity import RESERVATION_TIERS
from components.catalog.quotas import LEAD_TIME_SOURCES, LONG_LEAD_ACCELERATORS, Quota, UnknownQuotaError, quota_draws
from components.catalog.types import Shape
from components.plan import SYSTEM_POOL_NAME, ClusterPlan
from components.spec import Capacity, Cloud
from mlplatform.economics.quota_file import QuotaFile

# cloud -> what the subscription or account must have enabled before the stack's first deploy, with its source.
PREREQUISITES: Mapping[Cloud, tuple[str, ...]] = MappingProxyType({
    Cloud.AZURE: (
        "register the subscription feature Microsoft.Compute/EncryptionAtHost (`az feature register --namespace "
        "Microsoft.Compute --name EncryptionAtHost`, then `az provider register -n Microsoft.Compute`): every AKS pool "
        "is encrypted at host, which AKS refuses without it (https://learn.microsoft.com/azure/aks/enable-host-encryption)",
    ),
})


class Status(StrEnum):
    OK = "ok"
    SHORT = "short"
    MISSING = "missing"
    UNCHECKED = "unchecked"  # no quota file for this cloud and region


@dataclass(frozen=True)
class Offering:
    """Where one pool's shape is offered against where the pool places nodes."""

    pool: str
    machine_type: str
    tier: Capacity
    zones: tuple[str, ...]  # the zones the pool uses (empty: the cloud places it in the region)
    offered: tuple[str, ...]  # the zones of the region open to it (reservation-only zones for a reserved tier)

    @property
    def ok(self) -> bool:
        return bool(self.offered) and (not self.zones or bool(set(self.zones) & set(self.offered)))


@dataclass(frozen=True)
class Need:
    """One quota at full scale: how much the stack needs, what the file says, and the request that closes a gap."""

    quota: Quota
    amount: int
    pools: tuple[str, ...]
    status: Status
    limit: float | None = None
    usage: float = 0.0
    request: str = ""

    @property
    def shortfall(self) -> int:
        if self.limit is None:
            return self.amount
        return max(0, math.ceil(self.amount - (self.limit - self.usage)))


@dataclass(frozen=True)
class Preflight:
    stack: str
    cloud: Cloud
    region: str
    offerings: tuple[Offering, ...]
    needs: tuple[Need, ...]
    warnings: tuple[str, ...]
    gaps: tuple[str, ...]  # shapes whose quota the catalog does not name
    prerequisites: tuple[str, ...] = ()  # account settings the first deploy needs (PREREQUISITES)

    @property
    def ok(self) -> bool:
        """True unless the stack provably cannot reach its maximum (or a needed quota cannot be checked)."""
        return (
            all(o.ok for o in self.offerings)
            and not self.gaps
            and all(n.status in (Status.OK, Status.UNCHECKED) for n in self.needs)
        )

    @property
    def checked(self) -> bool:
        return all(n.status is not Status.UNCHECKED for n in self.needs)

    def summary(self) -> str:
        """One line: what `plan` shows for the stack."""
        short = [n for n in self.needs if n.status in (Status.SHORT, Status.MISSING)]
        unoffered = [o for o in self.offerings if not o.ok]
        parts = [f"{len(self.needs)} quotas at full scale"]
        if unoffered:
            parts.append("not offered: " + ", ".join(f"{o.pool} ({o.machine_type})" for o in unoffered))
        if short:
            parts.append("short: " + ", ".join(f"{n.quota.key} +{n.shortfall} {n.quota.unit}" for n in short))
        elif not self.checked:
            parts.append("unchecked (run `mlplatform preflight --quotas FILE`)")
        else:
            parts.append("all within the exported quotas")
        if self.warnings:
            parts.append(f"{len(self.warnings)} lead-time warning(s)")
        if self.prerequisites:
            parts.append(f"{len(self.prerequisites)} account prerequisite(s) to enable first (see preflight)")
        return "; ".join(parts)


def preflight(stack: str, plan: ClusterPlan, quotas: QuotaFile | None) -> Preflight:
    """Check ``plan`` against the catalog and, when it matches the stack's cloud and region, ``quotas``."""
    if quotas is not None and (quotas.cloud is not plan.cloud or quotas.region != plan.region):
        quotas = None
    offerings: list[Offering] = []
    amounts: dict[str, int] = {}
    found: dict[str, Quota] = {}
    users: dict[str, list[str]] = {}
    gaps: list[str] = []
    warnings: list[str] = []

    def draw(pool: str, shape: Shape, tier: Capacity, nodes: int) -> None:
        try:
            draws = quota_draws(shape, tier)
        except UnknownQuotaError as exc:
            gaps.append(f"{pool}: {exc}")
            return
        for d in draws:
            found[d.quota.key] = d.quota
            amounts[d.quota.key] = amounts.get(d.quota.key, 0) + d.per_node * nodes
            users.setdefault(d.quota.key, []).append(pool)

    draw(SYSTEM_POOL_NAME, plan.system.shape, Capacity.ON_DEMAND, plan.system.nodes)
    for pool in plan.pools:
        for tier in pool.tiers:
            reserved = tier in RESERVATION_TIERS
            offered = catalog.zones_offering(plan.cloud, plan.region, pool.shape.machine_type, reserved=reserved)
            offerings.append(Offering(pool.name, pool.shape.machine_type, tier, pool.zones, offered))
            draw(pool.name, pool.shape, tier, pool.max_nodes)
            if reserved and pool.accelerator in LONG_LEAD_ACCELERATORS:
                warnings.append(_lead_time(plan.cloud, pool.name, pool.accelerator.value, pool.max_nodes))
    needs = tuple(
        _need(plan, found[key], amounts[key], tuple(dict.fromkeys(users[key])), quotas) for key in sorted(found)
    )
    return Preflight(
        stack, plan.cloud, plan.region, tuple(offerings), needs, tuple(warnings), tuple(gaps),
        PREREQUISITES.get(plan.cloud, ()),
    )


def _need(plan: ClusterPlan, quota: Quota, amount: int, pools: tuple[str, ...], quotas: QuotaFile | None) -> Need:
    if quotas is None:
        return Need(quota, amount, pools, Status.UNCHECKED, request=_request(plan, quota, amount))
    value = quotas.get(quota.key)
    if value is None:
        return Need(quota, amount, pools, Status.MISSING, request=_request(plan, quota, amount))
    if value.free >= amount:
        return Need(quota, amount, pools, Status.OK, value.limit, value.usage)
    desired = math.ceil(value.usage + amount)
    return Need(quota, amount, pools, Status.SHORT, value.limit, value.usage, _request(plan, quota, desired))


def _lead_time(cloud: Cloud, pool: str, accelerator: str, nodes: int) -> str:
    source = LEAD_TIME_SOURCES[cloud]
    return (f"{pool}: reserved {accelerator} capacity for {nodes} node(s) is granted weeks ahead, not at deploy; "
            f"secure the reservation before `pulumi up` ({source.title}: {source.url})")


def _aws_request(region: str, quota: Quota, value: int) -> str:
    return (f"aws service-quotas request-service-quota-increase --region {region} --service-code ec2 "
            f"--quota-code {quota.code} --desired-value {value}")


def _gcp_request(region: str, quota: Quota, value: int) -> str:
    if quota.dimension:  # a Cloud Quotas ID: requested by ID with its dimensions
        return (f"gcloud beta quotas preferences create --service=compute.googleapis.com --project=PROJECT_ID "
                f"--quota-id={quota.code} --dimensions=region={region},{quota.dimension} "
                f"--preferred-value={value} --justification='mlplatform full scale'")
    return (f"Google Cloud console > IAM & Admin > Quotas: metric compute.googleapis.com {quota.code}, "
            f"region {region}, new value {value} (https://console.cloud.google.com/iam-admin/quotas)")


def _azure_request(region: str, quota: Quota, value: int) -> str:
    kind = "lowPriority" if quota.code == "lowPriorityCores" else "dedicated"
    return (f"az quota update --resource-name {quota.code} --scope /subscriptions/SUBSCRIPTION_ID/providers/"
            f"Microsoft.Compute/locations/{region} --limit-object value={value} limit-object-type=LimitValue "
            f"--resource-type {kind}")


_REQUESTS: Mapping[Cloud, Callable[[str, Quota, int], str]] = MappingProxyType(
    {Cloud.AWS: _aws_request, Cloud.GCP: _gcp_request, Cloud.AZURE: _azure_request}
)


def _request(plan: ClusterPlan, quota: Quota, value: int) -> str:
    return _REQUESTS[plan.cloud](plan.region, quota, value)


def render(result: Preflight) -> str:
    """The preflight of one stack as text: offering, quotas with their status, warnings and the requests to file."""
    lines = [f"{result.stack} ({result.cloud} {result.region}): {'ok' if result.ok else 'CANNOT REACH FULL SCALE'}"]
    for o in result.offerings:
        where = ", ".join(o.offered) if o.offered else "nowhere in the region"
        state = "offered" if o.ok else "NOT OFFERED where the pool places nodes"
        lines.append(f"  shape {o.pool} [{o.tier}] {o.machine_type}: {state} (zones: {where})")
    for n in result.needs:
        have = "not in the quota file" if n.status is Status.MISSING else (
            "no quota file" if n.limit is None else f"limit {n.limit:g}, used {n.usage:g}")
        lines.append(f"  quota {n.quota.key} ({n.quota.name}): need {n.amount} {n.quota.unit} for "
                     f"{', '.join(n.pools)}; {have}: {n.status}")
    lines.extend(f"  gap: {g}" for g in result.gaps)
    lines.extend(f"  warning: {w}" for w in result.warnings)
    lines.extend(f"  prerequisite: {p}" for p in result.prerequisites)
    requests = [n for n in result.needs if n.status in (Status.SHORT, Status.MISSING)]
    if requests:
        lines.append("  increase requests to file:")
        lines.extend(f"    {n.request}" for n in requests)
    return "\n".join(lines)
