"""MLflow's AWS data plane: exact security inputs of the bucket, the Postgres instance and the identity, their
protection per environment, and the cloud-neutral backend the handle carries."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pulumi
import pytest

from components.aws.object_store import bucket_prefix
from tests.aws.conftest import Rendered, fresh_render, plan_of

MLFLOW = {"mlflow": {"enabled": True, "database": {"size": "medium"}}}
TAGS = {"team": "ml", "mlplatform-platform": "mlplatform", "mlplatform-environment": "prod",
        "mlplatform-managed-by": "pulumi"}
ART = "mlplatform-mlflow-artifacts"
DB = "mlplatform-mlflow-db"
BUCKET = "aws:s3/bucket:Bucket"
INSTANCE = "aws:rds/instance:Instance"
KEY_ID = "arn:aws:kms:us-east-1:123456789012:key/"


@pytest.fixture(scope="module")
def prod_ml() -> Iterator[Rendered]:
    yield fresh_render(plan_of("prod", services=MLFLOW))


@pytest.fixture(scope="module")
def dev_ml() -> Iterator[Rendered]:
    yield fresh_render(plan_of("dev", services={"mlflow": {"enabled": True}}))


def test_bucket_is_private_owner_enforced_kms_encrypted_and_versioned(prod_ml: Rendered) -> None:
    assert prod_ml.named(ART, BUCKET).inputs == {"bucketPrefix": "mlplatform-prod-mlflow-", "forceDestroy": False,
                                                  "tags": TAGS}
    bucket_id = f"{ART}-id"
    block = prod_ml.named(ART, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    assert block.inputs == {"bucket": bucket_id, "blockPublicAcls": True, "blockPublicPolicy": True,
                            "ignorePublicAcls": True, "restrictPublicBuckets": True}
    ownership = prod_ml.named(ART, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")
    assert ownership.inputs == {"bucket": bucket_id, "rule": {"objectOwnership": "BucketOwnerEnforced"}}
    sse = prod_ml.named(ART, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
    [rule] = sse.inputs["rules"]
    assert rule["bucketKeyEnabled"] is True
    assert rule["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "aws:kms"
    assert rule["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"].startswith(KEY_ID)
    key = prod_ml.named(f"{ART}-key", "aws:kms/key:Key")
    assert {k: key.inputs[k] for k in ("enableKeyRotation", "keyUsage", "customerMasterKeySpec")} == {
        "enableKeyRotation": True, "keyUsage": "ENCRYPT_DECRYPT", "customerMasterKeySpec": "SYMMETRIC_DEFAULT"}
    versioning = prod_ml.named(ART, "aws:s3/bucketVersioning:BucketVersioning")
    assert versioning.inputs == {"bucket": bucket_id, "versioningConfiguration": {"status": "Enabled"}}


def test_bucket_policy_denies_every_request_without_tls(prod_ml: Rendered) -> None:
    policy = prod_ml.named(ART, "aws:s3/bucketPolicy:BucketPolicy")
    statement = policy.inputs["policy"]["Statement"]  # a document object: known on a first preview but its ARNs
    [deny] = statement
    assert deny["Effect"] == "Deny" and deny["Principal"] == "*" and deny["Action"] == "s3:*"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    bucket_arn = deny["Resource"][0]
    assert bucket_arn.startswith("arn:aws:s3:::mlplatform-prod-mlflow-")
    assert deny["Resource"] == [bucket_arn, f"{bucket_arn}/*"]
    # the public access block is in place before a policy is attached
    assert prod_ml.named(ART, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").urn in policy.dependencies


def test_lifecycle_expires_old_versions_and_aborts_stale_uploads(prod_ml: Rendered, dev_ml: Rendered) -> None:
    lifecycle = prod_ml.named(ART, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    assert lifecycle.inputs["rules"] == [{
        "id": "expire-noncurrent-versions",
        "status": "Enabled",
        "filter": {"prefix": ""},
        "noncurrentVersionExpiration": {"noncurrentDays": 90},
        "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
    }]
    assert prod_ml.named(ART, "aws:s3/bucketVersioning:BucketVersioning").urn in lifecycle.dependencies
    dev_rules = dev_ml.named(ART, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs["rules"]
    assert dev_rules[0]["noncurrentVersionExpiration"] == {"noncurrentDays": 30}


def test_database_is_private_tls_only_encrypted_backed_up_and_ha_in_prod(prod_ml: Rendered) -> None:
    db = dict(prod_ml.named(DB, INSTANCE).inputs)
    suffix = prod_ml.named(f"{DB}-final-snapshot", "random:index/randomId:RandomId")
    assert suffix.inputs == {"byteLength": 4}
    suffix = db["finalSnapshotIdentifier"].removeprefix("mlplatform-prod-mlflow-final-")
    assert len(suffix) == 8 and int(suffix, 16) >= 0
    assert db == {
        "identifier": "mlplatform-prod-mlflow",
        "engine": "postgres",
        "engineVersion": "16",
        "engineLifecycleSupport": "open-source-rds-extended-support-disabled",
        "autoMinorVersionUpgrade": True,
        "allowMajorVersionUpgrade": False,
        "instanceClass": "db.m7g.large",
        "allocatedStorage": 50,
        "maxAllocatedStorage": 200,
        "storageType": "gp3",
        "storageEncrypted": True,
        "dbName": "mlflow",
        "username": "mlflow",
        "password": "[secret]",
        "port": 5432,
        "publiclyAccessible": False,
        "dbSubnetGroupName": "mlplatform-prod-mlflow",
        "vpcSecurityGroupIds": [f"{DB}-id"],
        "parameterGroupName": "mlplatform-prod-mlflow-postgres16",
        "caCertIdentifier": "rds-ca-rsa2048-g1",
        "iamDatabaseAuthenticationEnabled": False,
        "multiAz": True,
        "backupRetentionPeriod": 30,
        # Explicit windows (RDS picks a random slot otherwise; the maintenance window must not overlap the backup
        # window): docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html
        "backupWindow": "03:00-04:00",
        "maintenanceWindow": "sun:04:30-sun:05:30",
        "copyTagsToSnapshot": True,
        "deletionProtection": True,
        "skipFinalSnapshot": False,
        # Unique per instance: snapshots outlive the instance and their names are unique per account and region, so
        # a fixed name fails the second destroy of a rebuilt stack (DBSnapshotAlreadyExists).
        "finalSnapshotIdentifier": f"mlplatform-prod-mlflow-final-{suffix}",
        "deleteAutomatedBackups": False,
        "tags": TAGS,
    }
    params = prod_ml.named(DB, "aws:rds/parameterGroup:ParameterGroup")
    assert params.inputs["family"] == "postgres16"
    assert params.inputs["parameters"] == [{"name": "rds.force_ssl", "value": "1", "applyMethod": "immediate"}]
    subnets = prod_ml.named(DB, "aws:rds/subnetGroup:SubnetGroup")
    assert subnets.inputs["subnetIds"] == [f"mlplatform-network-private-{z}-id"
                                           for z in ("use1-az1", "use1-az2", "use1-az4")]


def test_database_admits_only_the_cluster_nodes_on_5432_and_has_no_egress(prod_ml: Rendered) -> None:
    group = prod_ml.named(DB, "aws:ec2/securityGroup:SecurityGroup")
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    assert group.inputs["vpcId"] == "mlplatform-network-id"
    rule = prod_ml.named(f"{DB}-from-nodes", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    cluster_sg = prod_ml.named("mlplatform-cluster", "aws:eks/cluster:Cluster")
    assert rule.inputs == {
        "securityGroupId": f"{DB}-id",
        "referencedSecurityGroupId": rule.inputs["referencedSecurityGroupId"],
        "ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432,
        "description": "Postgres from the EKS cluster security group (every node)",
        "tags": TAGS,
    }
    assert rule.inputs["referencedSecurityGroupId"].startswith("sg-")
    assert "cidrIpv4" not in rule.inputs
    assert cluster_sg.urn in rule.dependencies


def test_password_is_generated_and_secret_end_to_end(prod_ml: Rendered) -> None:
    password = prod_ml.named(f"{DB}-password", "random:index/randomPassword:RandomPassword")
    assert password.inputs == {"length": 40, "special": False}
    assert prod_ml.named(DB, INSTANCE).inputs["password"] == "[secret]"
    backend = prod_ml.handle.mlflow
    assert backend is not None
    # the run is finished: awaiting its resolved futures on a fresh loop reads them back
    loop = asyncio.new_event_loop()
    assert loop.run_until_complete(pulumi.Output.is_secret(backend.database.password)) is True
    assert loop.run_until_complete(pulumi.Output.is_secret(backend.database.host)) is False


def test_dev_database_is_small_single_az_and_unprotected(dev_ml: Rendered) -> None:
    db = dev_ml.named(DB, INSTANCE)
    assert {k: db.inputs[k] for k in ("instanceClass", "multiAz", "backupRetentionPeriod", "deletionProtection",
                                      "skipFinalSnapshot", "deleteAutomatedBackups")} == {
        "instanceClass": "db.t4g.small", "multiAz": False, "backupRetentionPeriod": 7, "deletionProtection": False,
        "skipFinalSnapshot": True, "deleteAutomatedBackups": True}
    assert "finalSnapshotIdentifier" not in db.inputs
    assert [r.name for r in dev_ml.inventory if r.protect] == []


def test_prod_keeps_the_bucket_usable_after_the_stack_is_gone(prod_ml: Rendered, dev_ml: Rendered) -> None:
    """What is retained must stay usable: a destroyed stack would schedule the bucket's key for deletion (every
    artifact unreadable after the window) and the settings' delete calls strip the bucket's public-access block,
    default encryption and TLS-only policy (terraform-provider-aws internal/service/s3: DeletePublicAccessBlock,
    DeleteBucketEncryption, DeleteBucketPolicy on delete). Prod keeps them all; dev destroys cleanly instead: a
    non-empty bucket is emptied (`forceDestroy`) rather than failing with BucketNotEmpty."""
    flags = {(r.type, r.name): (r.protect, r.retain_on_delete) for r in prod_ml.inventory
             if r.name.startswith("mlplatform-mlflow") and r.custom and (r.protect or r.retain_on_delete)}
    settings = ("bucketPublicAccessBlock:BucketPublicAccessBlock", "bucketOwnershipControls:BucketOwnershipControls",
                "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "bucketVersioning:BucketVersioning", "bucketPolicy:BucketPolicy",
                "bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    assert flags == {
        (BUCKET, ART): (True, True),
        ("aws:kms/key:Key", f"{ART}-key"): (True, True),
        **{(f"aws:s3/{kind}", ART): (False, True) for kind in settings},
        (INSTANCE, DB): (True, False),
    }
    assert prod_ml.named(ART, BUCKET).inputs["forceDestroy"] is False
    assert dev_ml.named(ART, BUCKET).inputs["forceDestroy"] is True
    assert not any(r.retain_on_delete for r in dev_ml.inventory)


def test_service_account_reads_and_writes_only_its_prefix_of_its_bucket(prod_ml: Rendered) -> None:
    association = prod_ml.named("mlplatform-mlflow-identity-association",
                                "aws:eks/podIdentityAssociation:PodIdentityAssociation")
    assert {k: association.inputs[k] for k in ("clusterName", "namespace", "serviceAccount")} == {
        "clusterName": "mlplatform-prod", "namespace": "mlflow", "serviceAccount": "mlflow"}
    policy = json.loads(prod_ml.named("mlplatform-mlflow-identity-policy", "aws:iam/rolePolicy:RolePolicy")
                        .inputs["policy"])
    statements = {s["Sid"]: s for s in policy["Statement"]}
    bucket_arn = statements["ListPrefixes"]["Resource"]
    assert bucket_arn.startswith("arn:aws:s3:::mlplatform-prod-mlflow-")
    assert statements == {
        "ListPrefixes": {"Sid": "ListPrefixes", "Effect": "Allow", "Action": ["s3:ListBucket"],
                         "Resource": bucket_arn,
                         "Condition": {"StringLike": {"s3:prefix": ["mlflow", "mlflow/*"]}}},
        "ReadObjects": {"Sid": "ReadObjects", "Effect": "Allow", "Action": ["s3:GetObject"],
                        "Resource": [f"{bucket_arn}/mlflow/*"]},
        "WriteObjects": {"Sid": "WriteObjects", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
                         "Resource": [f"{bucket_arn}/mlflow/*"]},
        "UseBucketKey": {"Sid": "UseBucketKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                         "Resource": statements["UseBucketKey"]["Resource"]},
    }
    assert statements["UseBucketKey"]["Resource"].startswith(KEY_ID)


def test_handle_carries_a_cloud_neutral_backend(prod_ml: Rendered) -> None:
    backend = prod_ml.handle.mlflow
    assert backend is not None
    assert (backend.identity.namespace, backend.identity.service_account) == ("mlflow", "mlflow")
    assert dict(backend.identity.annotations) == {} and dict(backend.identity.pod_labels) == {}
    assert dict(backend.artifacts.env) == {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1"}
    assert (backend.database.port, backend.database.database, backend.database.username) == (5432, "mlflow", "mlflow")
    assert [type(r).__name__ for r in backend.artifacts.ready] == [
        "BucketPublicAccessBlock", "BucketOwnershipControls", "BucketServerSideEncryptionConfiguration",
        "BucketVersioning", "BucketPolicy"]
    assert [type(r).__name__ for r in backend.database.ready] == ["Instance"]
    assert [type(r).__name__ for r in backend.identity.ready] == ["PodIdentity"]


def test_without_mlflow_there_is_no_data_plane(dev: Rendered) -> None:
    assert dev.handle.mlflow is None
    assert dev.inventory.of_type(BUCKET) == [] and dev.inventory.of_type(INSTANCE) == []


def test_bucket_prefix_carries_the_cluster_name_within_the_s3_limit() -> None:
    assert bucket_prefix("mlplatform-prod") == "mlplatform-prod-mlflow-"
    long = bucket_prefix("a-very-long-platform-name-for-a-cluster-prod")
    assert len(long) <= 37 and long.endswith("-mlflow-") and long.startswith("a-very-long-platform")


def test_data_plane_type_tokens_child_names_and_parents_are_pinned(prod_ml: Rendered) -> None:
    """Renaming one replaces a bucket or a database: every name and parent is public API."""
    names = {r.urn: r.name for r in prod_ml.inventory}
    found = {(names.get(r.parent, ""), r.type, r.name) for r in prod_ml.inventory if "mlflow" in r.name}
    s3 = "aws:s3/"
    assert found == {
        ("mlplatform", "mlplatform:aws:ArtifactBucket", ART),
        ("mlplatform", "mlplatform:aws:PostgresDatabase", DB),
        ("mlplatform", "mlplatform:aws:PodIdentity", "mlplatform-mlflow-identity"),
        (ART, "aws:kms/key:Key", f"{ART}-key"),
        (ART, BUCKET, ART),
        (ART, f"{s3}bucketPublicAccessBlock:BucketPublicAccessBlock", ART),
        (ART, f"{s3}bucketOwnershipControls:BucketOwnershipControls", ART),
        (ART, f"{s3}bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", ART),
        (ART, f"{s3}bucketVersioning:BucketVersioning", ART),
        (ART, f"{s3}bucketPolicy:BucketPolicy", ART),
        (ART, f"{s3}bucketLifecycleConfiguration:BucketLifecycleConfiguration", ART),
        (DB, "random:index/randomPassword:RandomPassword", f"{DB}-password"),
        (DB, "random:index/randomId:RandomId", f"{DB}-final-snapshot"),
        (DB, "aws:rds/subnetGroup:SubnetGroup", DB),
        (DB, "aws:ec2/securityGroup:SecurityGroup", DB),
        (DB, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", f"{DB}-from-nodes"),
        (DB, "aws:rds/parameterGroup:ParameterGroup", DB),
        (DB, INSTANCE, DB),
        ("mlplatform-mlflow-identity", "aws:iam/role:Role", "mlplatform-mlflow-identity"),
        ("mlplatform-mlflow-identity", "aws:iam/rolePolicy:RolePolicy", "mlplatform-mlflow-identity-policy"),
        ("mlplatform-mlflow-identity", "aws:eks/podIdentityAssociation:PodIdentityAssociation",
         "mlplatform-mlflow-identity-association"),
    }


def test_every_taggable_data_plane_resource_carries_the_plan_tags(prod_ml: Rendered) -> None:
    """Cost allocation: the bucket, its key, the database and its groups carry the stack's tags."""
    untaggable = {"aws:iam/rolePolicy:RolePolicy", "random:index/randomPassword:RandomPassword",
                  "random:index/randomId:RandomId"}
    tagged = [r for r in prod_ml.inventory.custom() if "mlflow" in r.name and r.type not in untaggable
              and (r.type == BUCKET or not r.type.startswith("aws:s3/"))]
    assert len(tagged) == 9
    for reg in tagged:
        assert reg.inputs["tags"] == TAGS, (reg.type, reg.name)
