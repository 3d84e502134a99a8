"""Resource rules over node pools (EKS node groups, GKE node pools, AKS agent pools and AKS's system pool)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs

from components import catalog
from components.spec import Accelerator, Cloud
from policies import resources as res

ON_DEMAND_ENVIRONMENTS = "onDemandEnvironments"
EXEMPT_POOLS = "exemptPools"
MAX_NODES_PER_POOL = "maxNodesPerPool"
ALLOWED_ACCELERATORS = "allowedAccelerators"
ALLOWED_REGIONS = "allowedRegions"


def _pools(args: ResourceValidationArgs) -> list[res.Pool]:
    return res.pools(args.resource_type, args.props)


def _environment(args: ResourceValidationArgs) -> str | None:
    return res.environment(args.resource_type, args.props)


def accelerator_pools_on_spot(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Accelerator pools run on spot except in the environments the config allows on-demand. A reservation is
    capacity already paid for: using it is never the extra cost this rule guards against."""
    allowed = set(args.get_config()[ON_DEMAND_ENVIRONMENTS])
    for pool in _pools(args):
        if not pool.is_accelerator or pool.spot or pool.reserved:
            continue
        env = _environment(args)
        if env is None:
            report(
                f"accelerator pool {pool.name!r} runs {pool.capacity.value} but has no environment tag; "
                f"tag it with the environment (on-demand is allowed in: {', '.join(sorted(allowed))})",
                None,
            )
        elif env not in allowed:
            report(
                f"accelerator pool {pool.name!r} runs {pool.capacity.value} in {env}; "
                f"set capacity: spot in the blueprint, or add {env!r} to {ON_DEMAND_ENVIRONMENTS} in the pack config",
                None,
            )


def accelerator_pools_scale_to_zero(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Idle accelerators cost money: every accelerator pool scales to zero. A multi-host TPU slice is
    all-or-nothing on the way up, but it scales to zero like any pool (GKE autoscales slices 0 <-> full)."""
    exempt = set(args.get_config()[EXEMPT_POOLS])
    for pool in _pools(args):
        if not pool.is_accelerator or pool.name in exempt:
            continue
        if pool.min_nodes is None:
            report(f"accelerator pool {pool.name!r} sets no minimum size; set minNodes: 0", None)
        elif pool.min_nodes > 0:
            report(
                f"accelerator pool {pool.name!r} keeps {pool.min_nodes} node(s) running when idle; "
                f"set minNodes: 0, or list the pool in {EXEMPT_POOLS} in the pack config",
                None,
            )


def pool_max_nodes(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """A pool's maximum size stays under the configured ceiling (a runaway autoscaler is a runaway bill)."""
    ceiling = int(args.get_config()[MAX_NODES_PER_POOL])
    for pool in _pools(args):
        if pool.max_nodes is None:
            report(f"pool {pool.name!r} sets no maximum size; set maxNodes (at most {ceiling})", None)
        elif pool.max_nodes > ceiling:
            report(
                f"pool {pool.name!r} may grow to {pool.max_nodes} nodes, over the ceiling of {ceiling}; "
                f"lower maxNodes, or raise {MAX_NODES_PER_POOL} in the pack config",
                None,
            )


def accelerator_allowlists(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Accelerators and regions come from allowlists (default: everything the catalog offers)."""
    config = args.get_config()
    accelerators = set(config[ALLOWED_ACCELERATORS])
    regions = set(config[ALLOWED_REGIONS])
    for pool in _pools(args):
        if not pool.is_accelerator:
            continue
        accel = pool.accelerator
        if accel is None or accel.value not in accelerators:
            shown = accel.value if accel else f"{', '.join(pool.machine_types)} (not in the catalog)"
            report(
                f"accelerator pool {pool.name!r} uses {shown}, not in {ALLOWED_ACCELERATORS}: "
                f"{', '.join(sorted(accelerators))}",
                None,
            )
        region = region_of(pool, args.provider.props if args.provider else None)
        if region is None:
            report(f"accelerator pool {pool.name!r}: its region is not set on the pool or its provider", None)
        elif region not in regions:
            allowed = ", ".join(sorted(regions))
            report(f"accelerator pool {pool.name!r} is in {region}, not in {ALLOWED_REGIONS}: {allowed}", None)


def accelerator_pools_tainted(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Only pods that tolerate the accelerator taint land on expensive nodes."""
    for pool in _pools(args):
        if pool.is_accelerator and not pool.tainted_for_accelerators:
            keys = " or ".join(res.ACCELERATOR_TAINT_KEYS)
            report(
                f"accelerator pool {pool.name!r} has no NoSchedule or NoExecute taint {keys}; other pods could fill it",
                None,
            )


def aws_spot_diversified(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """AWS spot groups list every equivalent instance type the catalog offers in their region (same GPU count,
    vCPUs, memory and EFA; see ``catalog.shapes_aws``), so one spot market running dry does not stop the group.
    Without a known region, every catalog equivalent is expected."""
    for pool in _pools(args):
        if pool.cloud is not Cloud.AWS or not pool.spot or not pool.is_accelerator or pool.accelerator is None:
            continue
        shapes = catalog.ACCELERATOR_SHAPES.get((Cloud.AWS, pool.accelerator, pool.accelerators_per_node), ())
        region = region_of(pool, args.provider.props if args.provider else None)
        offered = [
            s.machine_type for s in shapes
            if region is None or region in catalog.regions_offering(Cloud.AWS, s.machine_type)
        ]
        missing = [t for t in offered if t not in pool.machine_types]
        if missing:
            where = f" in {region}" if region else ""
            report(
                f"spot pool {pool.name!r} lists {', '.join(pool.machine_types) or 'no instance type'} but could also "
                f"use {', '.join(missing)}{where} (same GPUs, vCPUs, memory and EFA); list them so one spot market "
                "running dry does not stop the pool",
                None,
            )


def system_pool_on_demand(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """The system pool (DNS, autoscaler, operators) never runs on spot: an eviction takes the cluster down."""
    for pool in _pools(args):
        if pool.system and pool.spot:
            report(f"system pool {pool.name!r} runs on spot; set it on-demand or reserved", None)


def region_of(pool: res.Pool, provider: Mapping[str, Any] | None) -> str | None:
    """The pool's region: GKE pools carry their location; EKS and AKS pools take their provider's."""
    if pool.location:
        location = str(pool.location)
        head, _, tail = location.rpartition("-")
        return head if len(tail) == 1 and head else location  # a GCP zone 'us-central1-a' -> 'us-central1'
    key = {Cloud.AWS: "region", Cloud.GCP: "region", Cloud.AZURE: "location"}[pool.cloud]
    value = res.get(provider, key)
    return str(value) if value is not None else None


def catalog_accelerators() -> list[str]:
    return sorted({a.value for (_, a, _) in catalog.ACCELERATOR_SHAPES} & {a.value for a in Accelerator})


def catalog_regions() -> list[str]:
    return sorted({name for (_, name) in catalog.REGIONS})
