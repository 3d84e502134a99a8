"""A GKE custom ComputeClass per pool with a capacity preference list: the order GKE's autoscaler takes its tiers in.

Decision: one node pool per tier, named in `spec.priorities[].nodepools`, not node pool auto-creation. Each tier is
then a node pool this program declares like any other (`node_pool.py`): the node service account, shielded nodes,
GKE metadata server, pinned version, one-node-at-a-time upgrades, disk type, gVNIC and bundled Local SSDs; the pool's
labels and accelerator taint; its own bounds (the preferred tier from `minNodes`, later tiers from 0, each up to
`maxNodes`), so it scales to zero; and a reserved tier's specific reservation affinity on the pool itself (a
`nodepools` rule takes no other field, so `reservations.affinity: Specific` lives on that pool). Auto-created pools
would take none of that from the blueprint: they are created outside the stack (no review, policy or cost sees them),
cannot keep a minimum above zero, and follow the class's `nodePoolConfig` rather than the platform's hardening.

Each tier's pool carries the node label and NoSchedule taint `cloud.google.com/compute-class=<class>` (GKE's rule for
manually created pools, about-custom-compute-classes#manual-node-pools); the pool's pods select the class by that
label (`PoolPlan.node_selector`) and tolerate the taint, so they land on any tier, preferred first.
`whenUnsatisfiable: DoNotScaleUp`: when no tier has capacity the pods wait instead of GKE building other hardware;
`activeMigration.optimizeRulePriority: false`: moving a running training pod back to a preferred tier is an eviction,
which the pool's checkpoints survive but should not pay for on every capacity change.
A flex-start tier is one more `nodepools` rule: its node pool sets `flexStart` (GKE's Dynamic Workload Scheduler
finds the GPUs; each node runs at most seven days, `maxRunDuration`), so it can sit anywhere in the order.
Queued provisioning is not a tier: a pool with `queuedProvisioning` admits only pods of a ProvisioningRequest (Kueue
or the workload's own), so it is no transparent fallback for the pool's pods (`plan` and the README say so).
CRD fields: https://cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass (read 2026-12-07).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.catalog.capacity import compute_class_name
from components.plan import PoolPlan

API_VERSION = "cloud.google.com/v1"
KIND = "ComputeClass"
DO_NOT_SCALE_UP = "DoNotScaleUp"


def compute_class_spec(pool: PoolPlan) -> dict[str, Any]:
    """The class's spec: one `nodepools` rule per tier, preferred first."""
    return {
        "description": f"mlplatform pool {pool.name}: capacity {' > '.join(t.value for t in pool.tiers)}",
        "priorities": [{"nodepools": [group.cloud_name]} for group in pool.node_groups],
        "nodePoolAutoCreation": {"enabled": False},
        "activeMigration": {"optimizeRulePriority": False},
        "whenUnsatisfiable": DO_NOT_SCALE_UP,
    }


@dataclass(frozen=True, kw_only=True)
class CapacityOrderArgs:
    pool: PoolPlan  # a pool with alternates
    provider: k8s.Provider
    after: Sequence[pulumi.Resource] = ()  # the API path and the tier node pools


class CapacityOrder(pulumi.ComponentResource):
    """The ComputeClass that orders one listed pool's tier node pools; callers rely on ``class_name``."""

    compute_class: k8s.apiextensions.CustomResource
    class_name: pulumi.Output[str]

    def __init__(self, name: str, args: CapacityOrderArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:CapacityOrder", name, None, opts)
        self.compute_class = k8s.apiextensions.CustomResource(
            name,
            api_version=API_VERSION,
            kind=KIND,
            metadata=k8s.meta.v1.ObjectMetaArgs(name=compute_class_name(args.pool.name)),
            spec=compute_class_spec(args.pool),
            opts=pulumi.ResourceOptions(parent=self, provider=args.provider, depends_on=list(args.after)),
        )
        self.class_name = pulumi.Output.from_input(compute_class_name(args.pool.name))
        self.register_outputs({"class_name": self.class_name})
