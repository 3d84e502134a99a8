"""Pure planning: a validated blueprint + the catalog -> what each cloud folder builds.

No Pulumi here: plans are plain frozen values, so every decision is testable without mocks and the
three clouds are handed the same pools, sizes, labels and taints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from components import catalog
from components.catalog import capacity as catalog_capacity
from components.catalog.scheduling import (
    GKE_COMPUTE_CLASS_LABEL,
    GKE_TPU_ACCELERATOR_LABEL,
    GKE_TPU_TOPOLOGY_LABEL,
    LABEL_ACCELERATOR,
    LABEL_CAPACITY,
    LABEL_POOL,
    Taint,
)
from components.catalog.types import Shape, TpuTopology
from components.plan_services import ServicesPlan, plan_services
from components.spec import (
    Accelerator,
    AcceleratorKind,
    Availability,
    Blueprint,
    Capacity,
    Cloud,
    Environment,
    NodePoolSpec,
    effective_tiers,
)
from components.spec.naming import SYSTEM_POOL_NAME as SYSTEM_POOL_NAME  # re-exported for the cloud folders
from components.spec.naming import tier_pool_name
from components.spec.rules import cluster_zones
from components.spec.rules_network import stack_cidr

TAG_PLATFORM = "mlplatform-platform"
TAG_ENVIRONMENT = "mlplatform-environment"
TAG_MANAGED_BY = "mlplatform-managed-by"


@dataclass(frozen=True)
class PoolPlan:
    """One accelerator pool as every cloud must build it."""

    name: str
    cloud_name: str
    accelerator: Accelerator
    accelerators_per_node: int
    shapes: tuple[Shape, ...]
    capacity: Capacity
    min_nodes: int
    max_nodes: int
    labels: Mapping[str, str]
    taints: tuple[Taint, ...]
    cloud_taints: tuple[Taint, ...]
    zones: tuple[str, ...]  # empty: a regional pool the cloud places (only where the catalog allows it)
    tpu: TpuTopology | None
    spot_max_price: float | None
    reservation: str | None
    root_volume_gib: int
    reservation_zone: str | None = None
    alternates: tuple[PoolPlan, ...] = ()  # the later tiers of a preference list, each a node group of its own
    resource_suffix: str = ""  # "" for the preferred tier; "-<tier>" for the others (their resource names)

    @property
    def shape(self) -> Shape:
        """The primary shape; `shapes[1:]` are equivalent alternates for spot diversification."""
        return self.shapes[0]

    @property
    def kind(self) -> AcceleratorKind:
        return self.accelerator.kind

    @property
    def spot(self) -> bool:
        return self.capacity is Capacity.SPOT

    @property
    def tiers(self) -> tuple[Capacity, ...]:
        """The capacity tiers in order of preference (the first is ``capacity``)."""
        return (self.capacity, *(a.capacity for a in self.alternates))

    @property
    def node_groups(self) -> tuple[PoolPlan, ...]:
        """One plan per tier, preferred first: the same pool label and taints, each its own capacity and name."""
        return (self, *self.alternates)

    @property
    def tolerations(self) -> tuple[Taint, ...]:
        """Every taint a pod must tolerate to land on any tier: ours and the ones the cloud adds (AKS taints spot
        nodes, so a pool whose fallback is spot needs that toleration too)."""
        seen = dict.fromkeys(t for group in self.node_groups for t in group.taints + group.cloud_taints)
        return tuple(seen)

    @property
    def node_selector(self) -> Mapping[str, str]:
        """Labels that pin a pod to this pool on any cloud (plus GKE's TPU labels for TPU slices, and the GKE
        ComputeClass that orders a listed pool's tiers: only pods selecting it follow its priorities)."""
        selector = {LABEL_POOL: self.name, LABEL_ACCELERATOR: self.accelerator.value}
        if GKE_COMPUTE_CLASS_LABEL in self.labels:
            selector[GKE_COMPUTE_CLASS_LABEL] = self.labels[GKE_COMPUTE_CLASS_LABEL]
        if self.tpu is not None:
            selector[GKE_TPU_ACCELERATOR_LABEL] = catalog.GKE_TPU_ACCELERATOR[self.accelerator]
            selector[GKE_TPU_TOPOLOGY_LABEL] = self.tpu.topology
        return MappingProxyType(selector)


@dataclass(frozen=True)
class SystemPoolPlan:
    shape: Shape
    nodes: int
    zones: tuple[str, ...]
    labels: Mapping[str, str]


@dataclass(frozen=True)
class HubPlan:
    """The existing network the stack attaches to (see `NetworkSpec.hub`)."""

    id: str
    cidrs: tuple[str, ...]


@dataclass(frozen=True)
class ClusterPlan:
    """The whole platform for one stack: cluster, system pool, accelerator pools, tags."""

    cloud: Cloud
    region: str
    environment: Environment
    name: str
    kubernetes_version: str
    availability: Availability
    zones: tuple[str, ...]
    public_endpoint: bool
    authorized_cidrs: tuple[str, ...]
    private_access_cidrs: tuple[str, ...]
    network_cidr: str
    hub: HubPlan | None
    admins: tuple[str, ...]
    team: tuple[str, ...]  # the ML team's principals (cluster.team): namespaced access only
    system: SystemPoolPlan
    pools: tuple[PoolPlan, ...]
    tags: Mapping[str, str]
    price_book: str
    services: ServicesPlan = ServicesPlan()

    @property
    def prod(self) -> bool:
        return self.environment is Environment.PROD

    @property
    def protect(self) -> bool:
        """Deletion protection on stateful or hard-to-rebuild resources (the prod cluster)."""
        return self.prod


def plan_platform(bp: Blueprint) -> ClusterPlan:
    """Plan a blueprint that `load_blueprint` accepted."""
    zones = cluster_zones(bp)
    system = bp.cluster.system_pool
    tags = {**bp.tags, TAG_PLATFORM: bp.name, TAG_ENVIRONMENT: bp.environment.value, TAG_MANAGED_BY: "pulumi"}
    return ClusterPlan(
        cloud=bp.cloud,
        region=bp.region,
        environment=bp.environment,
        name=bp.cluster_name,
        kubernetes_version=bp.cluster.kubernetes_version,
        availability=bp.cluster.availability,
        zones=zones,
        public_endpoint=bp.cluster.endpoint.public,
        authorized_cidrs=bp.cluster.endpoint.allowed_cidrs,
        private_access_cidrs=bp.cluster.endpoint.private_access_cidrs,
        network_cidr=stack_cidr(bp),
        hub=HubPlan(bp.network.hub.id, bp.network.hub.cidrs) if bp.network.hub else None,
        admins=bp.cluster.admins,
        team=bp.cluster.team,
        system=SystemPoolPlan(
            shape=catalog.system_shape(bp.cloud, system.size),
            nodes=_system_nodes(bp.cloud, system.nodes, len(zones)),
            zones=zones,
            labels=MappingProxyType({LABEL_POOL: SYSTEM_POOL_NAME}),
        ),
        pools=tuple(plan_pool(bp, pool, zones) for pool in bp.node_pools),
        tags=MappingProxyType(dict(sorted(tags.items()))),
        price_book=(bp.budget.price_book if bp.budget and bp.budget.price_book else catalog.DEFAULT_PRICE_BOOK),
        services=plan_services(bp),
    )


def plan_pool(bp: Blueprint, pool: NodePoolSpec, zones_of_cluster: tuple[str, ...]) -> PoolPlan:
    """The pool in its preferred tier; later tiers of a preference list ride along as ``alternates``."""
    first, *rest = effective_tiers(bp.environment, pool)
    listed = bool(rest)
    alternates = tuple(_tier_plan(bp, pool, zones_of_cluster, tier, f"-{tier.value}", listed) for tier in rest)
    return replace(_tier_plan(bp, pool, zones_of_cluster, first, "", listed), alternates=alternates)


def _tier_plan(
    bp: Blueprint,
    pool: NodePoolSpec,
    zones_of_cluster: tuple[str, ...],
    capacity: Capacity,
    suffix: str,
    listed: bool = False,
) -> PoolPlan:
    accel = Accelerator(pool.accelerator)
    tpu = catalog.tpu_topology(accel, pool.topology) if pool.topology is not None else None
    if tpu is not None:
        per_node = tpu.chips_per_host
        shapes = catalog.accelerator_shapes(bp.cloud, accel, per_node)
        # A multi-host slice is one atomic unit: exactly `hosts` nodes or none.
        max_nodes = tpu.hosts if tpu.multi_host else _required(pool.max_nodes)
    else:
        per_node = _required(pool.accelerators_per_node)
        shapes = catalog.accelerator_shapes(bp.cloud, accel, per_node)
        max_nodes = _required(pool.max_nodes)
    reserved = capacity in catalog_capacity.RESERVATION_TIERS
    zones = _pool_zones(bp, shapes[0].machine_type, zones_of_cluster, reserved)
    if reserved and pool.reservation_zone is not None:
        zones = (pool.reservation_zone,)  # capacity exists only where the reservation holds it
    elif tpu is not None and tpu.multi_host:
        zones = zones[:1]  # a slice's hosts share one zone and one placement
    shapes = tier_shapes(bp.cloud, bp.region, shapes, capacity)
    labels = {LABEL_ACCELERATOR: accel.value, LABEL_CAPACITY: capacity.value, LABEL_POOL: pool.name}
    taints = catalog.accelerator_taints(bp.cloud, accel)
    if listed and bp.cloud is Cloud.GCP:  # every tier joins the pool's ComputeClass (label and taint, GKE's rule)
        compute_class = catalog_capacity.compute_class_name(pool.name)
        labels[GKE_COMPUTE_CLASS_LABEL] = compute_class
        taints = (*taints, Taint(GKE_COMPUTE_CLASS_LABEL, compute_class))
    return PoolPlan(
        name=pool.name,
        cloud_name=tier_pool_name(bp.cloud, pool.name, capacity if suffix else None),
        accelerator=accel,
        accelerators_per_node=per_node,
        shapes=shapes,
        capacity=capacity,
        min_nodes=pool.min_nodes if not suffix else 0,  # later tiers start empty: only fallback scales them
        max_nodes=max_nodes,
        labels=MappingProxyType(labels),
        taints=taints,
        cloud_taints=catalog.cloud_added_taints(bp.cloud, capacity),
        zones=zones,
        tpu=tpu,
        spot_max_price=pool.spot_max_price if capacity is Capacity.SPOT else None,
        reservation=pool.reservation if reserved else None,
        root_volume_gib=pool.root_volume_gib,
        reservation_zone=pool.reservation_zone if reserved else None,
        resource_suffix=suffix,
    )


def tier_shapes(cloud: Cloud, region: str, shapes: tuple[Shape, ...], capacity: Capacity) -> tuple[Shape, ...]:
    """The instance types a tier's node group lists: for spot, the primary and every catalog alternate offered in
    the region (spot diversification: one spot market running dry does not stop the group); for any other tier the
    primary only (a reservation holds one type, and on-demand is priced and planned by it)."""
    if capacity is not Capacity.SPOT:
        return shapes[:1]
    return shapes[:1] + tuple(s for s in shapes[1:] if region in catalog.regions_offering(cloud, s.machine_type))


def _pool_zones(
    bp: Blueprint, machine_type: str, zones_of_cluster: tuple[str, ...], reserved: bool = False
) -> tuple[str, ...]:
    """Cluster zones the catalog read the shape open in (a reserved pool: also reservation-only zones); with no
    zone facts, all cluster zones, or none (a regional pool placed by the cloud) where the cloud allows it."""
    published = catalog.published_zones(bp.cloud, bp.region, machine_type, reserved=reserved)
    if published:
        return tuple(z for z in zones_of_cluster if z in published)  # load_blueprint ensured at least one
    return () if catalog.traits(bp.cloud).zoneless_pools else zones_of_cluster


def _system_nodes(cloud: Cloud, asked: int, zones: int) -> int:
    """The system nodes that run: on a cloud counting nodes per zone, whole rows of zones (2 over 3 zones is 3)."""
    if catalog.traits(cloud).node_count_per_zone and zones:
        return -(-asked // zones) * zones
    return asked


def _required(value: int | None) -> int:
    if value is None:  # load_blueprint rejects this before planning
        raise ValueError("plan_pool needs a blueprint accepted by load_blueprint")
    return value


def unzoned_pools(plan: ClusterPlan) -> tuple[str, ...]:
    """Pools (and preference tiers) placed in every cluster zone because the catalog read no zone of their shape in
    the region: the node group may ask zones that do not offer it (never silent)."""
    if catalog.traits(plan.cloud).zoneless_pools:
        return ()
    return tuple(
        f"{p.name}{p.resource_suffix}: no per-zone availability read for {p.shape.machine_type} in {plan.region}; "
        f"placed in every cluster zone ({', '.join(p.zones)}): confirm the zones offer it before the first up"
        for pool in plan.pools
        for p in (pool, *pool.alternates)
        if not catalog.published_zones(plan.cloud, plan.region, p.shape.machine_type,
                                       reserved=p.capacity in catalog_capacity.RESERVATION_TIERS)
    )


def capacity_degradations(plan: ClusterPlan) -> tuple[str, ...]:
    """What the stack's cloud cannot express of its pools' preference lists, one line per pool (never silent), and
    the window every Capacity Block or flex-start tier runs in."""
    windows = tuple(
        " ".join(w for w in (f"{p.name}{p.resource_suffix}: {p.capacity}", p.reservation,
                             catalog_capacity.TIER_WINDOWS[p.capacity]) if w)
        for pool in plan.pools
        for p in pool.node_groups
        if p.capacity in catalog_capacity.TIER_WINDOWS
    )
    lost = catalog_capacity.PREFERENCE_DEGRADATION.get(plan.cloud)
    if lost is None:
        return windows
    return windows + tuple(
        f"{p.name}: capacity [{', '.join(t.value for t in p.tiers)}] on {plan.cloud}: {lost} ({p.capacity})"
        for p in plan.pools
        if p.alternates
    )


def built_tiers(cloud: Cloud, pool: PoolPlan) -> tuple[Capacity, ...]:
    """The tiers the cloud builds for a pool: all of them where preference lists are realised, else the first."""
    return pool.tiers if cloud not in catalog_capacity.PREFERENCE_DEGRADATION else (pool.capacity,)


def spot_pools(plan: ClusterPlan) -> tuple[PoolPlan, ...]:
    """Pools with a spot node group built: each needs interruption handling."""
    return tuple(p for p in plan.pools if Capacity.SPOT in built_tiers(plan.cloud, p))


def interruption_lines(plan: ClusterPlan) -> tuple[str, ...]:
    """One line per spot pool: the notice the cloud gives, what drains the node, the Ray worker's stop budget."""
    facts = catalog.spot_interruption(plan.cloud)
    return tuple(
        f"{p.name}: spot notice {facts.notice_seconds} s on {plan.cloud}; {facts.handling}; "
        f"Ray worker grace {facts.worker_grace_seconds} s"
        for p in spot_pools(plan)
    )
