"""When GKE may upgrade a prod control plane and nodes: a weekend window and no automatic minor upgrades.

Outside prod, GKE's default (any time) is fine. In prod, patch upgrades run Saturday and Sunday 02:00-10:00 UTC
(16 h a week: GKE asks for at least 48 h of window in any 32 days, each window at least 4 h), and a
NO_MINOR_UPGRADES exclusion until the minor's end of support keeps the minor the blueprint's kubernetesVersion
names: a minor upgrade happens when that pin changes, not when the release channel moves.
Source: https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions (read 2026-11-30).
"""

from __future__ import annotations

import pulumi_gcp as gcp

from components.plan import ClusterPlan

WINDOW_START = "2026-01-03T02:00:00Z"
"""A Saturday: the window's first occurrence; fixed, so the recorded input never changes between runs."""
WINDOW_END = "2026-01-03T10:00:00Z"
WINDOW_RECURRENCE = "FREQ=WEEKLY;BYDAY=SA,SU"
EXCLUSION_NAME = "minor-upgrades-follow-the-blueprint"
EXCLUSION_START = "2026-01-01T00:00:00Z"
EXCLUSION_SCOPE = "NO_MINOR_UPGRADES"
EXCLUSION_END = "UNTIL_END_OF_SUPPORT"


def maintenance_policy(plan: ClusterPlan) -> gcp.container.ClusterMaintenancePolicyArgs | None:
    if not plan.prod:
        return None
    return gcp.container.ClusterMaintenancePolicyArgs(
        recurring_window=gcp.container.ClusterMaintenancePolicyRecurringWindowArgs(
            start_time=WINDOW_START, end_time=WINDOW_END, recurrence=WINDOW_RECURRENCE
        ),
        maintenance_exclusions=[
            gcp.container.ClusterMaintenancePolicyMaintenanceExclusionArgs(
                exclusion_name=EXCLUSION_NAME,
                start_time=EXCLUSION_START,
                exclusion_options=gcp.container.ClusterMaintenancePolicyMaintenanceExclusionExclusionOptionsArgs(
                    scope=EXCLUSION_SCOPE, end_time_behavior=EXCLUSION_END
                ),
            )
        ],
    )
