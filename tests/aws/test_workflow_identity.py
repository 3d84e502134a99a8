"""The ML workflow's identity chains on EKS, walked on the rendered stack: the service account the pods run as ->
the Pod Identity association naming it -> the role's inline policy on the bucket and prefixes -> the bucket's key.
And the team's namespaced access, the serving URI and Ray's storage URIs.

The namespaces and service accounts are literals here on purpose: the in-cluster layer runs the pods as the
contract's constants, so renaming one (in the contract or in the AWS code) must fail this file.
What mocks cannot show: Pod Identity credentials reach init containers too (KServe's storage initializer), which
the agent does for every container of a pod of the bound account
(https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from components.catalog import service_names as names
from mlplatform.engine.inventory import Registration
from tests.aws.conftest import Rendered, fresh_render, plan_of

SERVICES = {"mlflow": {}, "kserve": {}, "ray": {"workers": [{"pool": "gpu", "maxWorkers": 1}]}}
TEAM = ["arn:aws:iam::111122223333:role/ml-team", "arn:aws:iam::111122223333:user/alice"]
ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
# role -> (namespace, service account) the pods run as; literals, so that a rename anywhere fails.
ACCOUNTS = {"mlflow": ("mlflow", "mlflow"), "ray": ("ray", "ray"), "serving": ("ml", "model-server")}


@pytest.fixture(scope="module")
def stack() -> Iterator[Rendered]:
    yield fresh_render(plan_of("dev", services=SERVICES, team=TEAM))


def bucket_and_key(stack: Rendered) -> tuple[str, str]:
    """The artifact bucket's ARN (from its TLS-only policy) and the key its default encryption uses."""
    tls = stack.one("aws:s3/bucketPolicy:BucketPolicy").inputs["policy"]  # a document object (known at preview)
    sse: Any = stack.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
    key = sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"]
    return tls["Statement"][0]["Resource"][0], key


def granted(stack: Rendered, namespace: str, service_account: str) -> dict[str, Any]:
    """Walk association -> role -> inline policy by resource dependencies, not by name."""
    [association] = [a for a in stack.inventory.of_type(ASSOCIATION)
                     if (a.inputs["namespace"], a.inputs["serviceAccount"]) == (namespace, service_account)]
    roles = {r.urn for r in stack.inventory.of_type(ROLE)}
    [role] = set(association.property_dependencies["roleArn"]) & roles
    [policy] = [p for p in stack.inventory.of_type(ROLE_POLICY) if role in p.property_dependencies["role"]]
    assert association.inputs["clusterName"] == "mlplatform-dev"
    return {s["Sid"]: {k: v for k, v in s.items() if k != "Sid"}
            for s in json.loads(str(policy.inputs["policy"]))["Statement"]}


def test_the_pods_service_accounts_are_the_contracts_and_each_has_its_identity(stack: Rendered) -> None:
    workloads = stack.handle.workloads
    assert {role: (w.namespace, w.service_account) for role, w in workloads.items()} == ACCOUNTS
    assert ACCOUNTS["ray"] == (names.RAY_NAMESPACE, names.RAY_SERVICE_ACCOUNT)
    assert ACCOUNTS["serving"] == (names.SERVING_NAMESPACE, names.SERVING_SERVICE_ACCOUNT)
    for identity in workloads.values():  # Pod Identity needs no annotation and no pod label
        assert dict(identity.annotations) == {} and dict(identity.pod_labels) == {}
        assert "PodIdentity" in [type(r).__name__ for r in identity.ready]


def test_ray_lists_and_reads_data_and_checkpoints_and_writes_only_checkpoints(stack: Rendered) -> None:
    bucket, key = bucket_and_key(stack)
    assert granted(stack, *ACCOUNTS["ray"]) == {
        "ListPrefixes": {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": bucket, "Condition": {
            "StringLike": {"s3:prefix": ["data", "data/*", "checkpoints", "checkpoints/*"]}}},
        "ReadObjects": {"Effect": "Allow", "Action": ["s3:GetObject"],
                        "Resource": [f"{bucket}/data/*", f"{bucket}/checkpoints/*"]},
        "WriteObjects": {"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
                         "Resource": [f"{bucket}/checkpoints/*"]},
        "UseBucketKey": {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": key},
    }


def test_serving_only_lists_and_reads_models_and_only_decrypts(stack: Rendered) -> None:
    bucket, key = bucket_and_key(stack)
    assert granted(stack, *ACCOUNTS["serving"]) == {
        "ListPrefixes": {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": bucket,
                         "Condition": {"StringLike": {"s3:prefix": ["mlflow", "mlflow/*"]}}},
        "ReadObjects": {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [f"{bucket}/mlflow/*"]},
        "UseBucketKey": {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": key},
    }


def test_the_roles_trust_only_pod_identity(stack: Rendered) -> None:
    for namespace, account in (ACCOUNTS["ray"], ACCOUNTS["serving"]):
        [association] = [a for a in stack.inventory.of_type(ASSOCIATION)
                         if (a.inputs["namespace"], a.inputs["serviceAccount"]) == (namespace, account)]
        [role] = [r for r in stack.inventory.of_type(ROLE) if r.urn in association.property_dependencies["roleArn"]]
        assert json.loads(str(role.inputs["assumeRolePolicy"]))["Statement"] == [{
            "Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession"]}]


def test_serving_and_ray_uris_are_s3_uris_of_the_same_bucket(stack: Rendered) -> None:
    bucket = bucket_and_key(stack)[0].removeprefix("arn:aws:s3:::")
    assert stack.values["serving_uri"] == f"s3://{bucket}/mlflow"
    assert stack.values["ray_uris"] == [f"s3://{bucket}/data", f"s3://{bucket}/checkpoints"]
    storage = stack.handle.ray_storage
    assert storage is not None
    assert dict(storage.env) == {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1"}


def team_entries(stack: Rendered) -> dict[str, Registration]:
    return {str(e.inputs["principalArn"]): e for e in stack.inventory.of_type("aws:eks/accessEntry:AccessEntry")
            if "-team-" in e.name}


def test_the_team_maps_into_its_group_with_edit_on_its_namespace_only(stack: Rendered) -> None:
    entries = team_entries(stack)
    assert set(entries) == set(TEAM)
    for entry in entries.values():
        assert (entry.inputs["type"], entry.inputs["kubernetesGroups"]) == ("STANDARD", ["mlplatform:ml-team"])
    grants = {str(a.inputs["principalArn"]): a for a in
              stack.inventory.of_type("aws:eks/accessPolicyAssociation:AccessPolicyAssociation") if "-team-" in a.name}
    assert {arn: (g.inputs["policyArn"], g.inputs["accessScope"]) for arn, g in grants.items()} == {
        arn: ("arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", {"type": "namespace", "namespaces": ["ml"]})
        for arn in TEAM}
    assert stack.handle.team_subjects == (
        {"kind": "Group", "name": "mlplatform:ml-team", "apiGroup": "rbac.authorization.k8s.io"},)
    assert names.TEAM_GROUP == "mlplatform:ml-team" and names.TEAM_NAMESPACE == "ml"


def test_without_the_services_there_are_no_workflow_identities(dev: Rendered) -> None:
    assert dev.handle.workloads == {} and dev.handle.serving_uri is None and dev.handle.ray_storage is None
    assert dev.handle.team_subjects == () and team_entries(dev) == {}
