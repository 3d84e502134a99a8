"""GKE node pools: one AcceleratorPool per PoolPlan tier (GPU, single-host TPU slice, multi-host TPU slice).

A pool with a capacity preference list is one node pool per tier, each built here from its own tier plan (spot,
flex-start with its 7-day run limit, reservation affinity, location policy) and joined to the pool's ComputeClass
by label and taint (compute_class.py).

Every value comes from the plan, through the tables below for capacity (spot / reserved / on-demand) and
machine series. GPU and TPU pools differ in three small helpers only: guest accelerators (GPU), COMPACT
placement with the slice topology (multi-host TPU), and autoscaling bounds (total over zones, or the
slice's host count in its one zone). The node settings every pool shares (service account, shielded VMs,
GKE metadata server) live here too, so the system pool in ``cluster.py`` is built the same way.

Versions: every pool sets `version` to the control plane's resolved version (`Cluster.master_version`). Without it
raising `kubernetesVersion` upgrades the control plane only: node auto-upgrade follows the release channel, and
prod's NO_MINOR_UPGRADES exclusion (maintenance.py) stops it at the minor, until the nodes fall out of support and
GKE upgrades GPU nodes and TPU slices on its own schedule. With `version` set, the same `pulumi up` upgrades the
pools after the control plane (a node pool may not run newer than its control plane); patch auto-upgrades of the
control plane are read back into `master_version` and the pools follow on the next run, so the two agree rather
than fight. Source: registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_node_pool
(`version`), https://cloud.google.com/kubernetes-engine/docs/how-to/upgrading-a-cluster#upgrading-nodes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pulumi
import pulumi_gcp as gcp

from components.catalog.capacity import FLEX_START_MAX_RUN
from components.catalog.gke_local_ssd import bundled_local_ssds
from components.plan import PoolPlan
from components.spec import Capacity

CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
"""Access is governed by the node service account's IAM roles, not by legacy OAuth scopes (GKE guidance)."""
GKE_METADATA = "GKE_METADATA"
"""Workload Identity metadata server on every node: pods never see the node's credentials."""
IMAGE_TYPE = "COS_CONTAINERD"
GPU_DRIVER_VERSION = "LATEST"
"""GKE installs the NVIDIA driver itself (no device-plugin DaemonSet of ours on GKE)."""
DEFAULT_DISK_TYPE = "pd-balanced"
DISK_TYPE_BY_SERIES: Mapping[str, str] = MappingProxyType({"ct6e": "hyperdisk-balanced"})
"""Machine series whose boot disk cannot be Persistent Disk (TPU Trillium hosts take Hyperdisk only)."""
GVNIC_SERIES = frozenset({"a3"})
"""Machine series whose GPU networking needs Google Virtual NIC (A3 High: GPUDirect-TCPX runs over gVNIC)."""
COMPACT = "COMPACT"
SURGE = "SURGE"
ACCELERATOR_MAX_SURGE = 0
ACCELERATOR_MAX_UNAVAILABLE = 1
"""Accelerator pools upgrade one node at a time in place: a surge node would need a spare 8-GPU machine (or a
whole TPU slice) that spot, reservations and quotas rarely have."""
RESERVATION_KEY = "compute.googleapis.com/reservation-name"
SPECIFIC_RESERVATION = "SPECIFIC_RESERVATION"
NO_RESERVATION = "NO_RESERVATION"

TAINT_EFFECT: Mapping[str, str] = MappingProxyType(
    {"NoSchedule": "NO_SCHEDULE", "PreferNoSchedule": "PREFER_NO_SCHEDULE", "NoExecute": "NO_EXECUTE"}
)
"""Kubernetes taint effect -> GKE API enum."""

ANY = "ANY"
LOCATION_POLICY: Mapping[Capacity, str] = MappingProxyType(
    {Capacity.SPOT: ANY, Capacity.RESERVED: ANY, Capacity.ON_DEMAND: "BALANCED", Capacity.FLEX_START: ANY}
)
"""ANY follows spare spot capacity, unused reservations and the zone where flex-start finds GPUs; BALANCED spreads
on-demand nodes over zones."""
SCARCE_ACCELERATORS_PER_NODE = 8
"""On-demand machines of 8 GPUs (A3, A2 ultra) are scarce in every zone: such a pool uses ANY too, so the autoscaler
takes the zone that has capacity instead of insisting on balance and failing a scale-up ("ANY ... to prioritize
utilization of unused reservations and ... to account for current capacity constraints",
https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#location_policy)."""

RESERVATION_TYPE: Mapping[Capacity, str | None] = MappingProxyType(
    {Capacity.SPOT: NO_RESERVATION, Capacity.RESERVED: SPECIFIC_RESERVATION, Capacity.ON_DEMAND: None,
     Capacity.FLEX_START: NO_RESERVATION}
)
"""Spot and flex-start never consume reservations (flex-start draws on Dynamic Workload Scheduler's own capacity);
reserved pools consume exactly the named one; on-demand keeps GKE's default."""


def per_zone(total: int, zones: int) -> int:
    """GKE counts ``node_count``/``initial_node_count`` per zone: the smallest per-zone count reaching ``total``."""
    return math.ceil(total / max(zones, 1))


def machine_series(machine_type: str) -> str:
    return machine_type.split("-", 1)[0]


def disk_type(machine_type: str) -> str:
    return DISK_TYPE_BY_SERIES.get(machine_series(machine_type), DEFAULT_DISK_TYPE)


def gvnic(machine_type: str) -> gcp.container.NodePoolNodeConfigGvnicArgs | None:
    if machine_series(machine_type) not in GVNIC_SERIES:
        return None
    return gcp.container.NodePoolNodeConfigGvnicArgs(enabled=True)


def shielded() -> gcp.container.NodePoolNodeConfigShieldedInstanceConfigArgs:
    return gcp.container.NodePoolNodeConfigShieldedInstanceConfigArgs(
        enable_secure_boot=True, enable_integrity_monitoring=True
    )


def workload_metadata() -> gcp.container.NodePoolNodeConfigWorkloadMetadataConfigArgs:
    return gcp.container.NodePoolNodeConfigWorkloadMetadataConfigArgs(mode=GKE_METADATA)


def management() -> gcp.container.NodePoolManagementArgs:
    return gcp.container.NodePoolManagementArgs(auto_repair=True, auto_upgrade=True)


@dataclass(frozen=True, kw_only=True)
class AcceleratorPoolArgs:
    pool: PoolPlan
    cluster: pulumi.Input[str]
    location: pulumi.Input[str]
    service_account: pulumi.Input[str]
    version: pulumi.Input[str]  # the control plane's version (Cluster.master_version)
    tags: Mapping[str, str] = field(default_factory=dict)
    depends_on: Sequence[pulumi.Resource] = ()


class AcceleratorPool(pulumi.ComponentResource):
    """A GPU or TPU node pool that scales from ``min_nodes`` (0 by default) and only runs pods that tolerate it.

    Multi-host TPU slices are one atomic unit: a COMPACT placement with the slice topology in one zone,
    scaled between 0 (or all) and exactly ``hosts`` nodes. Callers rely on ``pool_name`` (the GKE name).
    """

    node_pool: gcp.container.NodePool
    pool_name: pulumi.Output[str]

    def __init__(self, name: str, args: AcceleratorPoolArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:AcceleratorPool", name, None, opts)
        pool = args.pool
        self.node_pool = gcp.container.NodePool(
            name,
            name=pool.cloud_name,
            cluster=args.cluster,
            location=args.location,
            node_locations=list(pool.zones),
            initial_node_count=per_zone(pool.min_nodes, len(pool.zones)),
            version=args.version,
            autoscaling=_autoscaling(pool),
            placement_policy=_placement(pool),
            management=management(),
            upgrade_settings=accelerator_upgrades(),
            node_config=_node_config(pool, args.service_account, args.tags),
            # initialNodeCount only seeds the pool (and forces replacement if changed); the autoscaler owns
            # the size afterwards, so a later minNodes change must not recreate the pool.
            opts=pulumi.ResourceOptions(
                parent=self, depends_on=list(args.depends_on), ignore_changes=["initialNodeCount"]
            ),
        )
        self.pool_name = self.node_pool.name
        self.register_outputs({"pool_name": self.pool_name})


def accelerator_upgrades() -> gcp.container.NodePoolUpgradeSettingsArgs:
    return gcp.container.NodePoolUpgradeSettingsArgs(
        strategy=SURGE, max_surge=ACCELERATOR_MAX_SURGE, max_unavailable=ACCELERATOR_MAX_UNAVAILABLE
    )


def local_ssd(machine_type: str) -> gcp.container.NodePoolNodeConfigEphemeralStorageLocalSsdConfigArgs | None:
    """The bundled Local SSDs as ephemeral storage (emptyDir, image layers), stated so GKE's read-back matches."""
    count = bundled_local_ssds(machine_type)
    if count == 0:
        return None
    return gcp.container.NodePoolNodeConfigEphemeralStorageLocalSsdConfigArgs(local_ssd_count=count)


def _autoscaling(pool: PoolPlan) -> gcp.container.NodePoolAutoscalingArgs:
    """Total bounds over the pool's zones; a multi-host slice (one zone) uses GKE's per-zone max = hosts.

    GKE docs (TPUs in GKE Standard): a multi-host slice pool autoscales with ``--max-nodes`` equal to the
    slice's host count and is created/removed atomically, so min is 0 (scale to zero) or all hosts.
    """
    policy = location_policy(pool)
    if pool.tpu is not None and pool.tpu.multi_host:
        return gcp.container.NodePoolAutoscalingArgs(
            min_node_count=pool.min_nodes, max_node_count=pool.max_nodes, location_policy=policy
        )
    return gcp.container.NodePoolAutoscalingArgs(
        total_min_node_count=pool.min_nodes, total_max_node_count=pool.max_nodes, location_policy=policy
    )


def location_policy(pool: PoolPlan) -> str:
    if pool.tpu is None and pool.accelerators_per_node >= SCARCE_ACCELERATORS_PER_NODE:
        return ANY
    return LOCATION_POLICY[pool.capacity]


def _placement(pool: PoolPlan) -> gcp.container.NodePoolPlacementPolicyArgs | None:
    if pool.tpu is None or not pool.tpu.multi_host:
        return None
    return gcp.container.NodePoolPlacementPolicyArgs(type=COMPACT, tpu_topology=pool.tpu.topology)


def _guest_accelerators(pool: PoolPlan) -> list[gcp.container.NodePoolNodeConfigGuestAcceleratorArgs] | None:
    accelerator_type = pool.shape.gcp_accelerator_type
    if pool.tpu is not None or accelerator_type is None:
        return None  # TPU machine types carry their chips; there is nothing to attach
    return [
        gcp.container.NodePoolNodeConfigGuestAcceleratorArgs(
            type=accelerator_type,
            count=pool.accelerators_per_node,
            gpu_driver_installation_config=gcp.container.NodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfigArgs(
                gpu_driver_version=GPU_DRIVER_VERSION
            ),
        )
    ]


def _reservation(pool: PoolPlan) -> gcp.container.NodePoolNodeConfigReservationAffinityArgs | None:
    kind = RESERVATION_TYPE[pool.capacity]
    if kind is None:
        return None
    if kind == SPECIFIC_RESERVATION:
        return gcp.container.NodePoolNodeConfigReservationAffinityArgs(
            consume_reservation_type=kind, key=RESERVATION_KEY, values=[pool.reservation or ""]
        )
    return gcp.container.NodePoolNodeConfigReservationAffinityArgs(consume_reservation_type=kind)


def _node_config(
    pool: PoolPlan, service_account: pulumi.Input[str], tags: Mapping[str, str]
) -> gcp.container.NodePoolNodeConfigArgs:
    machine_type = pool.tpu.machine_type if pool.tpu is not None else pool.shape.machine_type
    flex = pool.capacity is Capacity.FLEX_START  # GKE flex-start: waits for GPUs, each node runs at most 7 days
    return gcp.container.NodePoolNodeConfigArgs(
        machine_type=machine_type,
        guest_accelerators=_guest_accelerators(pool),
        spot=pool.spot,
        flex_start=True if flex else None,
        max_run_duration=FLEX_START_MAX_RUN if flex else None,
        reservation_affinity=_reservation(pool),
        labels=dict(pool.labels),
        taints=[
            gcp.container.NodePoolNodeConfigTaintArgs(key=t.key, value=t.value, effect=TAINT_EFFECT[t.effect])
            for t in pool.taints
        ],
        resource_labels=dict(tags),
        disk_size_gb=pool.root_volume_gib,
        disk_type=disk_type(machine_type),
        image_type=IMAGE_TYPE,
        gvnic=gvnic(machine_type),
        ephemeral_storage_local_ssd_config=local_ssd(machine_type),
        service_account=service_account,
        oauth_scopes=[CLOUD_PLATFORM_SCOPE],
        workload_metadata_config=workload_metadata(),
        shielded_instance_config=shielded(),
    )
