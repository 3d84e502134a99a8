"""Orderings and a retention that a mutation run over `components/aws` (tools/README.md) found unpinned.

Mocks record a resource's dependencies, not the readiness they buy; the ordering is what is asserted, and why it
matters is reasoned from the provider docs:
- an EventBridge target on an SQS queue delivers only once the queue policy lets events.amazonaws.com send from
  the rule (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions),
  so the targets wait for the policy;
- a StorageClass whose provisioner is ebs.csi.aws.com provisions nothing until the EBS CSI add-on runs
  (https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html), and the Kubernetes call itself needs the admin
  access policy associations (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html).
"""

from __future__ import annotations

from components.aws.object_store import bucket_prefix
from tests.aws.conftest import Rendered, fresh_render, plan_of

TARGET = "aws:cloudwatch/eventTarget:EventTarget"
QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
ADDON = "aws:eks/addon:Addon"
ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
DB = "aws:rds/instance:Instance"
HANDLER = "mlplatform-spot-interruption"


def test_every_event_target_waits_for_the_queue_policy(dev: Rendered) -> None:
    policy = dev.named(f"{HANDLER}-queue-policy", QUEUE_POLICY)
    targets = dev.inventory.of_type(TARGET)
    assert len(targets) == 5
    assert all(policy.urn in t.dependencies for t in targets)


def test_the_scratch_storage_class_waits_for_the_ebs_driver_and_the_admin_grants(dev: Rendered) -> None:
    storage_class = dev.named("mlplatform-storage-class", STORAGE_CLASS)
    [driver] = [a for a in dev.inventory.of_type(ADDON) if a.inputs["addonName"] == "aws-ebs-csi-driver"]
    grants = {a.urn for a in dev.inventory.of_type(ASSOCIATION)}
    assert grants
    assert {driver.urn, *grants} <= set(storage_class.dependencies)


def test_staging_keeps_mlflow_backups_seven_days() -> None:
    staging = fresh_render(plan_of("staging", services={"mlflow": {"enabled": True}}))
    [db] = staging.inventory.of_type(DB)
    assert db.inputs["backupRetentionPeriod"] == 7


def test_the_bucket_prefix_is_cut_to_exactly_37_characters() -> None:
    """The provider's bucket_prefix takes at most 37 characters (63 minus its 26-character unique suffix):
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#bucket_prefix-1."""
    assert bucket_prefix("a" * 29) == "a" * 29 + "-mlflow-"
    assert bucket_prefix("a" * 30) == "a" * 29 + "-mlflow-"
    assert len(bucket_prefix("b" * 63)) == 37
