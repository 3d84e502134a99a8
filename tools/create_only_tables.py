"""Where tools/create_only.py reads each type's create-only inputs: source files per type, and transcribed rows."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

G = "google/services"
IAM = "google/tpgiamresource/resource_iam_member.go"
NODE_CONFIG = {"schemaNodeConfig": f"{G}/container/node_config.go"}

# type -> (Go files whose schema fields marked ForceNew are create-only, {schema function: file it is in})
GOOGLE: Mapping[str, tuple[tuple[str, ...], Mapping[str, str]]] = MappingProxyType({
    "gcp:compute/globalAddress:GlobalAddress": ((f"{G}/compute/resource_compute_global_address.go",), {}),
    "gcp:compute/network:Network": ((f"{G}/compute/resource_compute_network.go",), {}),
    "gcp:compute/router:Router": ((f"{G}/compute/resource_compute_router.go",), {}),
    "gcp:compute/routerNat:RouterNat": ((f"{G}/compute/resource_compute_router_nat.go",), {}),
    "gcp:compute/subnetwork:Subnetwork": ((f"{G}/compute/resource_compute_subnetwork.go",), {}),
    "gcp:container/cluster:Cluster": ((f"{G}/container/resource_container_cluster.go",), NODE_CONFIG),
    "gcp:container/nodePool:NodePool": ((f"{G}/container/resource_container_node_pool.go",), NODE_CONFIG),
    "gcp:kms/cryptoKey:CryptoKey": ((f"{G}/kms/resource_kms_crypto_key.go",), {}),
    "gcp:kms/keyRing:KeyRing": ((f"{G}/kms/resource_kms_key_ring.go",), {}),
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": ((IAM, f"{G}/kms/iam_kms_crypto_key.go"), {}),
    "gcp:projects/iAMMember:IAMMember": ((IAM, f"{G}/resourcemanager/iam_project.go"), {}),
    "gcp:projects/service:Service": ((f"{G}/resourcemanager/resource_google_project_service.go",), {}),
    "gcp:projects/serviceIdentity:ServiceIdentity": (
        (f"{G}/resourcemanager/resource_project_service_identity.go",), {}),
    "gcp:serviceaccount/account:Account": ((f"{G}/resourcemanager/resource_google_service_account.go",), {}),
    "gcp:serviceaccount/iAMMember:IAMMember": ((IAM, f"{G}/resourcemanager/iam_service_account.go"), {}),
    "gcp:servicenetworking/connection:Connection": (
        (f"{G}/servicenetworking/resource_service_networking_connection.go",), {}),
    "gcp:sql/database:Database": ((f"{G}/sql/resource_sql_database.go",), {}),
    "gcp:sql/databaseInstance:DatabaseInstance": ((f"{G}/sql/resource_sql_database_instance.go",), {}),
    "gcp:sql/user:User": ((f"{G}/sql/resource_sql_user.go",), {}),
    "gcp:storage/bucket:Bucket": ((f"{G}/storage/resource_storage_bucket.go",), {}),
    "gcp:storage/bucketIAMMember:BucketIAMMember": ((IAM, f"{G}/storage/iam_storage_bucket.go"), {}),
    "gcp:compute/firewall:Firewall": ((f"{G}/compute/resource_compute_firewall.go",), {}),
    "gcp:storage/managedFolder:ManagedFolder": ((f"{G}/storage/resource_storage_managed_folder.go",), {}),
    "gcp:storage/managedFolderIamMember:ManagedFolderIamMember": (
        (IAM, f"{G}/storage/iam_storage_managed_folder.go"), {}),
})

# type -> the diff.go entry naming its kind's forceNew fields ("" = metadata.name/namespace only)
KUBERNETES_KINDS: Mapping[str, str] = MappingProxyType({
    "kubernetes:apps/v1:Deployment": "deployment",
    "kubernetes:batch/v1:Job": "job",
    "kubernetes:core/v1:Namespace": "",
    "kubernetes:core/v1:Secret": "Secret",
    "kubernetes:core/v1:Service": "Service",
    "kubernetes:core/v1:ServiceAccount": "",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": "",
    "kubernetes:policy/v1:PodDisruptionBudget": "",  # diff.go lists only policy/v1beta1
    "kubernetes:ray.io/v1:RayCluster": "",
    "kubernetes:rbac.authorization.k8s.io/v1:Role": "",
    "kubernetes:storage.k8s.io/v1:StorageClass": "StorageClass",
})

# azure-native type -> its URL path parameters (wire names)
AZURE_PATH: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "azure-native:authorization:ManagementLockByScope": ("scope", "lockName"),
    "azure-native:authorization:RoleAssignment": ("scope", "roleAssignmentName"),
    "azure-native:containerservice:AgentPool": ("resourceGroupName", "resourceName", "agentPoolName"),
    "azure-native:containerservice:MaintenanceConfiguration": ("resourceGroupName", "resourceName", "configName"),
    "azure-native:containerservice:ManagedCluster": ("resourceGroupName", "resourceName"),
    "azure-native:dbforpostgresql:Configuration": ("resourceGroupName", "serverName", "configurationName"),
    "azure-native:dbforpostgresql:Database": ("resourceGroupName", "serverName", "databaseName"),
    "azure-native:dbforpostgresql:Server": ("resourceGroupName", "serverName"),
    "azure-native:keyvault:Key": ("resourceGroupName", "vaultName", "keyName"),
    "azure-native:keyvault:Vault": ("resourceGroupName", "vaultName"),
    "azure-native:managedidentity:FederatedIdentityCredential": (
        "resourceGroupName", "resourceName", "federatedIdentityCredentialResourceName"),
    "azure-native:managedidentity:UserAssignedIdentity": ("resourceGroupName", "resourceName"),
    "azure-native:monitor:DiagnosticSetting": ("resourceUri", "name"),
    "azure-native:network:NatGateway": ("resourceGroupName", "natGatewayName"),
    "azure-native:network:NetworkSecurityGroup": ("resourceGroupName", "networkSecurityGroupName"),
    "azure-native:network:PublicIPAddress": ("resourceGroupName", "publicIpAddressName"),
    "azure-native:network:Subnet": ("resourceGroupName", "virtualNetworkName", "subnetName"),
    "azure-native:network:VirtualNetwork": ("resourceGroupName", "virtualNetworkName"),
    "azure-native:network:VirtualNetworkPeering": (
        "resourceGroupName", "virtualNetworkName", "virtualNetworkPeeringName"),
    "azure-native:operationalinsights:Workspace": ("resourceGroupName", "workspaceName"),
    "azure-native:privatedns:PrivateZone": ("resourceGroupName", "privateZoneName"),
    "azure-native:privatedns:VirtualNetworkLink": ("resourceGroupName", "privateZoneName", "virtualNetworkLinkName"),
    "azure-native:resources:ResourceGroup": ("resourceGroupName",),
    "azure-native:storage:BlobContainer": ("resourceGroupName", "accountName", "containerName"),
    "azure-native:storage:BlobServiceProperties": ("resourceGroupName", "accountName", "blobServicesName"),
    "azure-native:storage:ManagementPolicy": ("resourceGroupName", "accountName", "managementPolicyName"),
    "azure-native:storage:StorageAccount": ("resourceGroupName", "accountName"),
})

SPECS = "https://github.com/Azure/azure-rest-api-specs/blob/main/specification"
AZURE_BODY: Mapping[str, tuple[tuple[str, ...], str]] = MappingProxyType({
    "azure-native:authorization:RoleAssignment": (
        ("principalId", "roleDefinitionId", "principalType"),
        f"{SPECS}/authorization: a role assignment cannot be updated"),
    "azure-native:containerservice:AgentPool": (
        ("vmSize", "osDiskSizeGB", "osDiskType", "osType", "osSKU", "scaleSetPriority", "scaleSetEvictionPolicy",
         "availabilityZones", "vnetSubnetID", "maxPods", "kubeletDiskType", "enableEncryptionAtHost",
         "gpuInstanceProfile", "gpuProfile"),
        "https://learn.microsoft.com/azure/aks/resize-node-pool (size, disks, subnet fixed at creation)"),
    "azure-native:containerservice:ManagedCluster": (
        ("dnsPrefix", "nodeResourceGroup", "apiServerAccessProfile.enablePrivateCluster",
         "apiServerAccessProfile.privateDNSZone", "networkProfile.networkPlugin", "networkProfile.podCidr",
         "networkProfile.serviceCidr", "networkProfile.dnsServiceIP"),
        f"{SPECS}/containerservice: dnsPrefix, node resource group, network profile; private <-> public "
        "(azurerm private_cluster_enabled ForceNew, hashicorp/terraform-provider-azurerm#22767)"),
    "azure-native:dbforpostgresql:Database": (
        ("charset", "collation"), f"{SPECS}/postgresql: x-ms-mutability create on charset and collation"),
    "azure-native:dbforpostgresql:Server": (
        ("administratorLogin", "network.delegatedSubnetResourceId", "network.privateDnsZoneArmResourceId",
         "availabilityZone"),
        f"{SPECS}/postgresql flexible server: admin login and network are create-only"),
    "azure-native:keyvault:Key": (("properties.kty", "properties.curveName"), f"{SPECS}/keyvault: key type"),
    "azure-native:network:PublicIPAddress": (
        ("sku", "publicIPAddressVersion"), f"{SPECS}/network: a public IP's SKU and version"),
    "azure-native:network:VirtualNetworkLink": (("virtualNetwork",), f"{SPECS}/privatedns: the linked network"),
    "azure-native:network:VirtualNetworkPeering": (
        ("remoteVirtualNetwork",), f"{SPECS}/network: a peering's remote network"),
    "azure-native:storage:StorageAccount": (
        ("kind", "encryption.requireInfrastructureEncryption"), f"{SPECS}/storage: kind is set at creation"),
})

TF_AWS = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service"
TF_RANDOM = "https://github.com/hashicorp/terraform-provider-random/blob/main/internal/provider"
TF_TIME = "https://github.com/hashicorp/terraform-provider-time/blob/main/internal/provider"


def _row(paths: tuple[str, ...], source: str) -> dict[str, object]:
    return {"paths": sorted(paths), "source": [source]}


TRANSCRIBED: Mapping[str, dict[str, object]] = MappingProxyType({
    "aws:autoscaling/tag:Tag": _row(("autoscalingGroupName", "tag.key"), f"{TF_AWS}/autoscaling/group_tag.go"),
    "aws:cloudwatch/logGroup:LogGroup": _row(("name", "namePrefix", "logGroupClass"), f"{TF_AWS}/logs/group.go"),
    "aws:cloudwatch/eventRule:EventRule": _row(('eventBusName', 'name', 'namePrefix'), f"{TF_AWS}/events/rule.go"),
    "aws:cloudwatch/eventTarget:EventTarget": _row(('eventBusName', 'rule', 'targetId'), f"{TF_AWS}/events/target.go"),
    "aws:sqs/queue:Queue": _row(('fifoQueue', 'name', 'namePrefix'), f"{TF_AWS}/sqs/queue.go"),
    "aws:sqs/queuePolicy:QueuePolicy": _row(('queueUrl',), f"{TF_AWS}/sqs/queue_policy.go"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": _row(
        ("vpcId",), f"{TF_AWS}/ec2/vpc_default_security_group.go"),
    "aws:ec2/eip:Eip": _row(("address", "customerOwnedIpv4Pool", "domain", "ipamPoolId", "networkBorderGroup",
                             "publicIpv4Pool"), f"{TF_AWS}/ec2/ec2_eip.go"),
    "aws:ec2/flowLog:FlowLog": _row(
        ("deliverCrossAccountRole", "destinationOptions", "eniId", "iamRoleArn", "logDestination",
         "logDestinationType", "logFormat", "maxAggregationInterval", "subnetId", "trafficType",
         "transitGatewayAttachmentId", "transitGatewayId", "vpcId"), f"{TF_AWS}/ec2/vpc_flow_log.go"),
    "aws:ec2/internetGateway:InternetGateway": _row((), f"{TF_AWS}/ec2/vpc_internet_gateway.go"),
    "aws:ec2/launchTemplate:LaunchTemplate": _row(("name", "namePrefix"), f"{TF_AWS}/ec2/ec2_launch_template.go"),
    "aws:ec2/natGateway:NatGateway": _row(
        ("allocationId", "connectivityType", "privateIp", "subnetId"), f"{TF_AWS}/ec2/vpc_nat_gateway.go"),
    "aws:ec2/routeTable:RouteTable": _row(("vpcId",), f"{TF_AWS}/ec2/vpc_route_table.go"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": _row(
        ("gatewayId", "subnetId"), f"{TF_AWS}/ec2/vpc_route_table_association.go"),
    "aws:ec2/securityGroup:SecurityGroup": _row(
        ("description", "name", "namePrefix", "vpcId"), f"{TF_AWS}/ec2/vpc_security_group.go"),
    "aws:ec2/subnet:Subnet": _row(
        ("availabilityZone", "availabilityZoneId", "cidrBlock", "ipv4IpamPoolId", "outpostArn", "vpcId"),
        f"{TF_AWS}/ec2/vpc_subnet.go"),
    "aws:ec2/vpc:Vpc": _row(("cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"), f"{TF_AWS}/ec2/vpc_.go"),
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": _row(
        ("transitGatewayId", "vpcId"), f"{TF_AWS}/ec2/transitgateway_vpc_attachment.go"),
    "aws:eks/accessEntry:AccessEntry": _row(("clusterName", "principalArn", "type"),
                                            f"{TF_AWS}/eks/access_entry.go"),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": _row(
        ("accessScope", "clusterName", "policyArn", "principalArn"), f"{TF_AWS}/eks/access_policy_association.go"),
    "aws:eks/addon:Addon": _row(("addonName", "clusterName"), f"{TF_AWS}/eks/addon.go"),
    "aws:eks/cluster:Cluster": _row(
        ("accessConfig.bootstrapClusterCreatorAdminPermissions", "bootstrapSelfManagedAddons",
         "encryptionConfig.provider", "encryptionConfig.resources", "kubernetesNetworkConfig.ipFamily",
         "kubernetesNetworkConfig.serviceIpv4Cidr", "name", "outpostConfig", "roleArn",
         "vpcConfig.securityGroupIds", "vpcConfig.subnetIds"), f"{TF_AWS}/eks/cluster.go"),
    "aws:eks/nodeGroup:NodeGroup": _row(
        ("amiType", "capacityType", "clusterName", "diskSize", "instanceTypes", "launchTemplate.id",
         "launchTemplate.name", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "remoteAccess",
         "subnetIds"), f"{TF_AWS}/eks/node_group.go"),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": _row(
        ("clusterName", "namespace", "serviceAccount"), f"{TF_AWS}/eks/pod_identity_association.go"),
    "aws:iam/role:Role": _row(("name", "namePrefix", "path"), f"{TF_AWS}/iam/role.go"),
    "aws:iam/rolePolicy:RolePolicy": _row(("name", "namePrefix", "role"), f"{TF_AWS}/iam/role_policy.go"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": _row(
        ("policyArn", "role"), f"{TF_AWS}/iam/role_policy_attachment.go"),
    "aws:kms/key:Key": _row(("customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion",
                             "xksKeyId"), f"{TF_AWS}/kms/key.go"),
    "aws:rds/instance:Instance": _row(
        ("availabilityZone", "characterSetName", "customIamInstanceProfile", "dbName", "engine", "identifier",
         "identifierPrefix", "kmsKeyId", "ncharCharacterSetName", "replicateSourceDb", "restoreToPointInTime",
         "s3Import", "snapshotIdentifier", "storageEncrypted", "timezone", "username"),
        f"{TF_AWS}/rds/instance.go"),
    "aws:rds/parameterGroup:ParameterGroup": _row(
        ("description", "family", "name", "namePrefix"), f"{TF_AWS}/rds/parameter_group.go"),
    "aws:rds/subnetGroup:SubnetGroup": _row(("name", "namePrefix"), f"{TF_AWS}/rds/subnet_group.go"),
    "aws:s3/bucket:Bucket": _row(("bucket", "bucketPrefix", "objectLockEnabled"), f"{TF_AWS}/s3/bucket.go"),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": _row(
        ("bucket", "expectedBucketOwner"), f"{TF_AWS}/s3/bucket_lifecycle_configuration.go"),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": _row(
        ("bucket",), f"{TF_AWS}/s3/bucket_ownership_controls.go"),
    "aws:s3/bucketPolicy:BucketPolicy": _row(("bucket",), f"{TF_AWS}/s3/bucket_policy.go"),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": _row(
        ("bucket",), f"{TF_AWS}/s3/bucket_public_access_block.go"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": _row(
        ("bucket", "expectedBucketOwner"), f"{TF_AWS}/s3/bucket_server_side_encryption_configuration.go"),
    "aws:s3/bucketVersioning:BucketVersioning": _row(
        ("bucket", "expectedBucketOwner"), f"{TF_AWS}/s3/bucket_versioning.go"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": _row(
        ("securityGroupId",), f"{TF_AWS}/ec2/vpc_security_group_ingress_rule.go (RequiresReplace)"),
    "random:index/randomId:RandomId": _row(("byteLength", "keepers", "prefix"), f"{TF_RANDOM}/resource_id.go"),
    "random:index/randomPassword:RandomPassword": _row(
        ("keepers", "length", "lower", "minLower", "minNumeric", "minSpecial", "minUpper", "number", "numeric",
         "overrideSpecial", "special", "upper"), f"{TF_RANDOM}/resource_password.go"),
    "time:index/sleep:Sleep": _row(("triggers",), f"{TF_TIME}/resource_time_sleep.go"),
})
