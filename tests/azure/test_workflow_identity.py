"""The ML workflow's identity chains on AKS, walked on the rendered stack: the Kubernetes service account's
azure.workload.identity/client-id annotation -> the user-assigned identity with that client ID -> its federated
credential's subject (exactly system:serviceaccount:<namespace>:<service account>) -> its blob data role on the
artifact container with the ABAC condition that keeps it to its prefixes. And the team's access and the URIs.

Namespaces and service accounts are literals: the in-cluster layer runs the pods as the contract's constants, so
a rename anywhere must fail here. What mocks cannot show: condition evaluation and role propagation (up to five
minutes, https://learn.microsoft.com/azure/aks/manage-azure-rbac; each identity's `ready` ends with that wait).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from components.catalog import service_names as names
from mlplatform.engine.inventory import Registration
from mlplatform.engine.mock_outputs.azure import guid
from tests.azure.conftest import Rendered, fresh_render, plan_of

SERVICES = {"mlflow": {}, "kserve": {}, "ray": {"workers": [{"pool": "a100-spot", "maxWorkers": 1}]}}
TEAM = ["00000000-0000-4000-8000-0000000000aa", "00000000-0000-4000-8000-0000000000bb"]
ACCOUNTS = {"mlflow": ("mlflow", "mlflow"), "ray": ("ray", "ray"), "serving": ("ml", "model-server")}
CLIENT_ID = "azure.workload.identity/client-id"
READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe"
BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs"
RAY_CONDITION = (
    f"((!(ActionMatches{{'{BLOBS}/read'}} AND NOT SubOperationMatches{{'Blob.List'}})) OR "
    f"(@Resource[{BLOBS}:path] StringLike 'data/*' OR @Resource[{BLOBS}:path] StringLike 'checkpoints/*')) AND "
    f"((!(ActionMatches{{'{BLOBS}/read'}} AND SubOperationMatches{{'Blob.List'}})) OR "
    f"(@Request[{BLOBS}:prefix] StringStartsWith 'data/' OR @Request[{BLOBS}:prefix] StringStartsWith "
    f"'checkpoints/')) AND "
    f"((!(ActionMatches{{'{BLOBS}/write'}}) AND !(ActionMatches{{'{BLOBS}/add/action'}}) AND "
    f"!(ActionMatches{{'{BLOBS}/delete'}}) AND !(ActionMatches{{'{BLOBS}/move/action'}})) OR "
    f"(@Resource[{BLOBS}:path] StringLike 'checkpoints/*'))"
)
SERVING_CONDITION = (
    f"((!(ActionMatches{{'{BLOBS}/read'}} AND NOT SubOperationMatches{{'Blob.List'}})) OR "
    f"(@Resource[{BLOBS}:path] StringLike 'mlflow/*')) AND "
    f"((!(ActionMatches{{'{BLOBS}/read'}} AND SubOperationMatches{{'Blob.List'}})) OR "
    f"(@Request[{BLOBS}:prefix] StringStartsWith 'mlflow/'))"
)


@pytest.fixture(scope="module")
def stack() -> Iterator[Rendered]:
    yield fresh_render(plan_of("dev", services=SERVICES, team=TEAM))


def chain(stack: Rendered, namespace: str, service_account: str) -> tuple[Registration, Registration]:
    """annotation -> identity -> (federated credential, role assignment), by client ID and dependencies."""
    role = next(r for r, w in stack.handle.workloads.items() if (w.namespace, w.service_account) == (
        namespace, service_account))
    client_id = stack.values["annotations"][role][CLIENT_ID]
    [identity] = [i for i in stack.inventory.of_type("azure-native:managedidentity:UserAssignedIdentity")
                  if guid(f"{i.name}/client") == client_id]
    [federation] = [f for f in stack.inventory.of_type("azure-native:managedidentity:FederatedIdentityCredential")
                    if identity.urn in f.property_dependencies["resourceName"]]
    assert (federation.inputs["subject"], federation.inputs["audiences"]) == (
        f"system:serviceaccount:{namespace}:{service_account}", ["api://AzureADTokenExchange"])
    [access] = [a for a in stack.inventory.of_type("azure-native:authorization:RoleAssignment")
                if identity.urn in a.property_dependencies.get("principalId", ())]
    container = stack.one("azure-native:storage:BlobContainer")
    assert container.urn in access.property_dependencies["scope"]  # the artifact container, nothing wider
    return federation, access


def test_the_pods_service_accounts_are_the_contracts_and_carry_the_binding(stack: Rendered) -> None:
    workloads = stack.handle.workloads
    assert {role: (w.namespace, w.service_account) for role, w in workloads.items()} == ACCOUNTS
    assert ACCOUNTS["ray"] == (names.RAY_NAMESPACE, names.RAY_SERVICE_ACCOUNT)
    assert ACCOUNTS["serving"] == (names.SERVING_NAMESPACE, names.SERVING_SERVICE_ACCOUNT)
    for workload in workloads.values():
        assert dict(workload.pod_labels) == {"azure.workload.identity/use": "true"}
        assert [type(r).__name__ for r in workload.ready][-1] == "Sleep"  # role propagation


def test_ray_reads_data_and_checkpoints_and_writes_only_checkpoints(stack: Rendered) -> None:
    _, access = chain(stack, *ACCOUNTS["ray"])
    assert str(access.inputs["roleDefinitionId"]).endswith(f"/roleDefinitions/{CONTRIBUTOR}")
    assert (access.inputs["condition"], access.inputs["conditionVersion"]) == (RAY_CONDITION, "2.0")


def test_serving_only_reads_and_lists_the_models(stack: Rendered) -> None:
    _, access = chain(stack, *ACCOUNTS["serving"])
    assert str(access.inputs["roleDefinitionId"]).endswith(f"/roleDefinitions/{READER}")
    assert (access.inputs["condition"], access.inputs["conditionVersion"]) == (SERVING_CONDITION, "2.0")


def test_the_account_needs_no_key_grant(stack: Rendered) -> None:
    account = stack.one("azure-native:storage:StorageAccount")
    assert account.inputs["encryption"]["keySource"] == "Microsoft.Storage"  # type: ignore[index]
    assert account.inputs["allowSharedKeyAccess"] is False  # every request carries the pod's Entra token


def test_serving_uri_is_the_https_blob_form_kserve_accepts(stack: Rendered) -> None:
    account = str(stack.one("azure-native:storage:StorageAccount").inputs["accountName"])
    assert stack.values["serving_uri"] == f"https://{account}.blob.core.windows.net/artifacts/mlflow"
    assert stack.values["ray_uris"] == [f"abfs://artifacts@{account}.dfs.core.windows.net/data",
                                        f"abfs://artifacts@{account}.dfs.core.windows.net/checkpoints"]


def test_the_team_gets_credentials_and_writes_only_in_its_namespace(stack: Rendered) -> None:
    grants = [a for a in stack.inventory.of_type("azure-native:authorization:RoleAssignment") if "-team-" in a.name]
    cluster = stack.one("azure-native:containerservice:ManagedCluster")
    got = sorted((str(a.inputs["principalId"]), str(a.inputs["roleDefinitionId"]).rsplit("/", 1)[-1],
                  str(a.inputs["scope"]).removeprefix(f"{cluster.name}-id")) for a in grants)
    assert got == sorted([(m, "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", "") for m in TEAM]
                         + [(m, "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb", "/namespaces/ml") for m in TEAM])
    assert stack.handle.team_subjects == tuple(
        {"kind": "Group", "name": m, "apiGroup": "rbac.authorization.k8s.io"} for m in TEAM)
