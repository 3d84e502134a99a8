"""MLflow's scratch volume binds on EKS: the EBS CSI driver add-on, its Pod Identity chain to
AmazonEBSCSIDriverPolicy, and the platform's gp3 encrypted StorageClass that the in-cluster layer names."""

from __future__ import annotations

import json

from components.catalog.services import SCRATCH_STORAGE_CLASS
from components.spec.enums import Cloud
from tests.aws.conftest import Rendered

ADDON = "aws:eks/addon:Addon"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
DRIVER = "mlplatform-cluster-aws-ebs-csi-driver"
ROLE_NAME = "mlplatform-cluster-ebs-csi-role"


def test_the_ebs_csi_driver_is_a_managed_addon_bound_to_its_role_through_pod_identity(dev: Rendered) -> None:
    """The add-on's controller runs as `kube-system/ebs-csi-controller-sa`; the add-on's podIdentityAssociations
    bind that account to the role (https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html), so no IRSA
    annotation or OIDC provider is needed."""
    addon = dev.named(DRIVER, ADDON)
    role = dev.named(ROLE_NAME, ROLE)
    inputs = dict(addon.inputs)
    [association] = inputs.pop("podIdentityAssociations")
    assert association["serviceAccount"] == "ebs-csi-controller-sa"
    assert association["roleArn"].startswith(f"arn:aws:iam::123456789012:role/{ROLE_NAME}-")
    assert inputs == {
        "clusterName": "mlplatform-dev",
        "addonName": "aws-ebs-csi-driver",
        "addonVersion": "v1.57.1-eksbuild.1",
        "resolveConflictsOnCreate": "OVERWRITE",
        "resolveConflictsOnUpdate": "OVERWRITE",
        "tags": addon.inputs["tags"],
    }
    assert role.urn in addon.dependencies


def test_the_driver_role_trusts_pod_identity_and_carries_the_managed_ebs_policy(dev: Rendered) -> None:
    """Pod Identity assumes roles as `pods.eks.amazonaws.com` with sts:AssumeRole and sts:TagSession
    (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html); AmazonEBSCSIDriverPolicy grants the EC2
    volume, attachment and snapshot calls the controller makes. Volumes use the account's default EBS key
    (`encrypted: "true"`, no kmsKeyId), which that policy covers: no KMS grant."""
    role = dev.named(ROLE_NAME, ROLE)
    assert json.loads(role.inputs["assumeRolePolicy"]) == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
                       "Action": ["sts:AssumeRole", "sts:TagSession"]}],
    }
    attached = [a for a in dev.inventory.of_type(ATTACHMENT) if a.name.startswith(f"{ROLE_NAME}-")]
    assert [a.inputs["policyArn"] for a in attached] == ["arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicy"]
    assert attached[0].inputs["role"].startswith(f"{ROLE_NAME}-")
    # The add-on waits for the attachment (the role ARN resolves only once the policy is attached).
    assert attached[0].urn in dev.named(DRIVER, ADDON).dependencies
    assert not [p for p in dev.inventory.of_type("aws:iam/rolePolicy:RolePolicy") if p.name.startswith(ROLE_NAME)]


def test_the_driver_follows_the_system_nodes_and_precedes_the_accelerator_groups(dev: Rendered) -> None:
    """Its controller is a Deployment: EKS reports the add-on ACTIVE only once a node runs it
    (https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html), so it comes after the system node group,
    like CoreDNS; accelerator groups come after every add-on."""
    addon = dev.named(DRIVER, ADDON)
    assert dev.named("mlplatform-cluster-system", NODE_GROUP).urn in addon.dependencies
    assert addon.urn in dev.named("mlplatform-gpu", NODE_GROUP).dependencies
    assert addon.urn not in dev.named("mlplatform-cluster-system", NODE_GROUP).dependencies


def test_the_platform_storage_class_is_gp3_encrypted_and_named_by_the_catalog(dev: Rendered) -> None:
    """gp3 with `encrypted: "true"` on the EBS CSI provisioner (parameters:
    https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md); WaitForFirstConsumer
    puts the volume in the zone the pod's node is in. The in-cluster layer's scratch volume names the same
    catalog constant, so the PVC cannot name a class that does not exist."""
    [storage_class] = dev.inventory.of_type(STORAGE_CLASS)
    assert storage_class.inputs == {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": "mlplatform-gp3"},
        "provisioner": "ebs.csi.aws.com",
        "parameters": {"type": "gp3", "encrypted": "true"},
        "volumeBindingMode": "WaitForFirstConsumer",
        "reclaimPolicy": "Delete",
        "allowVolumeExpansion": True,
    }
    assert SCRATCH_STORAGE_CLASS[Cloud.AWS] == "mlplatform-gp3"
    assert dev.named(DRIVER, ADDON).urn in storage_class.dependencies


def test_every_cloud_names_a_class_its_clusters_have() -> None:
    """GKE's PD CSI driver (on by default on new clusters) installs standard-rwo
    (https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver); AKS has the
    built-in managed-csi (https://learn.microsoft.com/en-us/azure/aks/azure-disk-csi); EKS has the platform's own."""
    assert dict(SCRATCH_STORAGE_CLASS) == {
        Cloud.AWS: "mlplatform-gp3", Cloud.GCP: "standard-rwo", Cloud.AZURE: "managed-csi",
    }
