"""How the security rules find a cluster's add-ons, a bucket's sibling settings and an EKS pool's image when the
link is not a recorded dependency or the AMI is not named (`policies/security_baseline/addons.py`, `storage.py`,
`nodes.py`): a mutation run changed each and no test noticed (tools/README.md).

The synthetic stack links every sibling to its parent by a property dependency; a program may instead pass a plain
string (`cluster_name="c-prod"`, or a diagnostic setting's `resource_uri` built by hand), which records no
dependency (https://www.pulumi.com/docs/iac/concepts/inputs-outputs/: only an Output carries its resource). So the
rules also link an add-on (or a bucket's versioning) by the parent's name when that name is known, and a diagnostic
setting by either its `resourceUri` property dependency or any dependency.
"""

from __future__ import annotations

import dataclasses

import pytest

from mlplatform.engine.inventory import Inventory
from mlplatform.policy import run_packs
from mlplatform.policy.args import RECORDED_UNKNOWN
from mlplatform.policy.packs import PACKS
from tests.policies.synthetic import CONFIG, DROP, PROJECT, found, inventory, mutated, urn

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


VERSIONING_OFF = ("buckets-versioned", "violation", "art", "bucket art: object versioning is off")


@pytest.mark.parametrize(("bucket", "named", "expected"), [
    ("art", "art", []),
    ("art", "logs", [VERSIONING_OFF]),
    ("art", RECORDED_UNKNOWN, [VERSIONING_OFF]),
    (RECORDED_UNKNOWN, "art", [VERSIONING_OFF]),  # the bucket's own name unknown: nothing links by name
], ids=["same-name", "other-name", "sibling-unknown", "bucket-unknown"])
def test_bucket_versioning_without_a_dependency_links_by_known_name_only(
    bucket: str, named: str, expected: list[tuple[str, str, str, str]],
) -> None:
    changes = {**mutated("art-versioning", (("bucket",), named)), **mutated("art", (("bucket",), bucket))}
    assert verdicts_of(relinked(inventory(changes), "art-versioning", (), {}), "buckets-versioned") == expected


def test_an_eks_pool_with_a_launch_template_and_no_ami_type_is_out_of_sight() -> None:
    # amiType unset with a launch template: the template's own image (a custom AMI) boots the nodes
    # (https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html#launch-template-custom-ami).
    assert verdicts_of(inventory(mutated("eks-system", (("amiType",), DROP))), "hardened-node-images") == []


def test_an_eks_pool_with_neither_boots_the_default_ami_and_is_refused() -> None:
    changes = mutated("eks-system", (("amiType",), DROP), (("launchTemplate",), DROP))
    assert verdicts_of(inventory(changes), "hardened-node-images") == [(
        "hardened-node-images", "violation", "eks-system",
        "eks-system: AMI type default is not Amazon Linux 2023 or Bottlerocket",
    )]
