"""What the subscription must have switched on before an Azure stack's first deploy, said by preflight and plan.

Every AKS pool is encrypted at host (components/azure/cluster.py, node_pool.py); AKS refuses such a pool unless the
subscription has the feature Microsoft.Compute/EncryptionAtHost registered
(https://learn.microsoft.com/azure/aks/enable-host-encryption, "Register the EncryptionAtHost feature"). A mock
cannot see a subscription's features, so the offline tools say so instead.
"""

from __future__ import annotations

from mlplatform.economics.preflight import preflight, render
from tests.azure.conftest import plan_of

FEATURE = "Microsoft.Compute/EncryptionAtHost"


def test_preflight_and_plan_name_the_encryption_at_host_feature() -> None:
    result = preflight("azure-dev", plan_of("dev"), None)
    [prerequisite] = result.prerequisites
    assert FEATURE in prerequisite
    assert "az feature register --namespace Microsoft.Compute --name EncryptionAtHost" in prerequisite
    assert f"  prerequisite: {prerequisite}" in render(result).splitlines()
    assert result.summary().endswith("; 1 account prerequisite(s) to enable first (see preflight)")
    assert result.ok  # a prerequisite is a note to act on, not a capacity finding
