"""Every role grant that a later create in the same run depends on waits for propagation, not only the admins'.

Sources (cited in components/azure/propagation.py): Key Vault data-plane roles take "up to 10 minutes (600 seconds)"
to apply (learn.microsoft.com/azure/key-vault/general/rbac-guide, "Known limits and performance"): created right
after the Crypto Officer grant, the key is refused with ForbiddenByRbac, and the cluster created right after the
Crypto User grant fails AKS's KMS identity check. ARM role assignments "can take up to 10 minutes"
(learn.microsoft.com/azure/role-based-access-control/troubleshooting). Mocks cannot show a propagation delay; they
show the order: grant -> wait (with the grant's ID as trigger, so a replaced grant waits again) -> the create.
"""

from __future__ import annotations

from tests.azure.conftest import ADMIN, Rendered

SLEEP = "time:index/sleep:Sleep"
ROLE = "azure-native:authorization:RoleAssignment"
CLUSTER = "azure-native:containerservice:ManagedCluster"
KEY = "azure-native:keyvault:Key"


def test_the_key_waits_ten_minutes_for_the_officers_grant(dev: Rendered) -> None:
    wait = dev.named("mlplatform-cluster-secrets-officers-propagation", SLEEP)
    officer = dev.named(f"mlplatform-cluster-secrets-officer-{ADMIN}", ROLE)
    assert wait.inputs == {"createDuration": "10m", "triggers": {ADMIN: f"{officer.name}-id"}}
    assert officer.urn in wait.dependencies
    assert wait.urn in dev.one(KEY).dependencies


def test_the_cluster_waits_for_its_key_and_network_grants(dev: Rendered) -> None:
    crypto = dev.named("mlplatform-cluster-secrets-crypto-user-propagation", SLEEP)
    assert crypto.inputs == {"createDuration": "10m",
                             "triggers": {"cluster": "mlplatform-cluster-secrets-crypto-user-id",
                                          "private-link": "mlplatform-cluster-secrets-private-link-id"}}
    grants = dev.named("mlplatform-cluster-grants-propagation", SLEEP)
    assert grants.inputs == {"createDuration": "10m", "triggers": {
        "network": "mlplatform-cluster-network-access-id", "dns": "mlplatform-cluster-dns-access-id"}}
    cluster = dev.named("mlplatform-cluster", CLUSTER)
    assert {crypto.urn, grants.urn} <= set(cluster.dependencies)
    # The waits are independent of each other: a first deploy pays ten minutes once, not three times.
    assert crypto.urn not in grants.dependencies and grants.urn not in crypto.dependencies


def test_every_grant_a_create_depends_on_has_a_wait(prod: Rendered) -> None:
    """No create depends on a bare role assignment: it depends on the grant's wait instead."""
    grants = {r.urn for r in prod.inventory.of_type(ROLE)}
    for reg in prod.inventory:
        if reg.type == SLEEP or not reg.custom:
            continue
        bare = grants.intersection(reg.dependencies)
        assert not bare, f"{reg.name} depends on {bare} without a propagation wait"
    assert len(prod.inventory.of_type(SLEEP)) == 5  # admins, officers, crypto user, cluster grants, reservation
