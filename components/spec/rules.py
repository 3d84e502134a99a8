"""Rules that need the catalog: what the target cloud offers, where, and in which combinations.

Each rule adds `Problem`s; `check` returns them all so the user fixes a stack file in one pass.
"""

from __future__ import annotations

import ipaddress
from datetime import date
from decimal import Decimal

from components import catalog
from components.spec.enums import Accelerator, AcceleratorKind, Availability, Capacity, Cloud, Environment
from components.spec.errors import Problem, show
from components.spec.models import Blueprint, EndpointAccess, NodePoolSpec
from components.spec.naming import (
    MAX_USER_TAGS,
    RESERVATION_FORMATS,
    SYSTEM_POOL_NAME,
    aks_pool_name,
    is_dns_label,
    tag_problems,
)
from components.spec.rules_aws import check_aws
from components.spec.rules_capacity import (
    RESERVATION_TIERS,
    SYSTEM_POOL_REFUSED,
    check_capacity_block,
    check_flex_start,
    check_reservable,
    check_tiers,
    effective_capacity,
    effective_tiers,
    reservation_tier,
)
from components.spec.rules_gcp import check_gcp
from components.spec.rules_limits import check_pool_limit
from components.spec.rules_network import check_admins, check_network, check_team, private_network
from components.spec.rules_services import check_services

PROD_MIN_SYSTEM_NODES = 3
MAX_ZONES = 3  # a regional cluster spreads over the region's first three zones
OPEN_CIDRS = frozenset({ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")})
SPOT_PRICE_DECIMALS = 5  # Azure's limit; the strictest of the clouds that take a spot cap


class Problems(list[Problem]):
    def add(self, path: str, message: str) -> None:
        self.append(Problem(path, message))


def check(bp: Blueprint, today: date | None = None) -> list[Problem]:
    """Every catalog problem of ``bp``; support windows are judged on ``today`` (default ``catalog.today()``)."""
    problems = Problems()
    _check_platform(bp, problems)
    _check_support_window(bp, today or catalog.today(), problems)
    _check_endpoint(bp.cluster.endpoint, problems)
    _check_private_access(bp, problems)
    seen: dict[str, int] = {}
    for i, pool in enumerate(bp.node_pools):
        _check_pool(bp, i, pool, seen, problems)
    _check_tags(bp, problems)
    problems += check_network(bp)
    problems += check_admins(bp)
    problems += check_team(bp)
    problems += check_services(bp)
    problems += check_aws(bp)
    problems += check_gcp(bp)
    problems += check_pool_limit(bp)
    return list(problems)


def _check_platform(bp: Blueprint, problems: Problems) -> None:
    rule = catalog.traits(bp.cloud).cluster_name
    if not is_dns_label(bp.name) or rule.problems(bp.cluster_name):
        problems.add("name", f"{show(bp.name)} is not usable; the platform name must be a DNS-1123 label "
                     f"(lowercase letters, digits, '-') and the cluster name {show(bp.cluster_name)} must fit "
                     f"{bp.cloud}: {rule.description}")
    try:
        zones = catalog.region(bp.cloud, bp.region).zones
    except catalog.CatalogError as exc:
        problems.add("region", str(exc))
    else:
        if not zones:
            problems.add("region", f"the catalog lists no zones of {bp.region} on {bp.cloud}, so no node can be "
                         "placed there; choose another region")
    system = bp.cluster.system_pool
    if (why := SYSTEM_POOL_REFUSED.get(system.capacity)) is not None:
        problems.add("cluster.systemPool.capacity", f"'{system.capacity}' is not allowed; {why}: use on-demand "
                     "(or reserved)")
    if bp.environment is Environment.PROD and system.nodes < PROD_MIN_SYSTEM_NODES:
        problems.add("cluster.systemPool.nodes", f"{system.nodes} is too few for prod; use at least "
                     f"{PROD_MIN_SYSTEM_NODES} so the pool spans zones")
    book = bp.budget.price_book if bp.budget is not None else None
    if book is not None and book not in catalog.PRICE_BOOKS:
        books = ", ".join(sorted(catalog.PRICE_BOOKS))
        problems.add("budget.priceBook", f"{show(book)} is unknown; price books: {books}")


def _check_support_window(bp: Blueprint, today: date, problems: Problems) -> None:
    """One rule for the version: known, offered by the cloud, in standard support and buildable on ``today``."""
    version = bp.cluster.kubernetes_version
    problem = catalog.version_problem(bp.cloud, version, today)
    if problem is not None:
        problems.add("cluster.kubernetesVersion", f"{show(version)} {problem}")


def _check_endpoint(endpoint: EndpointAccess, problems: Problems) -> None:
    path = "cluster.endpoint.allowedCidrs"
    if endpoint.public and not endpoint.allowed_cidrs:
        problems.add(path, "a public endpoint needs an allowlist; list the CIDRs that may reach the API "
                     "(e.g. your VPN egress), or set public: false")
    if not endpoint.public and endpoint.allowed_cidrs:
        problems.add(path, "an allowlist only applies to a public endpoint; set public: true or remove allowedCidrs")
    for j, cidr in enumerate(endpoint.allowed_cidrs):
        try:
            net = ipaddress.ip_network(cidr, strict=True)
        except ValueError:
            problems.add(f"{path}[{j}]", f"{show(cidr)} is not a CIDR such as 203.0.113.0/24")
            continue
        if net in OPEN_CIDRS or net.prefixlen == 0:
            problems.add(f"{path}[{j}]", f"{show(cidr)} opens the API to the whole internet; "
                         "list the networks that need access")


def _check_private_access(bp: Blueprint, problems: Problems) -> None:
    path = "cluster.endpoint.privateAccessCidrs"
    cidrs = bp.cluster.endpoint.private_access_cidrs
    if cidrs and bp.cloud is Cloud.AZURE:
        problems.add(path, "AKS private clusters have no IP allowlist; declare your network as network.hub (the stack "
                     "peers it and links the cluster's private DNS zone to it) and remove privateAccessCidrs")
        return
    if cidrs and bp.cloud is Cloud.AWS and bp.network.hub is None:
        # The stack owns the private route tables (inline routes: a route added outside is removed on the next
        # `up`), and it routes these ranges only to the hub's transit gateway; without a hub, replies have no path.
        problems.add(path, "on AWS these ranges are routed through the hub's transit gateway; declare network.hub "
                     "(its id and cidrs) or remove privateAccessCidrs")
    for j, cidr in enumerate(cidrs):
        if private_network(cidr) is None:
            problems.add(f"{path}[{j}]", f"{show(cidr)} is not a private IPv4 range (RFC 1918 or 100.64.0.0/10); "
                         "list VPN or peered networks here (public networks belong in allowedCidrs with public: true)")


def _check_pool(bp: Blueprint, i: int, pool: NodePoolSpec, seen: dict[str, int], problems: Problems) -> None:
    at = f"nodePools[{i}]"
    _check_pool_name(bp.cloud, at, pool.name, seen, i, problems)
    try:
        accel = Accelerator(pool.accelerator)
    except ValueError:
        problems.add(f"{at}.accelerator", f"{show(pool.accelerator)} is unknown; {bp.cloud} offers "
                     f"{_offered_text(bp.cloud)}")
        return
    offered = catalog.offered(bp.cloud)
    if accel not in offered:
        alternatives = ", ".join(catalog.gpu_alternatives(accel, _per_node(accel, pool), bp.cloud))
        why = "TPUs are only offered on gcp" if accel.kind is AcceleratorKind.TPU else f"{bp.cloud} has no such GPU"
        problems.add(f"{at}.accelerator", f"{show(pool.accelerator)} is not offered on {bp.cloud} ({why}); "
                     f"use one of: {alternatives}")
        return
    if accel.kind is AcceleratorKind.TPU:
        machine_type = _check_tpu(at, accel, pool, problems)
    else:
        machine_type = _check_gpu(bp.cloud, at, accel, pool, offered[accel], problems)
    _check_capacity(bp, at, pool, problems)
    if machine_type is not None:
        what = f"{machine_type} ({accel} x{pool.accelerators_per_node or '?'})"
        tiers = effective_tiers(bp.environment, pool)
        capacity = reservation_tier(tiers) or effective_capacity(bp.environment, pool)
        if Capacity.SPOT in tiers and not catalog.spot_offered(bp.cloud, machine_type):
            instead = "on-demand" if catalog.unreservable_series(bp.cloud, machine_type) else "on-demand or reserved"
            problems.add(f"{at}.capacity", f"{bp.cloud} offers no spot capacity of {what}; use {instead}, or another "
                         "accelerator")
        _check_placement(bp, at, accel, what, machine_type, pool, capacity, problems)
    limit = catalog.network_facts(bp.cloud).max_root_volume_gib
    if pool.root_volume_gib > limit:
        problems.add(f"{at}.rootVolumeGib", f"{pool.root_volume_gib} is above {bp.cloud}'s limit for a node's OS "
                     f"disk; use at most {limit}")


def _check_placement(
    bp: Blueprint,
    at: str,
    accel: Accelerator,
    what: str,
    machine_type: str,
    pool: NodePoolSpec,
    capacity: Capacity,
    problems: Problems,
) -> None:
    """The shape must be offered in the region and in at least one cluster zone (a reserved pool: in its zone).

    Each catalog lookup is guarded by the fact it needs: an unknown region is reported under `region` and ends the
    check here; a shape the catalog lists in no region is not offered in this one. A pool consuming a reservation
    may also use reservation-only zones.
    """
    try:
        catalog.region(bp.cloud, bp.region)
    except catalog.CatalogError:
        return
    reserved = capacity in RESERVATION_TIERS
    if bp.region not in catalog.regions_offering(bp.cloud, machine_type, reserved=reserved):
        problems.add(f"{at}.accelerator", f"{what} is not offered in {bp.region}; {_offered_in_region(bp, accel)}")
        return
    zones = cluster_zones(bp)
    offering = catalog.zones_offering(bp.cloud, bp.region, machine_type, reserved=reserved)
    if zones and offering and not set(zones) & set(offering):
        problems.add(f"{at}.accelerator", f"{what} is not offered in the cluster's zones ({', '.join(zones)}); "
                     f"it is offered in {', '.join(offering)}: use availability: regional or another region")
    zone = pool.reservation_zone
    if zone is not None and zone in zones and offering and zone not in offering:
        problems.add(f"{at}.reservationZone", f"{show(zone)} does not offer {what}; zones that do: "
                     f"{', '.join(offering)}")


def _offered_in_region(bp: Blueprint, accel: Accelerator) -> str:
    """The fix for a shape missing from a region: the counts of the same accelerator offered there, or regions."""
    here = [n for n in catalog.offered(bp.cloud).get(accel, ())
            if bp.region in catalog.regions_offering(bp.cloud, catalog.accelerator_shapes(bp.cloud, accel, n)[0]
                                                     .machine_type)]
    if here:
        return f"{accel} is offered there with {_counts(tuple(here))} per node"
    regions = sorted({r for n in catalog.offered(bp.cloud).get(accel, ())
                      for r in catalog.regions_offering(bp.cloud, catalog.accelerator_shapes(bp.cloud, accel, n)[0]
                                                        .machine_type)})
    if regions:
        return f"catalog regions that offer {accel}: {', '.join(regions)}"
    return f"the catalog knows no {bp.cloud} region offering {accel}; choose another accelerator"


def cluster_zones(bp: Blueprint) -> tuple[str, ...]:
    """The zones the cluster's nodes may use: the region's first three, or only the first when zonal."""
    try:
        zones = catalog.region(bp.cloud, bp.region).zones
    except catalog.CatalogError:
        return ()
    return zones[:MAX_ZONES] if bp.cluster.availability is Availability.REGIONAL else zones[:1]


def _check_pool_name(cloud: Cloud, at: str, name: str, seen: dict[str, int], i: int, problems: Problems) -> None:
    rule = catalog.traits(cloud).node_pool_name
    cloud_name = aks_pool_name(name) if cloud is Cloud.AZURE else name
    if not is_dns_label(name):
        problems.add(f"{at}.name", f"{show(name)} is not usable; pool names are DNS-1123 labels: at most 63 "
                     "lowercase letters, digits or '-', starting and ending with a letter or digit")
    elif broken := rule.problems(cloud_name):
        became = f" (the {cloud} pool name {show(cloud_name)})" if cloud_name != name else ""
        problems.add(f"{at}.name", f"{show(name)}{became} breaks {cloud}'s rule: {'; '.join(broken)}")
    if cloud_name == SYSTEM_POOL_NAME:
        problems.add(f"{at}.name", f"{show(name)} is the system pool's name on every cloud; choose another")
    if cloud_name in seen:
        problems.add(f"{at}.name", f"{show(name)} clashes with nodePools[{seen[cloud_name]}] on {cloud}; "
                     "pool names must be unique")
    seen.setdefault(cloud_name, i)


def _check_bounds(at: str, pool: NodePoolSpec, problems: Problems) -> None:
    if pool.max_nodes is None:
        problems.add(f"{at}.maxNodes", "is required; set how many nodes the pool may scale up to")
    elif pool.max_nodes < 1:
        problems.add(f"{at}.maxNodes", f"{pool.max_nodes} is too small; an accelerator pool needs maxNodes >= 1 "
                     "(minNodes may be 0)")
    elif pool.min_nodes > pool.max_nodes:
        problems.add(f"{at}.minNodes", f"{pool.min_nodes} is larger than maxNodes ({pool.max_nodes}); "
                     "use minNodes <= maxNodes")


def _check_gpu(
    cloud: Cloud, at: str, accel: Accelerator, pool: NodePoolSpec, counts: tuple[int, ...], problems: Problems
) -> str | None:
    if pool.topology is not None:
        problems.add(f"{at}.topology", f"{show(pool.topology)} applies to TPU pools only; remove it")
    _check_bounds(at, pool, problems)
    per_node = pool.accelerators_per_node
    if per_node is None:
        problems.add(f"{at}.acceleratorsPerNode", f"is required for GPU pools; {cloud} offers {accel} with "
                     f"{_counts(counts)} per node")
        return None
    if per_node not in counts:
        problems.add(f"{at}.acceleratorsPerNode", f"{per_node} x {accel} per node is not offered on {cloud}; "
                     f"offered: {_counts(counts)}")
        return None
    return catalog.accelerator_shapes(cloud, accel, per_node)[0].machine_type


def _check_tpu(at: str, accel: Accelerator, pool: NodePoolSpec, problems: Problems) -> str | None:
    valid = ", ".join(catalog.topologies(accel))
    if pool.topology is None:
        problems.add(f"{at}.topology", f"is required for {accel}; valid topologies: {valid}")
        return None
    try:
        topo = catalog.tpu_topology(accel, pool.topology)
    except catalog.CatalogError:
        problems.add(f"{at}.topology", f"{show(pool.topology)} is not a {accel} topology; valid: {valid}")
        return None
    per_host = topo.chips_per_host
    if pool.accelerators_per_node is not None and pool.accelerators_per_node != per_host:
        problems.add(f"{at}.acceleratorsPerNode", f"{pool.accelerators_per_node} does not match topology "
                     f"{topo.topology}, whose hosts ({topo.machine_type}) have {per_host} chips each; "
                     f"set {per_host} or remove the key")
    if not topo.multi_host:
        _check_bounds(at, pool, problems)
        return topo.machine_type
    if pool.min_nodes not in (0, topo.hosts):
        problems.add(f"{at}.minNodes", f"{pool.min_nodes} cannot be met: a {topo.topology} slice has {topo.hosts} "
                     f"hosts and scales atomically; use 0 (scale to zero) or {topo.hosts}")
    if pool.max_nodes is not None and pool.max_nodes != topo.hosts:
        problems.add(f"{at}.maxNodes", f"{pool.max_nodes} cannot be met: a {topo.topology} slice is exactly "
                     f"{topo.hosts} hosts; set {topo.hosts} or remove the key (it is derived from the topology)")
    return topo.machine_type


def _check_capacity(bp: Blueprint, at: str, pool: NodePoolSpec, problems: Problems) -> None:
    problems.extend(check_tiers(bp, at, pool))
    problems.extend(check_capacity_block(bp, at, pool))
    problems.extend(check_reservable(bp, at, pool))
    problems.extend(check_flex_start(bp, at, pool))
    tiers = effective_tiers(bp.environment, pool)
    capacity = reservation_tier(tiers) or effective_capacity(bp.environment, pool)
    if pool.reservation is not None and capacity not in RESERVATION_TIERS:
        problems.add(f"{at}.reservation", f"a reservation is only consumed by capacity: reserved, but this pool "
                     f"is {capacity}; remove the reservation or set capacity: reserved")
    if capacity in RESERVATION_TIERS and not pool.reservation:
        problems.add(f"{at}.reservation", f"is required with capacity: {capacity}; name the capacity reservation "
                     "the pool consumes")
    _check_reservation_zone(bp, at, pool, capacity, problems)
    pattern, expected = RESERVATION_FORMATS[bp.cloud]
    if pool.reservation and not pattern.match(pool.reservation):
        problems.add(f"{at}.reservation", f"{show(pool.reservation)} is not usable on {bp.cloud}; use {expected}")
    price = pool.spot_max_price
    if price is None:
        return
    if Capacity.SPOT not in tiers:
        problems.add(f"{at}.spotMaxPrice", f"applies to spot pools only, but this pool is {capacity}")
    elif bp.cloud is Cloud.GCP:
        problems.add(f"{at}.spotMaxPrice", "GCP Spot VMs have no maximum price; remove spotMaxPrice "
                     "(the pool is billed at the current spot price)")
    elif bp.cloud is Cloud.AWS and price != -1:
        problems.add(f"{at}.spotMaxPrice", f"{price} cannot be enforced: EKS managed node groups always cap spot "
                     "at the on-demand price; remove spotMaxPrice or use -1")
    elif price != -1 and price <= 0:
        problems.add(f"{at}.spotMaxPrice", f"{price} is not a price; use -1 (pay up to the on-demand price) "
                     "or a positive USD per hour")
    elif _decimals(price) > SPOT_PRICE_DECIMALS:
        problems.add(f"{at}.spotMaxPrice", f"{price} has more than {SPOT_PRICE_DECIMALS} decimal places; "
                     f"Azure accepts at most {SPOT_PRICE_DECIMALS} (e.g. {round(price, SPOT_PRICE_DECIMALS)})")


def _check_reservation_zone(
    bp: Blueprint, at: str, pool: NodePoolSpec, capacity: Capacity, problems: Problems
) -> None:
    zone = pool.reservation_zone
    if capacity not in RESERVATION_TIERS:
        if zone is not None:
            problems.add(f"{at}.reservationZone", f"applies to reserved pools only, but this pool is {capacity}; "
                         "remove it")
        return
    zones = cluster_zones(bp)
    if zone is None:
        problems.add(f"{at}.reservationZone", f"is required with capacity: {capacity}; name the zone the "
                     f"reservation holds capacity in (one of the cluster's zones: {', '.join(zones) or 'see region'})")
    elif zones and zone not in zones:
        problems.add(f"{at}.reservationZone", f"{show(zone)} is not one of the cluster's zones "
                     f"({', '.join(zones)}); the pool could not reach its reservation")


def _check_tags(bp: Blueprint, problems: Problems) -> None:
    if len(bp.tags) > MAX_USER_TAGS:
        problems.add("tags", f"{len(bp.tags)} tags is too many; use at most {MAX_USER_TAGS}")
    for key, value in bp.tags.items():
        for why in tag_problems(key, value):
            problems.add(f"tags.{key}", f"{show(key)}: {show(value)}: {why}")


def _per_node(accel: Accelerator, pool: NodePoolSpec) -> int:
    """Accelerators per node as asked: the blueprint's count, or a TPU topology's chips per host."""
    if pool.accelerators_per_node is not None:
        return pool.accelerators_per_node
    if accel.kind is AcceleratorKind.TPU and pool.topology is not None:
        try:
            topo = catalog.tpu_topology(accel, pool.topology)
        except catalog.CatalogError:
            return 0
        return topo.chips_per_host
    return 0


def _decimals(value: float) -> int:
    exponent = Decimal(str(value)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _offered_text(cloud: Cloud) -> str:
    return "; ".join(f"{a} ({_counts(n)} per node)" for a, n in sorted(catalog.offered(cloud).items()))


def _counts(counts: tuple[int, ...]) -> str:
    return ", ".join(f"x{n}" for n in counts)
