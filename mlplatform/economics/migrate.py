"""Re-target a stack's neutral blueprint to another cloud, and plan the move.

``retarget`` writes nothing: it maps the region (``region_map``, or the caller's), sets the target cloud's
provider keys, and takes out the pools the target cannot run (TPUs off GCP, an accelerator count or shape the
target does not offer there), each with the replacements the catalog suggests (``catalog.gpu_alternatives``:
GPU offerings ranked by accelerator memory per node). The result validates: a pool the blueprint rules still
reject on the target is moved to ``unmovable`` with the rule's own message.

``plan_move`` adds what the move costs: the one-off egress of the artifact data out of the source cloud at list
price, the source cloud's exit waiver, the transfer tool of the target, and the phased plan.
"""

from __future__ import annotations

import copy
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from components import catalog
from components.catalog import egress
from components.spec import Accelerator, AcceleratorKind, Blueprint, BlueprintError, Cloud, load_blueprint
from components.spec.errors import Problem
from components.spec.naming import ADMIN_PLACEHOLDERS
from components.spec.stackconfig import PROVIDER_REGION_KEY
from mlplatform.economics.region_map import NEAREST, nearest_region
from mlplatform.engine.stackfile import BLUEPRINT_KEY

GCP_PROJECT_KEY = "gcp:project"
_PROVIDER_NAMESPACES = frozenset(ns for ns, _ in PROVIDER_REGION_KEY.values())
_POOL_PATH = re.compile(r"^nodePools\[(\d+)\]")


@dataclass(frozen=True)
class Unmovable:
    pool: str
    reason: str
    alternatives: tuple[str, ...]  # on the target, best fit first


@dataclass(frozen=True)
class Retarget:
    source: Cloud
    target: Cloud
    region: str
    region_note: str
    config: dict[str, Any]  # the target stack file's config section
    blueprint: Blueprint
    unmovable: tuple[Unmovable, ...]
    notes: tuple[str, ...]


def _alternatives(pool: Mapping[str, Any], to: Cloud) -> tuple[str, ...]:
    try:
        accel = Accelerator(str(pool.get("accelerator")))
    except ValueError:
        return ()
    per_node = pool.get("acceleratorsPerNode")
    if accel.kind is AcceleratorKind.TPU and pool.get("topology"):
        try:
            per_node = catalog.tpu_topology(accel, str(pool["topology"])).chips_per_host
        except catalog.CatalogError:
            per_node = None
    return catalog.gpu_alternatives(accel, int(per_node or 1), to)


def _cannot_run(pool: Mapping[str, Any], to: Cloud) -> str | None:
    """Why ``to`` cannot run ``pool`` at all (None when the catalog offers it; placement is checked later)."""
    try:
        accel = Accelerator(str(pool.get("accelerator")))
    except ValueError:
        return None  # the blueprint rules report an unknown accelerator
    if accel.kind is AcceleratorKind.TPU and not catalog.traits(to).tpus:
        return f"{accel} is a TPU; TPUs exist only on gcp"
    counts = catalog.offered(to).get(accel)
    if counts is None:
        return f"{to} does not offer {accel}"
    per_node = pool.get("acceleratorsPerNode")
    if accel.kind is AcceleratorKind.GPU and per_node is not None and int(per_node) not in counts:
        return f"{to} offers {accel} only {' / '.join(f'x{n}' for n in counts)} per node, not x{per_node}"
    return None


def _config(source_config: Mapping[str, Any], raw: dict[str, Any], to: Cloud, region: str) -> tuple[dict[str, Any],
                                                                                                        list[str]]:
    notes = []
    config = {k: v for k, v in source_config.items() if k.split(":", 1)[0] not in _PROVIDER_NAMESPACES}
    namespace, key = PROVIDER_REGION_KEY[to]
    config[f"{namespace}:{key}"] = region
    if to is Cloud.GCP:
        project = str(source_config.get(GCP_PROJECT_KEY) or f"{raw.get('name', 'mlplatform')}-{raw['environment']}")
        config[GCP_PROJECT_KEY] = project
        if GCP_PROJECT_KEY not in source_config:
            notes.append(f"{GCP_PROJECT_KEY} set to {project!r}: change it to the project that will hold the stack")
    config[BLUEPRINT_KEY] = raw
    return dict(sorted(config.items(), key=lambda kv: kv[0] == BLUEPRINT_KEY)), notes


def _regions_fitting(pools: list[dict[str, Any]], to: Cloud) -> tuple[str, ...]:
    """Catalog regions of ``to`` offering the primary shape of every one of ``pools``."""
    regions = {r for c, r in catalog.REGIONS if c is to}
    for pool in pools:
        accel = Accelerator(str(pool.get("accelerator")))
        per_node = pool.get("acceleratorsPerNode")
        if accel.kind is AcceleratorKind.TPU:
            per_node = catalog.tpu_topology(accel, str(pool.get("topology"))).chips_per_host
        try:
            shape = catalog.accelerator_shapes(to, accel, int(per_node or 0))[0]
        except catalog.CatalogError:
            continue  # the blueprint rules name this pool's problem
        regions &= catalog.regions_offering(to, shape.machine_type)
    return tuple(sorted(regions))


def retarget(
    source: Blueprint,
    raw: Mapping[str, Any],
    source_config: Mapping[str, Any],
    to: Cloud,
    region: str | None = None,
    admins: tuple[str, ...] = (),
    taken: tuple[str, ...] = (),
) -> Retarget:
    """The target cloud's stack config for ``raw`` (the source's blueprint as written); raises BlueprintError
    when a problem outside the pools remains (e.g. a name the target's rules refuse).

    Identities and attachments belong to the source cloud: ``cluster.admins`` becomes ``admins`` (or a
    placeholder that names nobody, with a note), and ``network.hub`` is dropped with a note. Without ``region``
    the nearest region is taken when it keeps every pool the target can run, else the first catalog region
    that does (the note says which pools the nearest would drop). The target runs beside the source during
    the move, so its ``network.cidr`` is the next free range of the same size outside the source's, the
    hub's and ``taken`` (the other stacks' ranges)."""
    bp = copy.deepcopy(dict(raw))
    target_region, region_note = region or "", f"--region {region}"
    if not region:
        target_region, region_note = _default_region(source, [p for p in bp.get("nodePools", [])
                                                              if _cannot_run(p, to) is None], to)
    bp["cloud"], bp["region"] = to.value, target_region
    notes: list[str] = _own_range(bp, taken) + _retarget_identities(bp, source.cloud, to, admins)
    unmovable: list[Unmovable] = []
    kept = []
    for pool in bp.get("nodePools", []):
        why = _cannot_run(pool, to)
        if why is None:
            kept.append(pool)
        else:
            unmovable.append(Unmovable(str(pool.get("name")), why, _alternatives(pool, to)))
        if pool.get("reservation"):
            notes.append(f"{pool.get('name')}: reservation {pool['reservation']!r} belongs to {source.cloud}; "
                         f"reserve capacity on {to} and set its name")
    bp["nodePools"] = kept
    runnable = list(kept)
    while True:  # each pass takes out at least one pool, so this ends
        notes += _drop_workers_of_missing_pools(bp)
        try:
            blueprint = load_blueprint(bp)
            break
        except BlueprintError as exc:
            if not all(_POOL_PATH.match(p.path) for p in exc.problems):
                raise
            failing: dict[int, str] = {}
            for problem in exc.problems:
                match = _POOL_PATH.match(problem.path)
                if match:
                    failing.setdefault(int(match.group(1)), f"{problem.path.split('.', 1)[-1]}: {problem.message}")
            for i in sorted(failing, reverse=True):
                pool = bp["nodePools"].pop(i)
                unmovable.append(Unmovable(str(pool.get("name")), failing[i], _alternatives(pool, to)))
    if len(bp["nodePools"]) < len(runnable):
        fits = _regions_fitting(runnable, to)
        notes.append(f"every pool {to} can run fits in: {', '.join(fits)}; pass --region" if fits else
                     f"no {to} catalog region offers every pool {to} can run")
    config, config_notes = _config(source_config, bp, to, target_region)
    return Retarget(source.cloud, to, target_region, region_note, config, blueprint, tuple(unmovable),
                    tuple(notes + config_notes))


def _default_region(source: Blueprint, runnable: list[dict[str, Any]], to: Cloud) -> tuple[str, str]:
    """The nearest region when it keeps every runnable pool, else the first catalog region that does."""
    nearest = nearest_region(source.cloud, source.region, to)
    where = NEAREST.get((source.cloud, source.region), ("", {}))[0]
    note = f"nearest {to} catalog region to {source.region}" + (f" ({where})" if where else "")
    fits = _regions_fitting(runnable, to)
    if nearest in fits or not fits:
        return nearest, note
    listed = [r for c, r in catalog.REGIONS if c is to]
    why = f"the first {to} catalog region that keeps every pool: the {note}, {nearest}, does not offer them all"
    return min(fits, key=listed.index), why


def _own_range(bp: dict[str, Any], taken: tuple[str, ...]) -> list[str]:
    """Give the target its own ``network.cidr``: the next range of the same size that overlaps nothing taken."""
    network = bp.get("network") or {}
    cidr = network.get("cidr")
    if not isinstance(cidr, str):
        return []
    source = ipaddress.ip_network(cidr, strict=False)
    used = [ipaddress.ip_network(c, strict=False) for c in (cidr, *(network.get("hub") or {}).get("cidrs", []), *taken)]
    block = source.supernet(new_prefix=8) if source.prefixlen > 8 else source
    for candidate in block.subnets(new_prefix=source.prefixlen):
        clear = not any(candidate.overlaps(u) for u in used if u.version == candidate.version)
        if int(candidate.network_address) > int(source.network_address) and clear:
            network["cidr"] = str(candidate)
            return [f"network.cidr {candidate} (the source keeps {cidr}; both run during the move and route "
                    "through one hub)"]
    raise BlueprintError([Problem("network.cidr", f"no free range of the size of {cidr} in {block} after it")])


def _drop_workers_of_missing_pools(bp: dict[str, Any]) -> list[str]:
    """Ray worker groups follow their pools: a group whose pool could not move goes too (with a note)."""
    ray = (bp.get("services") or {}).get("ray") or {}
    pools = {p.get("name") for p in bp.get("nodePools", [])}
    workers = ray.get("workers", [])
    gone = [w for w in workers if w.get("pool") not in pools]
    if gone:
        ray["workers"] = [w for w in workers if w.get("pool") in pools]
    return [f"services.ray worker group on {w.get('pool')!r} removed with its pool" for w in gone]


def _retarget_identities(bp: dict[str, Any], source: Cloud, to: Cloud, admins: tuple[str, ...]) -> list[str]:
    notes = []
    cluster = bp.setdefault("cluster", {})
    if admins:
        cluster["admins"] = list(admins)
    else:
        cluster["admins"] = [ADMIN_PLACEHOLDERS[to]]
        notes.append(f"cluster.admins set to the placeholder {ADMIN_PLACEHOLDERS[to]!r}, which names nobody: "
                     f"pass --admin with the {to} principals that administer the cluster")
    hub = bp.get("network", {}).pop("hub", None)
    if hub is not None:
        notes.append(f"network.hub {hub.get('id')!r} is a {source} network; attach the {to} stack to its own hub "
                     "(network.hub) or its first deploy must run inside the network it creates")
    return notes


# --- The move: egress, transfer, phases -----------------------------------------------------------
@dataclass(frozen=True)
class DataMove:
    tb: float
    list_usd: float  # one-off egress at list price out of the source cloud
    waiver: str  # the source cloud's exit waiver and its conditions
    waiver_source: str
    tool: str
    tool_source: str


def data_move(source: Cloud, target: Cloud, tb: float) -> DataMove:
    rate = egress.EGRESS[source]
    service = egress.TRANSFER_SERVICES[target]
    appliance = tb >= egress.APPLIANCE_FROM_TB
    return DataMove(
        tb=tb,
        list_usd=egress.one_off_usd(source, tb * egress.GB_PER_TB),
        waiver=f"{rate.exit_waiver.program}: {rate.exit_waiver.conditions}",
        waiver_source=rate.exit_waiver.source.url,
        tool=egress.transfer_tool(target, tb),
        tool_source=(service.appliance_source if appliance else service.source).url,
    )


@dataclass(frozen=True)
class Phase:
    name: str
    steps: tuple[str, ...]


def phases(source_stack: str, target_stack: str, move: DataMove, unmovable: tuple[Unmovable, ...]) -> tuple[Phase,
                                                                                                            ...]:
    """The phased plan: assess, replicate data, stand up the target, run both and cut over, decommission."""
    replace = [f"decide a replacement for {u.pool} ({u.alternatives[0] if u.alternatives else 'none offered'})"
               for u in unmovable]
    return (
        Phase("assess", (f"review the parity flags and costs of {source_stack} -> {target_stack}", *replace,
                         "request the exit waiver if the whole platform leaves the source cloud")),
        Phase("replicate data", (f"copy {move.tb:g} TB of artifacts with {move.tool}",
                                 "copy the MLflow database (dump and restore, or the target's migration service)",
                                 "keep syncing until cut-over")),
        Phase("stand up the target", (f"pulumi up -s {target_stack}", "point MLflow at the replicated store",
                                      "run a smoke training job and an inference on every pool")),
        Phase("run both and cut over", ("run new work on the target while the source drains",
                                        "final data sync, then switch clients to the target's MLflow and endpoints")),
        Phase("decommission", (f"pulumi destroy -s {source_stack} once nothing reads from it (protected "
                               "resources need their protection lifted first)",
                               "delete the source data after the retention period")),
    )
