"""Prod day 2 on AKS: upgrades inside maintenance windows with a year-end freeze, and retained audit logs.

- Maintenance (learn.microsoft.com/azure/aks/planned-maintenance): AKS reads two configurations by name,
  `aksManagedAutoUpgradeSchedule` for the cluster auto-upgrade channel and `aksManagedNodeOSUpgradeSchedule` for
  node OS images. Both are weekly windows of 4 hours (the minimum AKS accepts) at night UTC, on different days
  so a control-plane and a node-image upgrade never overlap; `notAllowedDates` freezes both over the year end.
- Audit (learn.microsoft.com/azure/aks/monitor-aks-reference): the control plane's `kube-audit-admin` category
  (every call except get/list, far smaller than `kube-audit`) goes to a Log Analytics workspace in
  resource-specific tables. The workspace keeps it `AUDIT_RETENTION_DAYS`, is protected and retained on
  delete, and carries the cluster's name (`log-<cluster>`), unique per resource group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
from pulumi_azure_native import containerservice, monitor, operationalinsights

from components.plan import ClusterPlan

AUTO_UPGRADE_SCHEDULE = "aksManagedAutoUpgradeSchedule"
NODE_OS_UPGRADE_SCHEDULE = "aksManagedNodeOSUpgradeSchedule"
WINDOW_HOURS = 4
WINDOW_START = "02:00"
UTC = "+00:00"
WEEKLY = 1
# Which day each schedule runs on (one-name-per-schedule table).
WINDOW_DAY: Mapping[str, str] = MappingProxyType({
    AUTO_UPGRADE_SCHEDULE: "Sunday",
    NODE_OS_UPGRADE_SCHEDULE: "Saturday",
})
# Year-end change freezes (start, end), inclusive dates; extend the table before the last one passes.
FREEZES: tuple[tuple[str, str], ...] = (
    ("2026-12-18", "2027-01-04"),
    ("2027-12-17", "2028-01-03"),
)
AUDIT_CATEGORY = "kube-audit-admin"
AUDIT_RETENTION_DAYS = 90
WORKSPACE_SKU = "PerGB2018"
RESOURCE_SPECIFIC = "Dedicated"


@dataclass(frozen=True, kw_only=True)
class ClusterOperationsArgs:
    plan: ClusterPlan
    resource_group_name: pulumi.Input[str]
    cluster_name: pulumi.Input[str]
    cluster_id: pulumi.Input[str]


class ClusterOperations(pulumi.ComponentResource):
    """Maintenance windows with freezes, and the control-plane audit log to a retained workspace."""

    workspace_id: pulumi.Output[str]

    def __init__(self, name: str, args: ClusterOperationsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:ClusterOperations", name, None, opts)
        plan = args.plan
        child = pulumi.ResourceOptions(parent=self)
        previous: list[pulumi.Resource] = []
        for config, day in WINDOW_DAY.items():
            # One write at a time on the cluster, as for agent pools.
            previous = [containerservice.MaintenanceConfiguration(
                f"{name}-{config}",
                config_name=config,
                resource_group_name=args.resource_group_name,
                resource_name_=args.cluster_name,
                maintenance_window=containerservice.MaintenanceWindowArgs(
                    schedule=containerservice.ScheduleArgs(
                        weekly=containerservice.WeeklyScheduleArgs(day_of_week=day, interval_weeks=WEEKLY)
                    ),
                    duration_hours=WINDOW_HOURS,
                    start_time=WINDOW_START,
                    utc_offset=UTC,
                    not_allowed_dates=[containerservice.DateSpanArgs(start=s, end=e) for s, e in FREEZES],
                ),
                opts=pulumi.ResourceOptions(parent=self, depends_on=previous),
            )]
        workspace = operationalinsights.Workspace(
            f"{name}-audit",
            workspace_name=f"log-{plan.name}",
            resource_group_name=args.resource_group_name,
            location=plan.region,
            sku=operationalinsights.WorkspaceSkuArgs(name=WORKSPACE_SKU),
            retention_in_days=AUDIT_RETENTION_DAYS,
            tags=dict(plan.tags),
            opts=pulumi.ResourceOptions(parent=self, protect=plan.protect, retain_on_delete=True),
        )
        monitor.DiagnosticSetting(
            f"{name}-audit",
            name=f"audit-{plan.name}",
            resource_uri=args.cluster_id,
            workspace_id=workspace.id,
            log_analytics_destination_type=RESOURCE_SPECIFIC,
            logs=[monitor.DiagnosticsLogSettingsArgs(category=AUDIT_CATEGORY, enabled=True)],
            opts=child,
        )
        self.workspace_id = workspace.id
        self.register_outputs({"workspace_id": self.workspace_id})
