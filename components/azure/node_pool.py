"""One AKS user pool per accelerator PoolPlan tier: tainted, labelled, autoscaled from `min_nodes`.

A pool with a capacity preference list is one user pool per tier (`tier_pool_name`: `<pool>`, then `<pool>od`,
`<pool>spot`, `<pool>rsv`), each from the same table below, with the same labels and taints; later tiers start at
zero; the managed autoscaler's priority expander orders them (autoscaler.py).

GPU software (decision): AKS installs the NVIDIA driver on GPU VM sizes by default; this pool states it
explicitly (gpuProfile.driver Install), and the NVIDIA device plugin DaemonSet, which AKS does not run, is
installed by the shared components/k8s/device_plugin.py (catalog trait: device plugin managed by the
platform). The alternative, gpuProfile.driver None plus the NVIDIA GPU Operator, gives DCGM metrics and
driver-version control but moves driver lifecycle onto the platform; it is not taken now.
Sources: learn.microsoft.com/azure/aks/use-nvidia-gpu ("Use GPUs for compute-intensive workloads on
AKS": driver installed by AKS, device plugin installed by the user), learn.microsoft.com/azure/aks/
nvidia-gpu-operator (skip driver install with gpu-driver none to use the GPU Operator).

Capacity is a table (`CAPACITY`): spot pools use scaleSetPriority Spot, eviction policy Delete (deallocated
spot VMs would still count against quota and disk cost) and spotMaxPrice -1 (pay up to on-demand, never
evicted for price) or the blueprint's cap. AKS itself adds the
`kubernetes.azure.com/scalesetpriority=spot:NoSchedule` taint and label to spot pools
(learn.microsoft.com/azure/aks/spot-node-pool); it is listed in `PoolPlan.cloud_taints` for pod
tolerations and not sent here. `count` is ignored after creation: the cluster autoscaler owns it.

Zones: a pool is pinned to the plan's zones, which name zones only where the catalog read that the VM size is
offered zone by zone in the region (Azure is a `zoneless_pools` cloud in the catalog). AKS rejects a pool
whose VM size is not offered in every listed zone
("The requested size ... is currently not available in location 'eastus' zones '1,2,3'", Azure/AKS#1444,
a GPU pool that created fine without zones; AvailabilityZoneNotSupported, MicrosoftDocs/azure-aks-docs#416),
and Azure price rows carry no zone, so GPU pools are regional today: the scale set takes GPUs wherever the
region has them.

Create-only inputs (`CREATE_ONLY`): AKS fixes a pool's VM size, priority, eviction policy and spot max price
("You can't change ScaleSetPriority or SpotMaxPrice after creation", learn.microsoft.com/azure/aks/spot-node-pool),
OS disk type and size, zones, subnet and capacity reservation group at creation; a change of any of them
replaces the pool, deleting first because the pool's name is fixed (and AKS runs one pool operation at a time).
`count` is sent once, at creation (AKS requires it, pulumi/pulumi-azure-native#2943) and then ignored: the
cluster autoscaler owns it.

Upgrades (learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling): regular and reserved pools send maxSurge 0
and maxUnavailable 1, so a node-image or version upgrade drains and reimages one GPU node at a time instead of first
buying a spare 8-GPU VM that quota or the region may not have (maxUnavailable is in the pinned API, 2025-09-01).
Spot pools send no upgradeSettings at all: AKS refuses both fields on them with InvalidParameter ("Spot pools can't
set max surge", hashicorp/terraform-provider-azurerm#19355; "Spot pools can't set maxUnavailable",
hashicorp/terraform-provider-azurerm#31129), and upgrades a spot pool by reimaging nodes in place.

Reserved pools consume `plan.reservation`, the capacity reservation group's resource ID; AKS requires the
cluster's user-assigned identity to hold Contributor on the resource group that contains the group
(learn.microsoft.com/azure/aks/use-capacity-reservation-groups), granted here and propagated (propagation.py,
ARM's up-to-10-minutes) before the pool is created.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypedDict

import pulumi
from pulumi_azure_native import authorization, containerservice

from components.azure.cluster import OS_DISK_MANAGED, OS_SKU, OS_TYPE, POOL_TYPE, PRIORITY_REGULAR
from components.azure.encryption import PRINCIPAL_SERVICE, role_definition_id
from components.azure.propagation import ARM_WAIT, propagation_wait
from components.plan import PoolPlan
from components.spec import Capacity
from components.spec.naming import AZURE_RESERVATION_ID

MODE_USER = "User"
PRIORITY_SPOT = "Spot"
EVICTION_DELETE = "Delete"
SPOT_PAY_UP_TO_ON_DEMAND = -1.0
GPU_DRIVER_INSTALL = "Install"
COUNT = "count"
MAX_SURGE = "0"
MAX_UNAVAILABLE = "1"
CREATE_ONLY = (
    "vmSize",
    "scaleSetPriority",
    "scaleSetEvictionPolicy",
    "spotMaxPrice",
    "osDiskType",
    "osDiskSizeGB",
    "availabilityZones",
    "vnetSubnetID",
    "capacityReservationGroupID",
)
ROLE_CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"


def reservation_scope(reservation: str) -> tuple[str, str]:
    """(subscription id, resource group id) of a capacity reservation group's resource ID (the spec checked it)."""
    found = AZURE_RESERVATION_ID.match(reservation)
    if found is None:
        raise ValueError(f"reservation {reservation!r} is not a capacity reservation group ID")
    subscription = found["subscription"]
    return subscription, f"/subscriptions/{subscription}/resourceGroups/{found['group']}"


class CapacityFields(TypedDict, total=False):
    """The AgentPool arguments that differ by capacity (keyword names of `containerservice.AgentPool`)."""

    scale_set_priority: str
    scale_set_eviction_policy: str
    spot_max_price: float
    capacity_reservation_group_id: str | None
    upgrade_settings: containerservice.AgentPoolUpgradeSettingsArgs | None


def _one_node_at_a_time() -> containerservice.AgentPoolUpgradeSettingsArgs:
    return containerservice.AgentPoolUpgradeSettingsArgs(max_surge=MAX_SURGE, max_unavailable=MAX_UNAVAILABLE)


def _spot(pool: PoolPlan) -> CapacityFields:
    price = pool.spot_max_price if pool.spot_max_price is not None else SPOT_PAY_UP_TO_ON_DEMAND
    return {"scale_set_priority": PRIORITY_SPOT, "scale_set_eviction_policy": EVICTION_DELETE, "spot_max_price": price,
            "upgrade_settings": None}


def _on_demand(pool: PoolPlan) -> CapacityFields:
    return {"scale_set_priority": PRIORITY_REGULAR, "upgrade_settings": _one_node_at_a_time()}


def _reserved(pool: PoolPlan) -> CapacityFields:
    return {"scale_set_priority": PRIORITY_REGULAR, "capacity_reservation_group_id": pool.reservation,
            "upgrade_settings": _one_node_at_a_time()}


CAPACITY: Mapping[Capacity, Callable[[PoolPlan], CapacityFields]] = MappingProxyType({
    Capacity.SPOT: _spot,
    Capacity.ON_DEMAND: _on_demand,
    Capacity.RESERVED: _reserved,
})


@dataclass(frozen=True, kw_only=True)
class AcceleratorPoolArgs:
    pool: PoolPlan
    cluster_name: pulumi.Input[str]
    resource_group_name: pulumi.Input[str]
    subnet_id: pulumi.Input[str]
    identity_principal_id: pulumi.Input[str]  # the cluster's control-plane identity
    tags: Mapping[str, str]
    after: Sequence[pulumi.Resource] = ()  # the agent pool created before this one (AKS serializes them)


class AcceleratorPool(pulumi.ComponentResource):
    """A GPU user pool that scales between min and max nodes; tainted so only GPU pods land on it."""

    agent_pool: containerservice.AgentPool
    pool_name: pulumi.Output[str]

    def __init__(self, name: str, args: AcceleratorPoolArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:AcceleratorPool", name, None, opts)
        pool = args.pool
        after: list[pulumi.Resource] = list(args.after)
        if pool.reservation is not None:
            subscription, group = reservation_scope(pool.reservation)
            access = authorization.RoleAssignment(
                f"{name}-reservation-access",
                scope=group,
                role_definition_id=role_definition_id(subscription, ROLE_CONTRIBUTOR),
                principal_id=args.identity_principal_id,
                principal_type=PRINCIPAL_SERVICE,
                opts=pulumi.ResourceOptions(parent=self),
            )
            after.append(propagation_wait(f"{name}-reservation", {"reservation": access}, ARM_WAIT, parent=self))
        self.agent_pool = containerservice.AgentPool(
            name,
            agent_pool_name=pool.cloud_name,
            resource_name_=args.cluster_name,
            resource_group_name=args.resource_group_name,
            mode=MODE_USER,
            type=POOL_TYPE,
            os_type=OS_TYPE,
            os_sku=OS_SKU,
            vm_size=pool.shape.machine_type,
            enable_auto_scaling=True,
            min_count=pool.min_nodes,
            max_count=pool.max_nodes,
            count=pool.min_nodes,
            availability_zones=list(pool.zones) or None,
            os_disk_type=OS_DISK_MANAGED,
            os_disk_size_gb=pool.root_volume_gib,
            vnet_subnet_id=args.subnet_id,
            node_labels=dict(pool.labels),
            node_taints=[str(t) for t in pool.taints],
            gpu_profile=containerservice.GPUProfileArgs(driver=GPU_DRIVER_INSTALL),
            tags=dict(args.tags),
            **CAPACITY[pool.capacity](pool),
            opts=pulumi.ResourceOptions(
                parent=self,
                depends_on=after,
                ignore_changes=[COUNT],
                replace_on_changes=list(CREATE_ONLY),
                delete_before_replace=True,
            ),
        )
        self.pool_name = self.agent_pool.name
        self.register_outputs({"pool_name": self.pool_name})
