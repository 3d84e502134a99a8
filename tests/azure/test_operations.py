"""Prod survives day 2: maintenance windows with a freeze, retained audit logs, protected stateful parts."""

from __future__ import annotations

from tests.azure.conftest import Rendered, tags

MAINTENANCE = "azure-native:containerservice:MaintenanceConfiguration"
WORKSPACE = "azure-native:operationalinsights:Workspace"
DIAGNOSTIC = "azure-native:monitor:DiagnosticSetting"
FREEZES = [{"start": "2026-12-18", "end": "2027-01-04"}, {"start": "2027-12-17", "end": "2028-01-03"}]


def window(day: str) -> dict[str, object]:
    return {"schedule": {"weekly": {"dayOfWeek": day, "intervalWeeks": 1}}, "durationHours": 4,
            "startTime": "02:00", "utcOffset": "+00:00", "notAllowedDates": FREEZES}


def test_prod_upgrades_run_in_weekly_windows_with_a_year_end_freeze(prod: Rendered) -> None:
    configs = {r.inputs["configName"]: r for r in prod.inventory.of_type(MAINTENANCE)}
    common = {"resourceGroupName": "rg-mlplatform-prod-eastus", "resourceName": "mlplatform-prod"}
    assert configs["aksManagedAutoUpgradeSchedule"].inputs == {
        **common, "configName": "aksManagedAutoUpgradeSchedule", "maintenanceWindow": window("Sunday")}
    assert configs["aksManagedNodeOSUpgradeSchedule"].inputs == {
        **common, "configName": "aksManagedNodeOSUpgradeSchedule", "maintenanceWindow": window("Saturday")}
    # Writes on the cluster are serialized: the node-OS schedule after the other, the first pool after both.
    first, second = configs["aksManagedAutoUpgradeSchedule"], configs["aksManagedNodeOSUpgradeSchedule"]
    assert first.urn in second.dependencies
    assert second.urn in prod.named("mlplatform-a100", "azure-native:containerservice:AgentPool").dependencies


def test_prod_control_plane_audit_goes_to_a_retained_protected_workspace(prod: Rendered) -> None:
    workspace = prod.one(WORKSPACE)
    assert workspace.inputs == {
        "workspaceName": "log-mlplatform-prod",
        "resourceGroupName": "rg-mlplatform-prod-eastus",
        "location": "eastus",
        "sku": {"name": "PerGB2018"},
        "retentionInDays": 90,
        "tags": tags("prod"),
    }
    assert workspace.protect and workspace.retain_on_delete
    assert prod.one(DIAGNOSTIC).inputs == {
        "name": "audit-mlplatform-prod",
        "resourceUri": "mlplatform-cluster-id",
        "workspaceId": "mlplatform-operations-audit-id",
        "logAnalyticsDestinationType": "Dedicated",
        "logs": [{"category": "kube-audit-admin", "enabled": True}],
    }


def test_dev_has_no_windows_and_no_audit_workspace(dev: Rendered) -> None:
    assert not dev.inventory.of_type(MAINTENANCE)
    assert not dev.inventory.of_type(WORKSPACE) and not dev.inventory.of_type(DIAGNOSTIC)
