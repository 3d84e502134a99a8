"""Block storage for pods: the EBS CSI driver add-on, its identity, and the platform's gp3 StorageClass.

EKS installs no block storage driver: without `aws-ebs-csi-driver` a PersistentVolumeClaim (MLflow's scratch
volume) stays Pending. The driver's controller (a Deployment, service account `kube-system/ebs-csi-controller-sa`)
calls the EC2 volume APIs as a role bound through EKS Pod Identity; the add-on's own `podIdentityAssociations`
creates the binding with the add-on, so the controller's first pod already receives credentials. The role carries
the AWS managed `AmazonEBSCSIDriverPolicy`. Because the controller is a Deployment, EKS reports the add-on ACTIVE
only once it runs: it follows the system node group, like CoreDNS.

The StorageClass is the platform's (the name comes from `services.SCRATCH_STORAGE_CLASS`, the one the in-cluster
layer reads): gp3 (cheaper per GiB than gp2, with a 3000 IOPS baseline at any size), `encrypted: "true"` with the
account's default EBS key (`aws/ebs`, no `kmsKeyId`): the managed policy covers it and no KMS grant is needed.
`WaitForFirstConsumer` creates the volume in the zone of the node the pod lands on.
Sources: https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html,
https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html (Pod Identity for add-ons),
https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md (type, encrypted),
https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEBSCSIDriverPolicy.html
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from components.aws.addons import ADDON_CONFLICTS
from components.aws.identity import ASSUME_ROLE, POD_IDENTITY_PRINCIPAL, TAG_SESSION, ServiceRole, service_role
from components.catalog.eks_addons import EBS_CSI_DRIVER, addon_version
from components.catalog.services import SCRATCH_STORAGE_CLASS
from components.spec.enums import Cloud

CONTROLLER_NAMESPACE = "kube-system"
CONTROLLER_SERVICE_ACCOUNT = "ebs-csi-controller-sa"  # fixed by the add-on
DRIVER_POLICIES = ("AmazonEBSCSIDriverPolicy",)
PROVISIONER = "ebs.csi.aws.com"
STORAGE_CLASS_NAME = SCRATCH_STORAGE_CLASS[Cloud.AWS]
STORAGE_CLASS_PARAMETERS: Mapping[str, str] = MappingProxyType({"type": "gp3", "encrypted": "true"})
BINDING_MODE = "WaitForFirstConsumer"
RECLAIM_POLICY = "Delete"


def ebs_csi_driver(
    name: str,
    cluster_name: pulumi.Input[str],
    kubernetes_version: str,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> tuple[ServiceRole, aws.eks.Addon]:
    """The driver's Pod Identity role `<name>-ebs-csi-role` and the add-on `<name>-aws-ebs-csi-driver` bound to it;
    `opts` carries the ordering (after the system node group)."""
    role = service_role(
        f"{name}-ebs-csi-role",
        service=POD_IDENTITY_PRINCIPAL,
        actions=(ASSUME_ROLE, TAG_SESSION),
        policies=DRIVER_POLICIES,
        tags=tags,
        opts=pulumi.ResourceOptions(parent=opts.parent),
    )
    addon = aws.eks.Addon(
        f"{name}-{EBS_CSI_DRIVER}",
        cluster_name=cluster_name,
        addon_name=EBS_CSI_DRIVER,
        addon_version=addon_version(EBS_CSI_DRIVER, kubernetes_version),
        pod_identity_associations=[aws.eks.AddonPodIdentityAssociationArgs(
            service_account=CONTROLLER_SERVICE_ACCOUNT, role_arn=role.arn,
        )],
        resolve_conflicts_on_create=ADDON_CONFLICTS,
        resolve_conflicts_on_update=ADDON_CONFLICTS,
        tags=dict(tags),
        opts=opts,
    )
    return role, addon


def scratch_storage_class(
    name: str, provider: k8s.Provider, after: list[pulumi.Resource], parent: pulumi.Resource
) -> k8s.storage.v1.StorageClass:
    """The gp3 encrypted class the in-cluster layer's volumes name, once the driver and the API are ready."""
    return k8s.storage.v1.StorageClass(
        f"{name}-storage-class",
        metadata=k8s.meta.v1.ObjectMetaArgs(name=STORAGE_CLASS_NAME),
        provisioner=PROVISIONER,
        parameters=dict(STORAGE_CLASS_PARAMETERS),
        volume_binding_mode=BINDING_MODE,
        reclaim_policy=RECLAIM_POLICY,
        allow_volume_expansion=True,
        opts=pulumi.ResourceOptions(parent=parent, provider=provider, depends_on=after),
    )
