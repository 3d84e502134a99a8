"""The synthetic stack's cloud resources (AWS, GCP, Azure), in the providers' wire names; see `synthetic`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# name -> (type, inputs, {property: parent name}, protect)
Resources = Mapping[str, tuple[str, dict[str, Any], dict[str, str], bool]]

TAGS = {"team": "ml", "cost-center": "research", "mlplatform-environment": "prod"}
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}
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


CLOUD_RESOURCES: Resources = {
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
                    "enableEncryptionAtHost": True,
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
            "enableEncryptionAtHost": True,
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
            "networkRuleSet": {
                "defaultAction": "Deny",
                "bypass": "None",
                "ipRules": [{"iPAddressOrRange": "203.0.113.0/24", "action": "Allow"}],
                "virtualNetworkRules": [{"virtualNetworkResourceId": "[unknown]", "action": "Allow"}],
            },
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
}
