"""MLflow's GCP data plane under mocks: exact security inputs of the bucket, the Cloud SQL instance and the
Workload Identity binding, their protection in prod, and the cloud-neutral MlflowBackend in the handle."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from components.gcp import build
from components.gcp.identity import GKE_SA_ANNOTATION
from components.handle import ClusterHandle, MlflowBackend
from components.plan import ClusterPlan
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.mock_outputs.gcp import MOCK_PROJECT, MOCK_RANDOM_HEX, MOCK_SQL_PRIVATE_IP
from tests.blueprints import ADMINS

PlanOf = Callable[..., ClusterPlan]
Render = Callable[[ClusterPlan], Any]
Run = Callable[[Callable[[], Any]], dict[str, Any]]

BUCKET = "gcp:storage/bucket:Bucket"
INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance"
NETWORK_ID = "mlplatform-network-id"
MLFLOW = {"mlflow": {"enabled": True, "database": {"size": "small"}}}
DEV_TAGS = {
    "team": "ml",
    "mlplatform-environment": "dev",
    "mlplatform-managed-by": "pulumi",
    "mlplatform-platform": "mlplatform",
}


def _prod(plan_of: PlanOf, version: str) -> ClusterPlan:
    return plan_of(
        environment="prod",
        cluster={"kubernetesVersion": version, "admins": ADMINS["gcp"], "systemPool": {"nodes": 3}},
        network={"cidr": "10.31.0.0/16"},
        services={"mlflow": {"database": {"size": "medium"}}},
    )


def _backend(run: Run, plan: ClusterPlan) -> tuple[MlflowBackend, dict[str, Any]]:
    """Build under this test's mocks; resolve what the handle's MlflowBackend carries."""
    handles: list[ClusterHandle] = []

    def program() -> dict[str, Any]:
        handle = build("mlplatform", plan, pulumi.ComponentResource("mlplatform:test:Root", "root"))
        handles.append(handle)
        backend = handle.mlflow
        assert backend is not None
        return {
            "host": backend.database.host,
            "password_is_secret": pulumi.Output.is_secret(backend.database.password),
            "gsa": backend.identity.annotations[GKE_SA_ANNOTATION],
            "mlflow_uri": backend.artifacts.mlflow_uri,
            "fsspec_uri": backend.artifacts.fsspec_uri,
        }

    values = run(program)
    backend = handles[0].mlflow
    assert backend is not None
    return backend, values


def test_without_mlflow_there_is_no_data_plane(render: Render, plan_of: PlanOf) -> None:
    out = render(plan_of())
    assert out.handle.mlflow is None
    assert out.inventory.of_type(BUCKET) == [] and out.inventory.of_type(INSTANCE) == []
    assert "sqladmin.googleapis.com" not in json.dumps([r.inputs for r in out.inventory])


def test_dev_bucket_is_private_uniform_versioned_with_lifecycle(render: Render, plan_of: PlanOf) -> None:
    inv = render(plan_of(services=MLFLOW)).inventory
    [bucket] = inv.of_type(BUCKET)
    assert bucket.inputs == {
        "name": f"mlplatform-dev-mlflow-{MOCK_RANDOM_HEX}",
        "location": "US-CENTRAL1",
        "storageClass": "STANDARD",
        "uniformBucketLevelAccess": True,
        "publicAccessPrevention": "enforced",
        "versioning": {"enabled": True},
        "softDeletePolicy": {"retentionDurationSeconds": 604800.0},
        "lifecycleRules": [
            {"action": {"type": "Delete"}, "condition": {"daysSinceNoncurrentTime": 30.0}},
            {"action": {"type": "AbortIncompleteMultipartUpload"}, "condition": {"age": 7.0}},
            {"action": {"type": "Delete"}, "condition": {"age": 30.0, "matchesPrefixes": ["checkpoints/"]}},
        ],
        "forceDestroy": False,
        "labels": DEV_TAGS,
    }
    assert "encryption" not in bucket.inputs  # Google-managed keys, stated in object_store.py
    assert (bucket.protect, bucket.retain_on_delete) == (False, False)
    # No ACLs, no public members anywhere in the data plane.
    every_input = json.dumps([r.inputs for r in inv])
    assert "allUsers" not in every_input and "allAuthenticatedUsers" not in every_input
    assert inv.of_type("gcp:storage/bucketACL:BucketACL") == []


def test_dev_database_is_private_tls_only_backed_up_and_secret(mocks: Inventory, run: Run, plan_of: PlanOf) -> None:
    backend, values = _backend(run, plan_of(services=MLFLOW))
    inv = mocks
    [instance] = inv.of_type(INSTANCE)
    [address] = inv.of_type("gcp:compute/globalAddress:GlobalAddress")
    [peering] = inv.of_type("gcp:servicenetworking/connection:Connection")
    [user] = inv.of_type("gcp:sql/user:User")
    [database] = inv.of_type("gcp:sql/database:Database")
    [password] = inv.of_type("random:index/randomPassword:RandomPassword")
    assert address.inputs == {
        "name": "mlplatform-dev-psa",
        "purpose": "VPC_PEERING",
        "addressType": "INTERNAL",
        "address": "10.0.128.0",  # the third quarter of the default 10.0.0.0/16
        "prefixLength": 18.0,
        "network": NETWORK_ID,
    }
    assert peering.inputs == {
        "network": NETWORK_ID,
        "service": "servicenetworking.googleapis.com",
        "reservedPeeringRanges": ["mlplatform-dev-psa"],
        "deletionPolicy": "ABANDON",
    }
    assert instance.inputs == {
        "name": f"mlplatform-dev-mlflow-{MOCK_RANDOM_HEX[:4]}",
        "region": "us-central1",
        "databaseVersion": "POSTGRES_16",
        "deletionProtection": False,
        "settings": {
            "tier": "db-custom-1-3840",
            "edition": "ENTERPRISE",
            "availabilityType": "ZONAL",
            "diskType": "PD_SSD",
            "diskSize": 20.0,
            "diskAutoresize": True,
            "deletionProtectionEnabled": False,
            "ipConfiguration": {
                "ipv4Enabled": False,
                "privateNetwork": NETWORK_ID,
                "sslMode": "ENCRYPTED_ONLY",
                "enablePrivatePathForGoogleCloudServices": False,
            },
            "backupConfiguration": {
                "enabled": True,
                "startTime": "03:00",
                "pointInTimeRecoveryEnabled": True,
                "transactionLogRetentionDays": 7.0,
                "backupRetentionSettings": {"retainedBackups": 7.0, "retentionUnit": "COUNT"},
            },
            "retainBackupsOnDelete": False,
            "maintenanceWindow": {"day": 7.0, "hour": 3.0, "updateTrack": "stable"},
            "userLabels": DEV_TAGS,
        },
    }
    assert peering.urn in instance.dependencies  # private IP needs the peering first
    assert {r.urn for r in inv.of_type("gcp:projects/service:Service")} <= set(address.dependencies)
    assert password.inputs == {"length": 32.0, "special": False}
    assert user.inputs == {
        "name": "mlflow", "instance": instance.inputs["name"], "password": "[secret]", "deletionPolicy": "ABANDON"
    }
    assert database.inputs == {"name": "mlflow", "instance": instance.inputs["name"], "deletionPolicy": "ABANDON"}
    assert not instance.protect

    conn = backend.database
    assert (conn.port, conn.database, conn.username) == (5432, "mlflow", "mlflow")
    assert values["host"] == MOCK_SQL_PRIVATE_IP
    assert values["password_is_secret"] is True
    assert len(conn.ready) == 3


def test_dev_identity_is_workload_identity_bound_and_bucket_scoped(
    mocks: Inventory, run: Run, plan_of: PlanOf
) -> None:
    backend, values = _backend(run, plan_of(services=MLFLOW))
    inv = mocks
    [account] = [r for r in inv.of_type("gcp:serviceaccount/account:Account") if r.name.endswith("mlflow-identity")]
    [wi] = inv.of_type("gcp:serviceaccount/iAMMember:IAMMember")
    [grant] = inv.of_type("gcp:storage/bucketIAMMember:BucketIAMMember")
    email = f"mlplatform-dev-mlflow@{MOCK_PROJECT}.iam.gserviceaccount.com"
    assert account.inputs == {
        "accountId": "mlplatform-dev-mlflow",
        "displayName": "MLflow of mlplatform-dev (mlflow/mlflow)",
    }
    assert wi.inputs == {
        "serviceAccountId": f"projects/{MOCK_PROJECT}/serviceAccounts/{email}",
        "role": "roles/iam.workloadIdentityUser",
        "member": f"serviceAccount:{MOCK_PROJECT}.svc.id.goog[mlflow/mlflow]",
    }
    assert grant.inputs == {
        "bucket": f"mlplatform-dev-mlflow-{MOCK_RANDOM_HEX}",
        "role": "roles/storage.objectUser",
        "member": f"serviceAccount:{email}",
    }
    # The identity pool <project>.svc.id.goog exists once the Workload Identity cluster does.
    [cluster] = inv.of_type("gcp:container/cluster:Cluster")
    assert cluster.urn in wi.dependencies
    # Bucket-scoped only: the MLflow account holds no project-level role and no key.
    project_members = [r.inputs["member"] for r in inv.of_type("gcp:projects/iAMMember:IAMMember")]
    assert f"serviceAccount:{email}" not in project_members
    assert inv.of_type("gcp:serviceaccount/key:Key") == []

    identity = backend.identity
    assert (identity.namespace, identity.service_account, dict(identity.pod_labels)) == ("mlflow", "mlflow", {})
    assert GKE_SA_ANNOTATION == "iam.gke.io/gcp-service-account"
    assert values["gsa"] == email
    assert len(identity.ready) == 2
    uri = f"gs://mlplatform-dev-mlflow-{MOCK_RANDOM_HEX}/mlflow"
    assert (values["mlflow_uri"], values["fsspec_uri"]) == (uri, uri)
    services = {r.inputs["service"] for r in inv.of_type("gcp:projects/service:Service")}
    assert {"servicenetworking.googleapis.com", "sqladmin.googleapis.com", "storage.googleapis.com"} <= services


def test_prod_data_plane_is_regional_protected_with_final_backup(
    render: Render, plan_of: PlanOf, version: str
) -> None:
    inv = render(_prod(plan_of, version)).inventory
    [bucket] = inv.of_type(BUCKET)
    [instance] = inv.of_type(INSTANCE)
    [address] = inv.of_type("gcp:compute/globalAddress:GlobalAddress")
    settings = instance.inputs["settings"]
    assert (bucket.protect, bucket.retain_on_delete) == (True, True)
    assert instance.protect
    assert instance.inputs["deletionProtection"] is True
    assert settings["deletionProtectionEnabled"] is True
    assert settings["availabilityType"] == "REGIONAL"
    assert settings["tier"] == "db-custom-2-7680"
    assert settings["diskSize"] == 50.0
    assert settings["finalBackupConfig"] == {"enabled": True, "retentionDays": 30.0}
    assert settings["retainBackupsOnDelete"] is True
    assert settings["backupConfiguration"]["backupRetentionSettings"] == {
        "retainedBackups": 30.0, "retentionUnit": "COUNT"
    }
    assert (address.inputs["address"], address.inputs["prefixLength"]) == ("10.31.128.0", 18.0)
    assert instance.inputs["name"].startswith("mlplatform-prod-mlflow-")


@pytest.mark.parametrize("size", ["small", "medium", "large"])
def test_every_database_size_renders_its_catalog_tier(render: Render, plan_of: PlanOf, size: str) -> None:
    plan = plan_of(services={"mlflow": {"database": {"size": size}}})
    [instance] = render(plan).inventory.of_type(INSTANCE)
    assert plan.services.mlflow is not None
    assert instance.inputs["settings"]["tier"] == plan.services.mlflow.database.instance_class
    assert instance.inputs["settings"]["diskSize"] == float(plan.services.mlflow.database.storage_gib)


DATA_PLANE_TREE = {
    ("mlplatform:gcp:ArtifactBucket", "mlplatform-mlflow-artifacts", "root"),
    (BUCKET, "mlplatform-mlflow-artifacts", "mlplatform-mlflow-artifacts"),
    ("random:index/randomId:RandomId", "mlplatform-mlflow-artifacts-suffix", "mlplatform-mlflow-artifacts"),
    ("mlplatform:gcp:MlflowDatabase", "mlplatform-mlflow-db", "root"),
    ("gcp:compute/globalAddress:GlobalAddress", "mlplatform-mlflow-db-psa", "mlplatform-mlflow-db"),
    ("gcp:servicenetworking/connection:Connection", "mlplatform-mlflow-db-psa-peering", "mlplatform-mlflow-db"),
    ("random:index/randomId:RandomId", "mlplatform-mlflow-db-suffix", "mlplatform-mlflow-db"),
    (INSTANCE, "mlplatform-mlflow-db", "mlplatform-mlflow-db"),
    ("random:index/randomPassword:RandomPassword", "mlplatform-mlflow-db-password", "mlplatform-mlflow-db"),
    ("gcp:sql/database:Database", "mlplatform-mlflow-db-mlflow", "mlplatform-mlflow-db"),
    ("gcp:sql/user:User", "mlplatform-mlflow-db-user", "mlplatform-mlflow-db"),
    ("mlplatform:gcp:WorkloadAccount", "mlplatform-mlflow-identity", "root"),
    ("gcp:serviceaccount/account:Account", "mlplatform-mlflow-identity", "mlplatform-mlflow-identity"),
    (
        "gcp:serviceaccount/iAMMember:IAMMember",
        "mlplatform-mlflow-identity-workload-identity",
        "mlplatform-mlflow-identity",
    ),
    (
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "mlplatform-mlflow-identity-artifacts",
        "mlplatform-mlflow-identity",
    ),
}


def test_data_plane_types_and_names_are_pinned(render: Render, plan_of: PlanOf) -> None:
    """Renaming a stateful resource's logical name replaces the bucket or the database: the names are API."""
    inv = render(plan_of(services=MLFLOW)).inventory
    names = {r.urn: r.name for r in inv}
    tree = {(r.type, r.name, names.get(r.parent, "")) for r in inv}
    parents = {"mlplatform-mlflow-artifacts", "mlplatform-mlflow-db", "mlplatform-mlflow-identity"}
    assert {t for t in tree if t[1] in parents or t[2] in parents} == DATA_PLANE_TREE
