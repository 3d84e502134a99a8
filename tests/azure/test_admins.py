"""Declared admins, and only they, administer the cluster; the first Kubernetes call waits for their role."""

from __future__ import annotations

from mlplatform.engine.mock_outputs.azure import DEPLOYER_OBJECT_ID, SUBSCRIPTION_ID
from tests.azure.conftest import ADMIN, fresh_render, plan_of

ROLE = "azure-native:authorization:RoleAssignment"
SLEEP = "time:index/sleep:Sleep"
CLUSTER_ADMIN = f"/subscriptions/{SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/" \
                "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"  # Azure Kubernetes Service RBAC Cluster Admin
GROUP = "00000000-0000-4000-8000-0000000000f1"


def test_each_admin_is_cluster_admin_at_cluster_scope_and_nobody_else() -> None:
    built = fresh_render(plan_of("dev", admins=[ADMIN, GROUP]))
    admins = {r.name: r for r in built.inventory.of_type(ROLE) if r.name.startswith("mlplatform-admins-")}
    assert {n: r.inputs for n, r in admins.items()} == {
        # principalType unset: ARM resolves a user, a group or a service principal.
        f"mlplatform-admins-{ADMIN}": {"scope": "mlplatform-cluster-id", "roleDefinitionId": CLUSTER_ADMIN,
                                       "principalId": ADMIN},
        f"mlplatform-admins-{GROUP}": {"scope": "mlplatform-cluster-id", "roleDefinitionId": CLUSTER_ADMIN,
                                       "principalId": GROUP},
    }
    # The identity running the program is granted nothing by being the runner.
    assert all(r.inputs["principalId"] != DEPLOYER_OBJECT_ID for r in built.inventory.of_type(ROLE))
    wait = built.named("mlplatform-admins-propagation", SLEEP)
    assert wait.inputs == {
        "createDuration": "5m",  # "up to five minutes to propagate" (learn.microsoft.com/azure/aks/manage-azure-rbac)
        "triggers": {ADMIN: f"mlplatform-admins-{ADMIN}-id", GROUP: f"mlplatform-admins-{GROUP}-id"},
    }
    assert {r.urn for r in admins.values()} <= set(wait.dependencies)
    cluster = built.named("mlplatform-cluster", "azure-native:containerservice:ManagedCluster")
    assert all(cluster.urn in r.dependencies for r in admins.values())
