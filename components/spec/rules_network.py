"""Rules on how the stack is reached and administered: its network range, the hub it attaches to, the access
lists and the declared cluster admins. Each adds path-qualified `Problem`s; nothing raises."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from components import catalog
from components.spec.enums import Cloud
from components.spec.errors import Problem, show
from components.spec.models import Blueprint
from components.spec.naming import ADMIN_FORMATS, HUB_FORMATS
from components.spec.rules_gcp import PODS, gke_ranges

# RFC 1918 and the shared address space (RFC 6598) that VPNs and peered networks use.
PRIVATE_RANGES = tuple(
    ipaddress.IPv4Network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)

_Net = ipaddress.IPv4Network | ipaddress.IPv6Network


def private_network(cidr: str) -> ipaddress.IPv4Network | None:
    """The CIDR as a private IPv4 network, or None when it is not one (or not a CIDR at all)."""
    try:
        net = ipaddress.ip_network(cidr, strict=True)
    except ValueError:
        return None
    if isinstance(net, ipaddress.IPv4Network) and any(net.subnet_of(r) for r in PRIVATE_RANGES):
        return net
    return None


def stack_cidr(bp: Blueprint) -> str:
    """The stack network's range: the blueprint's, else the cloud's default."""
    return bp.network.cidr or catalog.network_facts(bp.cloud).default_cidr


def outside_ranges(bp: Blueprint) -> dict[str, str]:
    """The cluster's ranges outside `network.cidr` (nothing else may overlap them): the catalog's, except on GCP,
    where pods are derived per stack and services are carved inside the stack's own range (rules_gcp.gke_ranges)."""
    if bp.cloud is Cloud.GCP:
        net = private_network(stack_cidr(bp))
        return {PODS: gke_ranges(str(net))[PODS]} if net is not None else {}
    return dict(catalog.network_facts(bp.cloud).cluster_ranges)


def check_network(bp: Blueprint) -> list[Problem]:
    problems: list[Problem] = []
    facts = catalog.network_facts(bp.cloud)
    own = _check_stack_cidr(bp, problems)
    reserved = {name: ipaddress.ip_network(cidr) for name, cidr in outside_ranges(bp).items()}
    if own is not None:
        for name, rng in reserved.items():
            if own.overlaps(rng):
                problems.append(Problem("network.cidr", f"{own} overlaps the cluster's {name} range {rng} on "
                                        f"{bp.cloud}; pick a range outside it"))
    hub = bp.network.hub
    if hub is not None:
        pattern, expected = HUB_FORMATS[bp.cloud]
        if not pattern.match(hub.id):
            problems.append(Problem("network.hub.id", f"{show(hub.id)} is not usable on {bp.cloud}; use {expected}"))
        if not hub.cidrs:
            problems.append(Problem("network.hub.cidrs", "list the hub's private ranges (runners, VPN pools); they "
                                    "are routed to and admitted to the cluster's API"))
        _check_ranges(bp, "network.hub.cidrs", hub.cidrs, own, reserved, problems)
    endpoint = bp.cluster.endpoint
    _check_ranges(bp, "cluster.endpoint.privateAccessCidrs", endpoint.private_access_cidrs, own, reserved, problems,
                  report_invalid=False)
    admitted = len(endpoint.allowed_cidrs) + len(endpoint.private_access_cidrs) + (len(hub.cidrs) if hub else 0)
    if admitted > facts.max_authorized_cidrs:
        problems.append(Problem("cluster.endpoint", f"{admitted} ranges are admitted to the API (allowedCidrs, "
                                "privateAccessCidrs and network.hub.cidrs together); "
                                f"{bp.cloud} accepts at most {facts.max_authorized_cidrs}: merge ranges"))
    return problems


def _check_stack_cidr(bp: Blueprint, problems: list[Problem]) -> ipaddress.IPv4Network | None:
    cidr = stack_cidr(bp)
    net = private_network(cidr)
    if net is None:
        problems.append(Problem("network.cidr", f"{show(cidr)} is not a private IPv4 CIDR (RFC 1918 or "
                                "100.64.0.0/10) such as 10.1.0.0/16"))
        return None
    low, high = catalog.MIN_NETWORK_PREFIX, catalog.MAX_NETWORK_PREFIX
    if not low <= net.prefixlen <= high:
        problems.append(Problem("network.cidr", f"{show(cidr)} is a /{net.prefixlen}; use a /{low} to /{high} so "
                                "the cloud can carve node subnets out of it"))
    return net


def _check_ranges(
    bp: Blueprint,
    path: str,
    cidrs: Iterable[str],
    own: ipaddress.IPv4Network | None,
    reserved: dict[str, _Net],
    problems: list[Problem],
    *,
    report_invalid: bool = True,
) -> None:
    """Ranges outside the stack (hub, VPN) must be private and must not overlap the stack's own ranges."""
    for j, cidr in enumerate(cidrs):
        net = private_network(cidr)
        if net is None:
            if report_invalid:
                problems.append(Problem(f"{path}[{j}]", f"{show(cidr)} is not a private IPv4 CIDR (RFC 1918 or "
                                        "100.64.0.0/10) such as 10.20.0.0/16"))
            continue
        if own is not None and net.overlaps(own):
            problems.append(Problem(f"{path}[{j}]", f"{net} overlaps the stack's network {own}; a range outside the "
                                    "stack cannot share its addresses (change network.cidr or this range)"))
        for name, rng in reserved.items():
            if net.overlaps(rng):
                problems.append(Problem(f"{path}[{j}]", f"{net} overlaps the cluster's {name} range {rng} on "
                                        f"{bp.cloud}; traffic to it would stay inside the cluster"))


def check_admins(bp: Blueprint) -> list[Problem]:
    admins = bp.cluster.admins
    if not admins:
        return [Problem("cluster.admins", "declare at least one cluster admin (the break-glass principal, and the "
                        f"identity that runs pulumi up); on {bp.cloud} use {ADMIN_FORMATS[bp.cloud][1]}")]
    problems = []
    pattern, expected = ADMIN_FORMATS[bp.cloud]
    seen: set[str] = set()
    for j, admin in enumerate(admins):
        if not pattern.match(admin):
            problems.append(Problem(f"cluster.admins[{j}]", f"{show(admin)} is not usable on {bp.cloud}; "
                                    f"use {expected}"))
        if admin in seen:
            problems.append(Problem(f"cluster.admins[{j}]", f"{show(admin)} is listed twice; remove one"))
        seen.add(admin)
    return problems



def check_team(bp: Blueprint) -> list[Problem]:
    """`cluster.team`: principals in the same per-cloud form as the admins, each once, none also an admin (an admin
    already holds cluster-admin, and EKS allows one access entry per principal)."""
    pattern, expected = ADMIN_FORMATS[bp.cloud]
    admins = set(bp.cluster.admins)
    problems = []
    seen: set[str] = set()
    for j, member in enumerate(bp.cluster.team):
        at = f"cluster.team[{j}]"
        if not pattern.match(member):
            problems.append(Problem(at, f"{show(member)} is not usable on {bp.cloud}; use {expected}"))
        if member in seen:
            problems.append(Problem(at, f"{show(member)} is listed twice; remove one"))
        elif member in admins:
            problems.append(Problem(at, f"{show(member)} is also in cluster.admins, which already grants "
                                    "cluster-admin; remove it from one of the two lists"))
        seen.add(member)
    return problems
