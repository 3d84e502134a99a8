"""The ML workflow's identity chains on GKE, walked on the rendered stack: the Kubernetes service account (and its
iam.gke.io/gcp-service-account annotation) -> the Google service account it names -> the workloadIdentityUser
binding whose member is exactly that namespace/service account -> the roles on managed folders of the bucket.
And the webhook firewall rule, the team's access and the URIs.

Namespaces and service accounts are literals: the in-cluster layer runs the pods as the contract's constants, so
a rename anywhere must fail here. What mocks cannot show: that GKE's control plane calls the webhook from the
address GKE reports (checked on a live cluster as docs/deploy-gcp.md says), and IAM propagation (the 2-minute
wait is reasoned from https://cloud.google.com/iam/docs/access-change-propagation).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from components.catalog import service_names as names
from components.gcp.identity import GKE_SA_ANNOTATION
from components.plan import ClusterPlan
from mlplatform.engine.mock_outputs.gcp import MOCK_PRIVATE_ENDPOINT, MOCK_PROJECT, MOCK_RANDOM_HEX
from tests.blueprints import ADMINS
from tests.gcp.conftest import Rendered

SERVICES = {"mlflow": {}, "kserve": {}, "ray": {"workers": [{"pool": "gpu", "maxWorkers": 1}]}}
POOLS = [{"name": "gpu", "accelerator": "nvidia-l4", "acceleratorsPerNode": 1, "maxNodes": 2}]
TEAM = ["group:ml-team@example.com", "user:alice@example.com", "serviceAccount:ci@proj.iam.gserviceaccount.com"]
ACCOUNTS = {"mlflow": ("mlflow", "mlflow"), "ray": ("ray", "ray"), "serving": ("ml", "model-server")}
BUCKET = f"mlplatform-dev-mlflow-{MOCK_RANDOM_HEX}"


@pytest.fixture
def stack(plan_of: Callable[..., ClusterPlan], render: Callable[[ClusterPlan], Rendered], version: str) -> Rendered:
    return render(plan_of(services=SERVICES, nodePools=POOLS,
                          cluster={"kubernetesVersion": version, "admins": ADMINS["gcp"], "team": TEAM}))


def folder_grants(stack: Rendered, namespace: str, service_account: str) -> dict[str, str]:
    """Walk annotation -> account -> Workload Identity member -> managed-folder roles, by dependencies."""
    identity = next(w for w in stack.handle.workloads.values()
                    if (w.namespace, w.service_account) == (namespace, service_account))
    role = next(r for r, w in stack.handle.workloads.items() if w is identity)
    email = stack.values["annotations"][role][GKE_SA_ANNOTATION]
    [account] = [a for a in stack.inventory.of_type("gcp:serviceaccount/account:Account")
                 if f"{a.inputs['accountId']}@{MOCK_PROJECT}.iam.gserviceaccount.com" == email]
    [binding] = [b for b in stack.inventory.of_type("gcp:serviceaccount/iAMMember:IAMMember")
                 if account.urn in b.property_dependencies["serviceAccountId"]]
    assert (binding.inputs["role"], binding.inputs["member"]) == (
        "roles/iam.workloadIdentityUser", f"serviceAccount:{MOCK_PROJECT}.svc.id.goog[{namespace}/{service_account}]")
    grants = [g for g in stack.inventory.of_type("gcp:storage/managedFolderIamMember:ManagedFolderIamMember")
              if account.urn in g.property_dependencies["member"]]
    assert {g.inputs["bucket"] for g in grants} == {BUCKET}
    assert all(g.inputs["member"] == f"serviceAccount:{email}" for g in grants)
    # Nothing on the bucket or the project: only managed folders.
    assert not [b for b in stack.inventory.of_type("gcp:storage/bucketIAMMember:BucketIAMMember")
                if account.urn in b.property_dependencies.get("member", ())]
    return {str(g.inputs["managedFolder"]): str(g.inputs["role"]) for g in grants}


def test_the_pods_service_accounts_are_the_contracts(stack: Rendered) -> None:
    workloads = stack.handle.workloads
    assert {role: (w.namespace, w.service_account) for role, w in workloads.items()} == ACCOUNTS
    assert ACCOUNTS["ray"] == (names.RAY_NAMESPACE, names.RAY_SERVICE_ACCOUNT)
    assert ACCOUNTS["serving"] == (names.SERVING_NAMESPACE, names.SERVING_SERVICE_ACCOUNT)
    for role in ("ray", "serving"):
        assert [type(r).__name__ for r in workloads[role].ready][-1] == "Sleep"  # IAM propagation wait
        assert dict(workloads[role].pod_labels) == {}


def test_ray_reads_data_and_reads_and_writes_checkpoints_only(stack: Rendered) -> None:
    assert folder_grants(stack, *ACCOUNTS["ray"]) == {
        "data/": "roles/storage.objectViewer", "checkpoints/": "roles/storage.objectUser"}


def test_serving_reads_the_models_only(stack: Rendered) -> None:
    assert folder_grants(stack, *ACCOUNTS["serving"]) == {"mlflow/": "roles/storage.objectViewer"}


def test_the_folders_exist_in_the_artifact_bucket_and_need_no_key_grant(stack: Rendered) -> None:
    folders = stack.inventory.of_type("gcp:storage/managedFolder:ManagedFolder")
    assert sorted((f.inputs["bucket"], f.inputs["name"]) for f in folders) == [
        (BUCKET, "checkpoints/"), (BUCKET, "data/"), (BUCKET, "mlflow/")]
    bucket = stack.one("gcp:storage/bucket:Bucket")
    assert "encryption" not in bucket.inputs  # Google-managed keys: no KMS grant in any chain
    assert bucket.inputs["uniformBucketLevelAccess"] is True  # managed folders require it


def test_uris_are_gs_uris_of_the_same_bucket(stack: Rendered) -> None:
    assert stack.values["serving_uri"] == f"gs://{BUCKET}/mlflow"
    assert stack.values["ray_uris"] == [f"gs://{BUCKET}/data", f"gs://{BUCKET}/checkpoints"]
    assert stack.handle.ray_storage is not None and dict(stack.handle.ray_storage.env) == {}


def test_the_control_plane_reaches_kserves_webhook_on_the_nodes(stack: Rendered) -> None:
    rule = stack.one("gcp:compute/firewall:Firewall")
    nodes = next(a for a in stack.inventory.of_type("gcp:serviceaccount/account:Account")
                 if a.inputs["accountId"].endswith("-nodes"))
    assert {k: rule.inputs[k] for k in ("direction", "sourceRanges", "targetServiceAccounts", "allows")} == {
        "direction": "INGRESS",
        "sourceRanges": [f"{MOCK_PRIVATE_ENDPOINT}/32"],
        "targetServiceAccounts": [f"{nodes.inputs['accountId']}@{MOCK_PROJECT}.iam.gserviceaccount.com"],
        "allows": [{"protocol": "tcp", "ports": ["9443"]}],
    }
    # Every in-cluster step (the KServe install included) waits for the rule.
    assert "Firewall" in [type(r).__name__ for r in stack.handle.api_ready]


def test_the_team_may_get_credentials_and_is_bound_by_rbac_only(stack: Rendered) -> None:
    grants = [g for g in stack.inventory.of_type("gcp:projects/iAMMember:IAMMember") if "-team-" in g.name]
    assert sorted((g.inputs["role"], g.inputs["member"]) for g in grants) == sorted(
        ("roles/container.clusterViewer", m) for m in TEAM)
    assert stack.handle.team_subjects == (
        {"kind": "Group", "name": "ml-team@example.com", "apiGroup": "rbac.authorization.k8s.io"},
        {"kind": "User", "name": "alice@example.com", "apiGroup": "rbac.authorization.k8s.io"},
        {"kind": "User", "name": "ci@proj.iam.gserviceaccount.com", "apiGroup": "rbac.authorization.k8s.io"},
    )
