"""Waits for Azure role assignments to take effect before anything that needs them is created.

ARM returns a role assignment as created before the authorization caches everywhere have it: a create that depends
on the grant in the same run can still be refused (ForbiddenByRbac, "If role assignments were recently changed,
please wait several minutes"). Every grant that a later create depends on therefore passes through a
`time:index/sleep:Sleep` (pulumiverse-time, pinned in pyproject.toml) whose triggers are the assignments' IDs, so
the wait runs again when an assignment is replaced. Durations, by what reads the grant:
- `AKS_RBAC_WAIT` (5m): AKS's Kubernetes authorizer, "New role assignments can take up to five minutes to
  propagate" (learn.microsoft.com/azure/aks/manage-azure-rbac).
- `KEY_VAULT_WAIT` (10m): the Key Vault data plane, "it will take up to 10 minutes (600 seconds) after role
  assignments is changed for role to be applied" (learn.microsoft.com/azure/key-vault/general/rbac-guide, "Known
  limits and performance"); the same wait Azure Verified Modules put before key operations
  (Azure/terraform-azurerm-avm-res-keyvault-vault, main.keys.tf `time_sleep.wait_for_rbac_before_key_operations`).
- `ARM_WAIT` (10m): ARM's own checks of a resource provider acting on the grantee's behalf (AKS reading the subnet,
  the private DNS zone or a capacity reservation group with its identity), and the storage data plane reading a
  workload's blob role: "it can take up to 10 minutes for changes to take effect"
  (learn.microsoft.com/azure/role-based-access-control/troubleshooting, "Role assignment changes are not being
  detected").
Independent waits run in parallel, so a first deploy pays the longest one, not their sum.
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumiverse_time

AKS_RBAC_WAIT = "5m"
KEY_VAULT_WAIT = "10m"
ARM_WAIT = "10m"
SUFFIX = "propagation"


def propagation_wait(
    name: str,
    grants: Mapping[str, pulumi.CustomResource],
    duration: str,
    parent: pulumi.Resource,
) -> pulumiverse_time.Sleep:
    """A sleep of `duration` after every grant (role assignments, federated credentials; keyed by a stable label);
    depend on it, not on the grants."""
    return pulumiverse_time.Sleep(
        f"{name}-{SUFFIX}",
        create_duration=duration,
        triggers={label: grant.id for label, grant in grants.items()},
        opts=pulumi.ResourceOptions(parent=parent, depends_on=list(grants.values())),
    )
