"""An EKS Pod Identity association is created after its role's inline policy: once the association exists, pods of
the service account receive the role's credentials (https://docs.aws.amazon.com/eks/latest/userguide/
pod-identities.html), and a pod that starts before the policy is attached gets AccessDenied on its first call. No
input of the association names the policy, so only `depends_on` orders them. A mutation run dropped it and no test
noticed (tools/README.md)."""

from __future__ import annotations

from tests.aws.conftest import Rendered

ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
POLICY = "aws:iam/rolePolicy:RolePolicy"


def test_every_pod_identity_association_waits_for_its_roles_policy(dev: Rendered) -> None:
    associations = dev.inventory.of_type(ASSOCIATION)
    assert associations
    policies = {p.name: p.urn for p in dev.inventory.of_type(POLICY)}
    for association in associations:
        own = association.name.removesuffix("-association") + "-policy"
        assert policies[own] in association.dependencies, association.name
