"""A staging stack per cloud, built by the test from the committed dev stack with `environment: staging`, rendered
under mocks: every per-environment table's staging row is asserted on the rendered resources in wire names.

The tables: AWS `LOG_RETENTION_DAYS`, `KEY_DELETION_WINDOW_DAYS` (cluster.py), `BACKUP_RETENTION_DAYS` (database.py),
`NONCURRENT_VERSION_DAYS` (object_store.py), `FLOW_LOG_RETENTION_DAYS`, `NAT_PER_ZONE` (network.py); GCP
`RELEASE_CHANNEL` (cluster.py); Azure `SKU_TIER` (cluster.py), `BACKUP_DAYS` (database.py), `SKU` (object_store.py);
everywhere `ClusterPlan.protect` (prod only), HA (`MlflowPlan.high_availability`, prod only), `MLFLOW_REPLICAS`
and the capacity default (spot outside prod, `spec/rules_capacity.py`). Staging is not prod: nothing protected or
retained, single-zone databases, spot accelerator pools, one NAT; it keeps AWS audit logs longer than dev (90 days)
and a 30-day key deletion window.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.engine.render import render

ROOT = Path(__file__).resolve().parents[2]
CLOUDS = ("aws", "gcp", "azure")
TAGS = {"cost-center": "ml-research", "mlplatform-environment": "staging", "mlplatform-managed-by": "pulumi",
        "mlplatform-platform": "mlplatform", "team": "ml-platform"}


@pytest.fixture(scope="module")
def staging(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, Inventory]:
    out = {}
    for cloud in CLOUDS:
        project = tmp_path_factory.mktemp(f"{cloud}-staging")
        for name in ("Pulumi.yaml", "__main__.py"):
            (project / name).write_text((ROOT / name).read_text())
        doc = yaml.safe_load((ROOT / "stacks" / f"Pulumi.{cloud}-dev.yaml").read_text())
        doc["config"]["mlplatform:blueprint"]["environment"] = "staging"
        (project / "stacks").mkdir()
        path = project / "stacks" / f"Pulumi.{cloud}-staging.yaml"
        path.write_text(yaml.safe_dump(doc))
        out[cloud] = render(path)
    return out


def _one(inventory: Inventory, type_token: str) -> Mapping[str, Any]:
    [only] = inventory.of_type(type_token)
    return only.inputs


def _by_name(inventory: Inventory, type_token: str) -> dict[str, Registration]:
    return {r.name: r for r in inventory.of_type(type_token)}


@pytest.mark.parametrize("cloud", CLOUDS)
def test_staging_protects_and_retains_nothing_and_runs_one_mlflow(cloud: str, staging: Mapping[str, Inventory]) -> None:
    inventory = staging[cloud]
    assert [r.name for r in inventory if r.protect] == []
    # Only AKS's KMS key is retained, in every environment: its vault is closed to azure-native's data-plane delete
    # (components/azure/encryption.py), and deleting the vault, which staging does not retain, takes the key with it.
    kept = ["mlplatform-cluster-secrets-key"] if cloud == "azure" else []
    assert [r.name for r in inventory if r.retain_on_delete] == kept
    assert not any(r.retain_on_delete for r in inventory.of_type("azure-native:keyvault:Vault"))
    assert _one(inventory, "kubernetes:apps/v1:Deployment")["spec"]["replicas"] == 1


def test_aws_staging_rows(staging: Mapping[str, Inventory]) -> None:
    inv = staging["aws"]
    cluster = _one(inv, "aws:eks/cluster:Cluster")
    assert (cluster["name"], cluster["deletionProtection"], cluster["tags"]) == ("mlplatform-staging", False, TAGS)
    assert {n: r.inputs["deletionWindowInDays"] for n, r in _by_name(inv, "aws:kms/key:Key").items()} == {
        "mlplatform-cluster-secrets": 30, "mlplatform-mlflow-artifacts-key": 30}
    assert _one(inv, "aws:cloudwatch/logGroup:LogGroup")["retentionInDays"] == 90
    assert inv.of_type("aws:ec2/flowLog:FlowLog") == []  # FLOW_LOG_RETENTION_DAYS[staging] is None
    db = _one(inv, "aws:rds/instance:Instance")
    assert {k: db[k] for k in ("backupRetentionPeriod", "multiAz", "deletionProtection", "skipFinalSnapshot",
                               "deleteAutomatedBackups", "identifier")} == {
        "backupRetentionPeriod": 7, "multiAz": False, "deletionProtection": False, "skipFinalSnapshot": True,
        "deleteAutomatedBackups": True, "identifier": "mlplatform-staging-mlflow"}
    # NAT_PER_ZONE[staging] is False: one gateway for the three private subnets' zones.
    assert list(_by_name(inv, "aws:ec2/natGateway:NatGateway")) == ["mlplatform-network-nat-use1-az1"]
    assert len(inv.of_type("aws:ec2/subnet:Subnet")) == 4
    rule, checkpoints = _one(inv, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")["rules"]
    assert rule["noncurrentVersionExpiration"] == {"noncurrentDays": 30}
    assert (checkpoints["filter"], checkpoints["expiration"]) == ({"prefix": "checkpoints/"}, {"days": 30})
    assert _one(inv, "aws:s3/bucket:Bucket")["forceDestroy"] is True
    groups = {n: (r.inputs["capacityType"], r.inputs["scalingConfig"])
              for n, r in _by_name(inv, "aws:eks/nodeGroup:NodeGroup").items()}
    assert groups == {
        "mlplatform-cluster-system": ("ON_DEMAND", {"desiredSize": 2, "maxSize": 2, "minSize": 2}),
        "mlplatform-t4-dev": ("SPOT", {"desiredSize": 0, "maxSize": 4, "minSize": 0}),
        "mlplatform-a100-train": ("SPOT", {"desiredSize": 0, "maxSize": 2, "minSize": 0}),
    }


def test_gcp_staging_rows(staging: Mapping[str, Inventory]) -> None:
    inv = staging["gcp"]
    cluster = _one(inv, "gcp:container/cluster:Cluster")
    assert (cluster["name"], cluster["releaseChannel"], cluster["deletionProtection"]) == (
        "mlplatform-staging", {"channel": "REGULAR"}, False)
    # No destroyScheduledDuration: Cloud KMS's default 30-day scheduled-destruction window
    # (https://cloud.google.com/kms/docs/destroy-restore, read 2026-12-06), the same in every environment.
    key = _one(inv, "gcp:kms/cryptoKey:CryptoKey")
    assert ("destroyScheduledDuration" in key, key["rotationPeriod"]) == (False, "7776000s")
    db = _one(inv, "gcp:sql/databaseInstance:DatabaseInstance")
    settings = db["settings"]
    assert (db["deletionProtection"], settings["deletionProtectionEnabled"], settings["retainBackupsOnDelete"],
            settings["availabilityType"]) == (False, False, False, "ZONAL")
    assert settings["backupConfiguration"] == {
        "backupRetentionSettings": {"retainedBackups": 7, "retentionUnit": "COUNT"}, "enabled": True,
        "pointInTimeRecoveryEnabled": True, "startTime": "03:00", "transactionLogRetentionDays": 7}
    assert len(inv.of_type("gcp:compute/routerNat:RouterNat")) == 1  # Cloud NAT is regional on every environment
    pools = {n: (r.inputs["nodeConfig"]["spot"], r.inputs.get("nodeCount"), r.inputs["nodeConfig"]["machineType"])
             for n, r in _by_name(inv, "gcp:container/nodePool:NodePool").items()}
    assert pools == {
        "mlplatform-cluster-system": (False, 1, "n2-standard-8"),  # medium; 2 nodes -> 1 per zone of 3
        "mlplatform-t4-dev": (True, None, "n1-standard-4"),
        "mlplatform-a100-train": (True, None, "a2-ultragpu-8g"),
        "mlplatform-v5e-dev": (True, None, "ct5lp-hightpu-8t"),
    }


def test_azure_staging_rows(staging: Mapping[str, Inventory]) -> None:
    inv = staging["azure"]
    cluster = _one(inv, "azure-native:containerservice:ManagedCluster")
    assert cluster["sku"] == {"name": "Base", "tier": "Standard"}
    [system] = cluster["agentPoolProfiles"]
    assert {k: system[k] for k in ("count", "scaleSetPriority", "vmSize", "availabilityZones")} == {
        "count": 2, "scaleSetPriority": "Regular", "vmSize": "Standard_D8s_v5", "availabilityZones": ["1", "2", "3"]}
    server = _one(inv, "azure-native:dbforpostgresql:Server")
    assert (server["backup"], server["highAvailability"]) == (
        {"backupRetentionDays": 7, "geoRedundantBackup": "Disabled"},
        {"mode": "Disabled", "standbyAvailabilityZone": ""})
    assert _one(inv, "azure-native:storage:StorageAccount")["sku"] == {"name": "Standard_LRS"}
    vault = _one(inv, "azure-native:keyvault:Vault")["properties"]
    assert (vault["softDeleteRetentionInDays"], vault["enablePurgeProtection"]) == (90, True)
    assert len(inv.of_type("azure-native:network:NatGateway")) == 1
    pools = {n: (r.inputs["scaleSetPriority"], r.inputs["scaleSetEvictionPolicy"], r.inputs["minCount"],
                 r.inputs["maxCount"]) for n, r in _by_name(inv, "azure-native:containerservice:AgentPool").items()}
    assert pools == {"mlplatform-t4-dev": ("Spot", "Delete", 0, 4), "mlplatform-a100-train": ("Spot", "Delete", 0, 2)}
