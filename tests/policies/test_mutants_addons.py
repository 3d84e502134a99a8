"""How the stack rules find a cluster's add-ons and diagnostic settings when the link is not a recorded dependency
(`policies/security_baseline/addons.py`): a mutation run changed each link and no test noticed (tools/README.md).

The synthetic stack links every sibling to its parent by a property dependency; a program may instead pass a plain
string (`cluster_name="c-prod"`, or a diagnostic setting's `resource_uri` built by hand), which records no
dependency (https://www.pulumi.com/docs/iac/concepts/inputs-outputs/: only an Output carries its resource). So the
rules also link an add-on by the cluster's name when that name is known, and a diagnostic setting by either its
`resourceUri` property dependency or any dependency.
"""

from __future__ import annotations

import dataclasses

import pytest

from mlplatform.engine.inventory import Inventory
from mlplatform.policy import run_packs
from mlplatform.policy.args import RECORDED_UNKNOWN
from mlplatform.policy.packs import PACKS
from tests.policies.synthetic import CONFIG, PROJECT, found, inventory, mutated, urn

EKS_NETWORK_POLICY = (
    "eks-network-policy", "violation", "eks",
    "EKS cluster eks: no vpc-cni add-on with enableNetworkPolicy: true; NetworkPolicy objects would be ignored",
)
AKS_AUDIT = ("aks-audit-logs", "violation", "aks", "AKS cluster aks: no diagnostic setting ships kube-audit logs")


def relinked(inv: Inventory, name: str, dependencies: tuple[str, ...], by_property: dict[str, tuple[str, ...]]) -> (
        Inventory):
    regs = [dataclasses.replace(r, dependencies=dependencies, property_dependencies=by_property) if r.name == name
            else r for r in inv]
    return Inventory(stack=inv.stack, registrations=regs)


def verdicts_of(inv: Inventory, policy: str) -> list[tuple[str, str, str, str]]:
    return [v for v in found(run_packs(PACKS, inv, PROJECT, CONFIG)) if v[0] == policy]


def cni_by_name(cluster_name: str, eks_name: str) -> Inventory:
    changes = {**mutated("eks-vpc-cni", (("clusterName",), cluster_name)), **mutated("eks", (("name",), eks_name))}
    return relinked(inventory(changes), "eks-vpc-cni", (), {})


@pytest.mark.parametrize(("eks_name", "addon_cluster", "expected"), [
    ("c-prod", "c-prod", []),  # the same name: the cluster's add-on
    ("c-prod", "c-dev", [EKS_NETWORK_POLICY]),  # another cluster's add-on
    # A name unknown at preview links nothing: two unknown names are not the same name.
    (RECORDED_UNKNOWN, RECORDED_UNKNOWN, [EKS_NETWORK_POLICY]),
    ("c-prod", RECORDED_UNKNOWN, [EKS_NETWORK_POLICY]),
], ids=["same-name", "other-name", "both-unknown", "addon-unknown"])
def test_an_addon_without_a_dependency_is_the_clusters_by_known_name_only(
    eks_name: str, addon_cluster: str, expected: list[tuple[str, str, str, str]],
) -> None:
    assert verdicts_of(cni_by_name(addon_cluster, eks_name), "eks-network-policy") == expected


@pytest.mark.parametrize(("dependencies", "by_property", "expected"), [
    ((urn("azure-native:containerservice:ManagedCluster", "aks"),), {}, []),
    ((), {"resourceUri": (urn("azure-native:containerservice:ManagedCluster", "aks"),)}, []),
    ((), {}, [AKS_AUDIT]),
], ids=["dependency-only", "resource-uri-only", "unlinked"])
def test_a_diagnostic_setting_ships_the_clusters_audit_logs_by_either_link(
    dependencies: tuple[str, ...], by_property: dict[str, tuple[str, ...]], expected: list[tuple[str, str, str, str]],
) -> None:
    inv = relinked(inventory(), "aks-audit", dependencies, by_property)
    assert verdicts_of(inv, "aks-audit-logs") == expected
