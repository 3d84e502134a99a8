"""A synthetic stack that passes every rule of both packs: one of each resource type the rules read.

Props are written in the providers' wire names (checked against the installed SDKs); a test mutates one
value and asserts the exact verdicts. Buckets' and databases' siblings point at their parent through
property dependencies, as a program passing `bucket=bucket.id` does.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from mlplatform.inventory import Inventory, Registration
from mlplatform.policy import StackVerdicts, run_packs
from mlplatform.policy.packs import PACKS

STACK, PROJECT = "synthetic", "mlplatform"
CONFIG = {"aws:region": "us-east-1", "gcp:region": "us-central1", "azure-native:location": "eastus"}
TAGS = {"team": "ml", "cost-center": "research", "mlplatform-environment": "prod"}
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}
SECURE_CONTAINER = {
    "name": "app",
    "image": "example/app:1.0.0",
    "securityContext": {"allowPrivilegeEscalation": False, "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}},
    "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
}
# A document object, as the AWS object store passes it: on a first preview only the ARNs are unknown.
DENY_HTTP: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::art", "arn:aws:s3:::art/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ],
}


def _container(name: str) -> dict[str, Any]:
    return {**copy.deepcopy(SECURE_CONTAINER), "name": name}


def urn(resource_type: str, name: str) -> str:
    return f"urn:pulumi:{STACK}::{PROJECT}::{resource_type}::{name}"


# name -> (type, inputs, {property: parent name}, protect)
RESOURCES: Mapping[str, tuple[str, dict[str, Any], dict[str, str], bool]] = {
    "eks": (
        "aws:eks/cluster:Cluster",
        {
            "name": "c-prod",
            "version": "1.35",
            "vpcConfig": {"endpointPrivateAccess": True, "endpointPublicAccess": False, "subnetIds": ["s1"]},
            "encryptionConfig": {"resources": ["secrets"], "provider": {"keyArn": "arn:aws:kms:us-east-1:1:key/k"}},
            "enabledClusterLogTypes": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            "accessConfig": {"authenticationMode": "API"},
            "tags": TAGS,
        },
        {},
        True,
    ),
    "eks-pod-identity": (
        "aws:eks/addon:Addon",
        {"addonName": "eks-pod-identity-agent", "clusterName": "c-prod"},
        {"clusterName": "eks"},
        False,
    ),
    "eks-vpc-cni": (
        "aws:eks/addon:Addon",
        {"addonName": "vpc-cni", "clusterName": "c-prod", "configurationValues": '{"enableNetworkPolicy": "true"}'},
        {"clusterName": "eks"},
        False,
    ),
    "gpu-lt": (
        "aws:ec2/launchTemplate:LaunchTemplate",
        {"metadataOptions": {"httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": 1.0}},
        {},
        False,
    ),
    "eks-system": (
        "aws:eks/nodeGroup:NodeGroup",
        {
            "nodeGroupNamePrefix": "system-",
            "clusterName": "c-prod",
            "version": "1.35",
            "instanceTypes": ["m7i.2xlarge"],
            "capacityType": "ON_DEMAND",
            "amiType": "AL2023_x86_64_STANDARD",
            "scalingConfig": {"minSize": 2.0, "maxSize": 2.0, "desiredSize": 2.0},
            "labels": {"mlplatform.io/pool": "system"},
            "launchTemplate": {"id": "gpu-lt-id", "version": "1"},
            "tags": TAGS,
        },
        {"clusterName": "eks"},
        False,
    ),
    "eks-h100": (
        "aws:eks/nodeGroup:NodeGroup",
        {
            "nodeGroupName": "h100",
            "clusterName": "c-prod",
            "version": "1.35",
            "instanceTypes": ["p5.48xlarge"],
            "capacityType": "SPOT",
            "amiType": "AL2023_x86_64_NVIDIA",
            "scalingConfig": {"minSize": 0.0, "maxSize": 2.0, "desiredSize": 0.0},
            "taints": [GPU_TAINT],
            "labels": {"mlplatform.io/pool": "h100", "mlplatform.io/accelerator": "nvidia-h100-80gb"},
            "launchTemplate": {"id": "gpu-lt-id", "version": "1"},
            "tags": TAGS,
        },
        {"clusterName": "eks"},
        False,
    ),
    "node-ecr": (
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        {"role": "nodes", "policyArn": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"},
        {},
        False,
    ),
    "art": ("aws:s3/bucket:Bucket", {"bucket": "art", "tags": TAGS}, {}, True),
    "art-pab": (
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        {
            "bucket": "[unknown]",
            "blockPublicAcls": True,
            "blockPublicPolicy": True,
            "ignorePublicAcls": True,
            "restrictPublicBuckets": True,
        },
        {"bucket": "art"},
        False,
    ),
    "art-sse": (
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        {
            "bucket": "[unknown]",
            "rules": [
                {
                    "applyServerSideEncryptionByDefault": {
                        "sseAlgorithm": "aws:kms",
                        "kmsMasterKeyId": "arn:aws:kms:us-east-1:1:key/art",
                    }
                }
            ],
        },
        {"bucket": "art"},
        False,
    ),
    "art-versioning": (
        "aws:s3/bucketVersioning:BucketVersioning",
        {"bucket": "[unknown]", "versioningConfiguration": {"status": "Enabled"}},
        {"bucket": "art"},
        False,
    ),
    "art-own": (
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        {"bucket": "[unknown]", "rule": {"objectOwnership": "BucketOwnerEnforced"}},
        {"bucket": "art"},
        False,
    ),
    "art-key": (
        "aws:kms/key:Key",
        {"description": "artifacts", "enableKeyRotation": True, "deletionWindowInDays": 30.0},
        {},
        True,
    ),
    "gke-key": (
        "gcp:kms/cryptoKey:CryptoKey",
        {"name": "gke", "keyRing": "[unknown]", "rotationPeriod": "7776000s", "purpose": "ENCRYPT_DECRYPT"},
        {},
        True,
    ),
    "art-policy": (
        "aws:s3/bucketPolicy:BucketPolicy",
        {"bucket": "[unknown]", "policy": DENY_HTTP},
        {"bucket": "art"},
        False,
    ),
    "db-params": (
        "aws:rds/parameterGroup:ParameterGroup",
        {"name": "db-params", "family": "postgres17", "parameters": [{"name": "rds.force_ssl", "value": "1"}]},
        {},
        False,
    ),
    "db": (
        "aws:rds/instance:Instance",
        {
            "engine": "postgres",
            "instanceClass": "db.m7g.large",
            "publiclyAccessible": False,
            "storageEncrypted": True,
            "backupRetentionPeriod": 7.0,
            "deletionProtection": True,
            "multiAz": True,
            "parameterGroupName": "[unknown]",
            "tags": TAGS,
        },
        {"parameterGroupName": "db-params"},
        True,
    ),
    "gke": (
        "gcp:container/cluster:Cluster",
        {
            "name": "c-prod",
            "location": "us-central1",
            "minMasterVersion": "1.35",
            "privateClusterConfig": {"enablePrivateEndpoint": True, "enablePrivateNodes": True},
            "masterAuthorizedNetworksConfig": {"cidrBlocks": [], "gcpPublicCidrsAccessEnabled": False},
            "databaseEncryption": {"state": "ENCRYPTED", "keyName": "projects/p/keys/k"},
            "workloadIdentityConfig": {"workloadPool": "p.svc.id.goog"},
            "datapathProvider": "ADVANCED_DATAPATH",
            "masterAuth": {"clientCertificateConfig": {"issueClientCertificate": False}},
            "enableShieldedNodes": True,
            "removeDefaultNodePool": True,
            "nodeConfig": {
                "serviceAccount": "nodes@p.iam.gserviceaccount.com",
                "imageType": "COS_CONTAINERD",
                "workloadMetadataConfig": {"mode": "GKE_METADATA"},
                "shieldedInstanceConfig": {"enableSecureBoot": True, "enableIntegrityMonitoring": True},
            },
            "resourceLabels": TAGS,
        },
        {},
        True,
    ),
    "gke-v5e": (
        "gcp:container/nodePool:NodePool",
        {
            "name": "v5e",
            "cluster": "c-prod",
            "location": "us-central1",
            "nodeLocations": ["us-central1-a"],
            "version": "1.35",
            "autoscaling": {"totalMinNodeCount": 0.0, "totalMaxNodeCount": 4.0},
            "placementPolicy": {"type": "COMPACT", "tpuTopology": "4x4"},
            "nodeConfig": {
                "machineType": "ct5lp-hightpu-4t",
                "spot": True,
                "serviceAccount": "nodes@p.iam.gserviceaccount.com",
                "imageType": "COS_CONTAINERD",
                "workloadMetadataConfig": {"mode": "GKE_METADATA"},
                "shieldedInstanceConfig": {"enableSecureBoot": True},
                "taints": [{"key": "google.com/tpu", "value": "present", "effect": "NO_SCHEDULE"}],
                "labels": {"mlplatform.io/pool": "v5e", "mlplatform.io/accelerator": "tpu-v5e"},
                "resourceLabels": TAGS,
            },
        },
        {"cluster": "gke"},
        False,
    ),
    "models": (
        "gcp:storage/bucket:Bucket",
        {
            "name": "models",
            "location": "US-CENTRAL1",
            "publicAccessPrevention": "enforced",
            "uniformBucketLevelAccess": True,
            "versioning": {"enabled": True},
            "labels": TAGS,
        },
        {},
        True,
    ),
    "sql": (
        "gcp:sql/databaseInstance:DatabaseInstance",
        {
            "databaseVersion": "POSTGRES_17",
            "deletionProtection": True,
            "settings": {
                "tier": "db-custom-4-16384",
                "availabilityType": "REGIONAL",
                "deletionProtectionEnabled": True,
                "ipConfiguration": {"ipv4Enabled": False, "sslMode": "ENCRYPTED_ONLY"},
                "backupConfiguration": {"enabled": True, "pointInTimeRecoveryEnabled": True},
                "userLabels": TAGS,
            },
        },
        {},
        True,
    ),
    "aks": (
        "azure-native:containerservice:ManagedCluster",
        {
            "resourceName": "c-prod",
            "kubernetesVersion": "1.35",
            "apiServerAccessProfile": {"enablePrivateCluster": True},
            "securityProfile": {
                "azureKeyVaultKms": {"enabled": True, "keyId": "https://kv.vault.azure.net/keys/k/1"},
                "workloadIdentity": {"enabled": True},
            },
            "oidcIssuerProfile": {"enabled": True},
            "disableLocalAccounts": True,
            "enableRBAC": True,
            "aadProfile": {"managed": True, "enableAzureRBAC": True},
            "networkProfile": {"networkPlugin": "azure", "networkPolicy": "cilium"},
            "agentPoolProfiles": [
                {
                    "name": "system",
                    "mode": "System",
                    "vmSize": "Standard_D8s_v5",
                    "count": 2.0,
                    "enableAutoScaling": False,
                    "scaleSetPriority": "Regular",
                }
            ],
            "tags": TAGS,
        },
        {},
        True,
    ),
    "aks-audit": (
        "azure-native:monitor:DiagnosticSetting",
        {"resourceUri": "[unknown]", "logs": [{"category": "kube-audit", "enabled": True}], "workspaceId": "w"},
        {"resourceUri": "aks"},
        False,
    ),
    "aks-t4": (
        "azure-native:containerservice:AgentPool",
        {
            "agentPoolName": "t4",
            "resourceName": "c-prod",
            "orchestratorVersion": "1.35",
            "mode": "User",
            "vmSize": "Standard_NC4as_T4_v3",
            "scaleSetPriority": "Spot",
            "enableAutoScaling": True,
            "minCount": 0.0,
            "maxCount": 2.0,
            "count": 0.0,
            "nodeTaints": ["nvidia.com/gpu=true:NoSchedule"],
            "tags": TAGS,
        },
        {"resourceName": "aks"},
        False,
    ),
    "st": (
        "azure-native:storage:StorageAccount",
        {
            "accountName": "st",
            "allowBlobPublicAccess": False,
            "enableHttpsTrafficOnly": True,
            "minimumTlsVersion": "TLS1_2",
            "tags": TAGS,
        },
        {},
        True,
    ),
    "st-blob": (
        "azure-native:storage:BlobServiceProperties",
        {"accountName": "[unknown]", "isVersioningEnabled": True},
        {"accountName": "st"},
        False,
    ),
    "pg": (
        "azure-native:dbforpostgresql:Server",
        {
            "serverName": "pg",
            "network": {"publicNetworkAccess": "Disabled"},
            "backup": {"backupRetentionDays": 14.0, "geoRedundantBackup": "Enabled"},
            "highAvailability": {"mode": "ZoneRedundant"},
            "sku": {"name": "Standard_D4ds_v5", "tier": "GeneralPurpose"},
            "tags": TAGS,
        },
        {},
        True,
    ),
    "pg-tls": (
        "azure-native:dbforpostgresql:Configuration",
        {
            "serverName": "[unknown]",
            "configurationName": "require_secure_transport",
            "value": "on",
            "source": "user-override",
        },
        {"serverName": "pg"},
        False,
    ),
    "gpu-ns": (
        "kubernetes:core/v1:Namespace",
        {"metadata": {"name": "nvidia-device-plugin", "labels": {"pod-security.kubernetes.io/enforce": "privileged"}}},
        {},
        False,
    ),
    "plugin": (
        "kubernetes:apps/v1:DaemonSet",
        {
            "metadata": {"name": "plugin", "namespace": "nvidia-device-plugin"},
            "spec": {
                "template": {
                    "spec": {
                        "hostNetwork": True,
                        "containers": [{"name": "p", "securityContext": {"privileged": True}}],
                    }
                }
            },
        },
        {},
        False,
    ),
    "api": (
        "kubernetes:apps/v1:Deployment",
        {
            "metadata": {"name": "api", "namespace": "ml"},
            "spec": {"template": {"spec": {"containers": [SECURE_CONTAINER]}}},
        },
        {},
        False,
    ),
    "tracker": (
        "kubernetes:apps/v1:StatefulSet",
        {
            "metadata": {"name": "tracker", "namespace": "ml"},
            "spec": {
                "template": {
                    "spec": {"nodeSelector": {"mlplatform.io/pool": "system"}, "containers": [SECURE_CONTAINER]}
                }
            },
        },
        {},
        False,
    ),
    "api-lb": (
        "kubernetes:core/v1:Service",
        {
            "metadata": {
                "name": "api",
                "namespace": "ml",
                "annotations": {"networking.gke.io/load-balancer-type": "Internal"},
            },
            "spec": {"type": "LoadBalancer", "ports": [{"port": 443.0}]},
        },
        {},
        False,
    ),
    "ml-deny": (
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        {
            "metadata": {"name": "default-deny", "namespace": "ml"},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
        },
        {},
        False,
    ),
    "ray-deny": (
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        {
            "metadata": {"name": "default-deny", "namespace": "ray"},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
        },
        {},
        False,
    ),
    "ray": (
        "kubernetes:ray.io/v1:RayCluster",
        {
            "metadata": {"name": "ray", "namespace": "ray"},
            "spec": {
                "headGroupSpec": {"template": {"spec": {"containers": [_container("head")]}}},
                "workerGroupSpecs": [
                    {"groupName": "gpu", "template": {"spec": {"containers": [_container("worker")]}}}
                ],
            },
        },
        {},
        False,
    ),
    "operator": (
        "kubernetes:helm.sh/v3:Release",
        {
            "namespace": "ray",
            "chart": "kuberay-operator",
            "version": "1.4.2",
            "repositoryOpts": {"repo": "https://ray-project.github.io/kuberay-helm/"},
        },
        {},
        False,
    ),
}


def inputs(name: str) -> dict[str, Any]:
    """A deep copy of one resource's inputs, to mutate."""
    return copy.deepcopy(RESOURCES[name][1])


DROP = object()  # as a value in `mutated`: remove the key


def mutated(name: str, *edits: tuple[tuple[str | int, ...], Any]) -> dict[str, dict[str, Any] | None]:
    """``changes`` for `inventory`: resource ``name`` with each (path, value) set (or dropped with DROP)."""
    props = inputs(name)
    for path, value in edits:
        target: Any = props
        for step in path[:-1]:
            target = target[step]
        if value is DROP:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return {name: props}


def inventory(
    changes: Mapping[str, dict[str, Any] | None] | None = None, protect: Mapping[str, bool] | None = None
) -> Inventory:
    """The synthetic stack; ``changes`` replaces a resource's inputs (None drops the resource)."""
    changes = changes or {}
    regs = []
    for name, (kind, props, parents, protected) in RESOURCES.items():
        if name in changes and changes[name] is None:
            continue
        deps = {key: (urn(RESOURCES[p][0], p),) for key, p in parents.items() if p in RESOURCES}
        regs.append(
            Registration(
                urn=urn(kind, name),
                type=kind,
                name=name,
                parent="",
                custom=True,
                inputs=copy.deepcopy(changes.get(name, props)),
                dependencies=tuple(sorted({d for urns in deps.values() for d in urns})),
                protect=(protect or {}).get(name, protected),
                property_dependencies=deps,
            )
        )
    return Inventory(stack=STACK, registrations=regs)


def verdicts(
    changes: Mapping[str, dict[str, Any] | None] | None = None,
    configs: Mapping[str, Mapping[str, Any]] | None = None,
    protect: Mapping[str, bool] | None = None,
) -> StackVerdicts:
    return run_packs(PACKS, inventory(changes, protect), PROJECT, CONFIG, configs)


def found(result: StackVerdicts) -> list[tuple[str, str, str, str]]:
    """(policy, kind, resource, message) of every verdict, sorted."""
    return sorted((v.policy, v.kind, v.resource, v.message) for v in result.verdicts)


# The advisory verdicts of the synthetic dev database (HA and a general-purpose class), shared by the cost and the
# data rules' tables.
SMALL_DB_IN_DEV = [
    (
        "small-databases-in-dev",
        "violation",
        "db",
        "database db is highly available in dev; one zone is enough there",
    ),
    (
        "small-databases-in-dev",
        "violation",
        "db",
        "database db uses db.m7g.large in dev; use one of db.t4g., db.t3., db-f1-micro, db-g1-small, "
        "db-custom-1-, db-custom-2-, Standard_B",
    ),
]
