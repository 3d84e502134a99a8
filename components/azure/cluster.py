"""AKS control plane, system pool and kubeconfig.

Security posture (each a fixed input, pinned by tests/azure):
- API Server VNet Integration (the API server's internal load balancer sits in the delegated API server
  subnet; nodes reach it privately; learn.microsoft.com/azure/aks/api-server-vnet-integration). Private by default,
  with the stack's own private DNS zone (access.py) and no public FQDN; a public endpoint admits only
  `authorizedIPRanges` = the blueprint's allowlist (the spec rejects 0.0.0.0/0) plus the NAT gateway's egress IP,
  for in-cluster clients that call the public FQDN.
- Microsoft Entra ID only: AKS-managed Entra integration with Azure RBAC for Kubernetes authorization and
  local accounts disabled, so no static admin kubeconfig exists (listClusterAdminCredential is never
  called). `cluster.admins` (and only they) hold "Azure Kubernetes Service RBAC Cluster Admin" (admins.py).
- A user-assigned control-plane identity (no service-principal secret), granted Network Contributor on the
  VNet (its subnets, the API server subnet, and the link AKS adds from the private zone to the VNet) and
  Private DNS Zone Contributor on the stack's zone: the two roles AKS requires for a custom private DNS zone.
  The cluster is created only after both grants and the key's Crypto User grant have propagated (propagation.py).
- OIDC issuer + workload identity for pod-level Entra tokens; Kubernetes Secrets encrypted with a Key
  Vault key (KMS, `encryption.py`) in every environment, dev included: a software key costs only per
  operation, and dev then matches GKE's application-layer secrets encryption and prod.
- Azure CNI overlay powered by Cilium (dataplane and network policy): Microsoft's recommended dataplane,
  eBPF policy enforcement without a separate Calico install, pods off the VNet address space
  (learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium). Egress via the VNet's NAT gateway.
- Auto-upgrade: patch channel for Kubernetes, NodeImage for node OS images; in prod inside maintenance
  windows with a year-end freeze (operations.py).
- SKU tier: Free in dev (no uptime SLA needed), Standard (financially backed SLA) in staging and prod.

Create-only inputs (`CREATE_ONLY`): AKS rejects an update of the system pool's VM size, zones and OS disk
size ("Changing property ... is not allowed"), of the DNS prefix, node resource group and network plugin and
ranges, so a change of any of them replaces the cluster, delete first (the name is fixed). In prod the cluster
is protected, so such a change stops at the protection instead of deleting the cluster.
Private <-> public (`cluster.endpoint.public`) is one of them: AKS can toggle public access of a VNet-integrated
cluster (`az aks update --enable-private-cluster`), but the private cluster's `privateDNSZone` is fixed at
creation and the public cluster has none, and the providers model the toggle as a new cluster (azurerm
`private_cluster_enabled`: "Changing this forces a new resource to be created"; the in-place switch is unsupported,
hashicorp/terraform-provider-azurerm#22767). So the switch is declared a replacement here, `mlplatform diff` says
so (mlplatform/diff/replace.py), and docs/deploy-azure.md says so: in dev the cluster is rebuilt, in prod
`protect` stops the run.

System pool: mode System, Regular (on-demand) priority, fixed `plan.system.nodes` across the plan's zones,
Managed OS disks (the Dsv5 sizes have no local disk for Ephemeral). It carries no CriticalAddonsOnly
taint on purpose: it is also where the platform's operators and services run (ClusterHandle's
system_node_selector); accelerator pools are tainted, so ordinary pods cannot drift onto GPUs anyway.

kubeconfig: written here with a kubelogin exec user (`--login azurecli`; kubelogin's AAD_LOGIN_METHOD
environment variable switches it to workload identity or a service principal in CI). The cluster CA comes
from listClusterUserCredential, which for an Entra-enabled cluster carries no secret.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pulumi
import yaml
from pulumi_azure_native import authorization, containerservice, managedidentity

from components.azure.autoscaler import autoscaler_profile
from components.azure.encryption import PRINCIPAL_SERVICE, SecretsKey, SecretsKeyArgs, role_definition_id
from components.azure.propagation import ARM_WAIT, propagation_wait
from components.plan import SYSTEM_POOL_NAME, ClusterPlan
from components.spec import Environment

SKU_BASE = "Base"
SKU_TIER: Mapping[Environment, str] = MappingProxyType({
    Environment.DEV: "Free",
    Environment.STAGING: "Standard",
    Environment.PROD: "Standard",
})
IDENTITY_USER_ASSIGNED = containerservice.ResourceIdentityType.USER_ASSIGNED
NETWORK_PLUGIN = "azure"
NETWORK_PLUGIN_MODE = "overlay"
NETWORK_DATAPLANE = "cilium"
NETWORK_POLICY = "cilium"
OUTBOUND_TYPE = "userAssignedNATGateway"
LOAD_BALANCER_SKU = "standard"
POD_CIDR = "10.240.0.0/12"
SERVICE_CIDR = "172.16.0.0/16"
DNS_SERVICE_IP = "172.16.0.10"
UPGRADE_CHANNEL = "patch"
NODE_OS_UPGRADE_CHANNEL = "NodeImage"
KMS_NETWORK_ACCESS = "Public"
MODE_SYSTEM = "System"
PRIORITY_REGULAR = "Regular"
POOL_TYPE = "VirtualMachineScaleSets"
OS_TYPE = "Linux"
OS_SKU = "Ubuntu"
OS_DISK_MANAGED = "Managed"
SYSTEM_OS_DISK_GIB = 128
ROLE_NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7"
ROLE_PRIVATE_DNS_ZONE_CONTRIBUTOR = "b12aa53e-6015-4669-85d0-8515ebb3ae7f"
API_PORT = 443
HOST_PREFIX = 32
# The AKS-managed Entra ID server application every AKS cluster's tokens are issued for.
AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630"
KUBELOGIN = "kubelogin"
KUBELOGIN_LOGIN = "azurecli"
EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"
CA_KEY = "certificate-authority-data"
# Inputs AKS fixes at creation (camelCase wire paths); a change replaces the cluster.
CREATE_ONLY = (
    "dnsPrefix",
    "nodeResourceGroup",
    "networkProfile.networkPlugin",
    "networkProfile.networkPluginMode",
    "networkProfile.podCidr",
    "networkProfile.serviceCidr",
    "networkProfile.dnsServiceIP",
    "apiServerAccessProfile.enablePrivateCluster",
    "apiServerAccessProfile.privateDNSZone",
    "agentPoolProfiles[*].vmSize",
    "agentPoolProfiles[*].availabilityZones",
    "agentPoolProfiles[*].osDiskSizeGB",
    "agentPoolProfiles[*].osDiskType",
    "agentPoolProfiles[*].vnetSubnetID",
)


def node_resource_group(plan: ClusterPlan) -> str:
    return f"rg-{plan.name}-{plan.region}-nodes"


@dataclass(frozen=True, kw_only=True)
class ClusterArgs:
    plan: ClusterPlan
    resource_group_name: pulumi.Input[str]
    vnet_id: pulumi.Input[str]
    nodes_subnet_id: pulumi.Input[str]
    api_server_subnet_id: pulumi.Input[str]
    egress_ip: pulumi.Input[str]  # the NAT gateway's public IP, authorized on a public API server
    private_zone_id: pulumi.Input[str] | None  # the stack's private DNS zone (private clusters)


class Cluster(pulumi.ComponentResource):
    """An Entra-only, private-by-default AKS cluster with its system pool."""

    managed_cluster: containerservice.ManagedCluster
    cluster_name: pulumi.Output[str]
    cluster_id: pulumi.Output[str]
    subscription_id: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    oidc_issuer_url: pulumi.Output[str]
    identity_id: pulumi.Output[str]
    identity_principal_id: pulumi.Output[str]

    def __init__(self, name: str, args: ClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:Cluster", name, None, opts)
        plan = args.plan
        child = pulumi.ResourceOptions(parent=self)
        client = authorization.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=self))
        subscription = client.subscription_id
        identity = managedidentity.UserAssignedIdentity(
            f"{name}-identity",
            resource_name_=f"id-{plan.name}-control-plane",
            resource_group_name=args.resource_group_name,
            location=plan.region,
            tags=dict(plan.tags),
            opts=pulumi.ResourceOptions(parent=self, protect=plan.protect),  # the cluster cannot run without it
        )
        grants = {"network": authorization.RoleAssignment(
            f"{name}-network-access",
            scope=args.vnet_id,
            role_definition_id=subscription.apply(lambda s: role_definition_id(s, ROLE_NETWORK_CONTRIBUTOR)),
            principal_id=identity.principal_id,
            principal_type=PRINCIPAL_SERVICE,
            opts=child,
        )}
        if args.private_zone_id is not None:
            grants["dns"] = authorization.RoleAssignment(
                f"{name}-dns-access",
                scope=args.private_zone_id,
                role_definition_id=subscription.apply(
                    lambda s: role_definition_id(s, ROLE_PRIVATE_DNS_ZONE_CONTRIBUTOR)
                ),
                principal_id=identity.principal_id,
                principal_type=PRINCIPAL_SERVICE,
                opts=child,
            )
        grants_ready = propagation_wait(f"{name}-grants", grants, ARM_WAIT, parent=self)
        secrets = SecretsKey(
            f"{name}-secrets",
            SecretsKeyArgs(
                plan=plan,
                resource_group_name=args.resource_group_name,
                tenant_id=identity.tenant_id,
                subscription_id=subscription,
                principal_id=identity.principal_id,
                admins=plan.admins,
            ),
            opts=child,
        )
        self.managed_cluster = containerservice.ManagedCluster(
            name,
            resource_name_=plan.name,
            resource_group_name=args.resource_group_name,
            location=plan.region,
            dns_prefix=plan.name,
            kubernetes_version=plan.kubernetes_version,
            node_resource_group=node_resource_group(plan),
            sku=containerservice.ManagedClusterSKUArgs(name=SKU_BASE, tier=SKU_TIER[plan.environment]),
            identity=containerservice.ManagedClusterIdentityArgs(
                type=IDENTITY_USER_ASSIGNED, user_assigned_identities=[identity.id]
            ),
            aad_profile=containerservice.ManagedClusterAADProfileArgs(managed=True, enable_azure_rbac=True),
            enable_rbac=True,
            disable_local_accounts=True,
            api_server_access_profile=_api_access(plan, args),
            oidc_issuer_profile=containerservice.ManagedClusterOIDCIssuerProfileArgs(enabled=True),
            security_profile=containerservice.ManagedClusterSecurityProfileArgs(
                workload_identity=containerservice.ManagedClusterSecurityProfileWorkloadIdentityArgs(enabled=True),
                azure_key_vault_kms=containerservice.AzureKeyVaultKmsArgs(
                    enabled=True, key_id=secrets.key_id, key_vault_network_access=KMS_NETWORK_ACCESS
                ),
            ),
            network_profile=containerservice.ContainerServiceNetworkProfileArgs(
                network_plugin=NETWORK_PLUGIN,
                network_plugin_mode=NETWORK_PLUGIN_MODE,
                network_dataplane=NETWORK_DATAPLANE,
                network_policy=NETWORK_POLICY,
                pod_cidr=POD_CIDR,
                service_cidr=SERVICE_CIDR,
                dns_service_ip=DNS_SERVICE_IP,
                outbound_type=OUTBOUND_TYPE,
                load_balancer_sku=LOAD_BALANCER_SKU,
            ),
            auto_upgrade_profile=containerservice.ManagedClusterAutoUpgradeProfileArgs(
                upgrade_channel=UPGRADE_CHANNEL, node_os_upgrade_channel=NODE_OS_UPGRADE_CHANNEL
            ),
            agent_pool_profiles=[_system_pool(plan, args.nodes_subnet_id)],
            auto_scaler_profile=autoscaler_profile(plan),  # the priority expander when a pool lists tiers
            tags=dict(plan.tags),
            opts=pulumi.ResourceOptions(
                parent=self,
                depends_on=[grants_ready, secrets.ready],
                protect=plan.protect,
                replace_on_changes=list(CREATE_ONLY),
                delete_before_replace=True,
            ),
        )
        cluster = self.managed_cluster
        self.cluster_name = cluster.name
        self.cluster_id = cluster.id
        self.subscription_id = subscription
        self.endpoint = cluster.fqdn if plan.public_endpoint else cluster.private_fqdn
        credentials = containerservice.list_managed_cluster_user_credentials_output(
            resource_group_name=args.resource_group_name,
            resource_name=cluster.name,
            opts=pulumi.InvokeOutputOptions(parent=self),
        )
        ca = credentials.kubeconfigs.apply(lambda k: cluster_ca(k[0].value if k else ""))
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(cluster.name, self.endpoint, ca).apply(lambda a: kubeconfig(a[0], a[1], a[2]))
        )
        self.oidc_issuer_url = cluster.oidc_issuer_profile.apply(lambda p: (p.issuer_url or "") if p else "")
        self.identity_id = identity.id
        self.identity_principal_id = identity.principal_id
        self.register_outputs({
            "cluster_name": self.cluster_name,
            "cluster_id": self.cluster_id,
            "subscription_id": self.subscription_id,
            "endpoint": self.endpoint,
            "kubeconfig": self.kubeconfig,
            "oidc_issuer_url": self.oidc_issuer_url,
            "identity_id": self.identity_id,
            "identity_principal_id": self.identity_principal_id,
        })


def _api_access(plan: ClusterPlan, args: ClusterArgs) -> containerservice.ManagedClusterAPIServerAccessProfileArgs:
    """VNet-integrated; private with the stack's DNS zone, or public behind the allowlist and the egress IP."""
    if not plan.public_endpoint:
        return containerservice.ManagedClusterAPIServerAccessProfileArgs(
            enable_vnet_integration=True,
            subnet_id=args.api_server_subnet_id,
            enable_private_cluster=True,
            enable_private_cluster_public_fqdn=False,
            private_dns_zone=args.private_zone_id,
        )
    return containerservice.ManagedClusterAPIServerAccessProfileArgs(
        enable_vnet_integration=True,
        subnet_id=args.api_server_subnet_id,
        enable_private_cluster=False,
        authorized_ip_ranges=pulumi.Output.from_input(args.egress_ip).apply(
            lambda ip: authorized_ranges(plan.authorized_cidrs, ip)
        ),
    )


def authorized_ranges(allowed: Sequence[str], egress_ip: str) -> list[str]:
    """The blueprint's allowlist, then the NAT egress IP as a /32 (once, even if the allowlist names it)."""
    return list(dict.fromkeys([*allowed, f"{egress_ip}/{HOST_PREFIX}"]))


def _system_pool(
    plan: ClusterPlan, subnet_id: pulumi.Input[str]
) -> containerservice.ManagedClusterAgentPoolProfileArgs:
    system = plan.system
    return containerservice.ManagedClusterAgentPoolProfileArgs(
        name=SYSTEM_POOL_NAME,
        mode=MODE_SYSTEM,
        type=POOL_TYPE,
        os_type=OS_TYPE,
        os_sku=OS_SKU,
        vm_size=system.shape.machine_type,
        count=system.nodes,
        enable_auto_scaling=False,
        scale_set_priority=PRIORITY_REGULAR,
        availability_zones=list(system.zones),
        os_disk_type=OS_DISK_MANAGED,
        os_disk_size_gb=SYSTEM_OS_DISK_GIB,
        vnet_subnet_id=subnet_id,
        node_labels=dict(system.labels),
        tags=dict(plan.tags),
    )


def cluster_ca(encoded_kubeconfig: str) -> str:
    """The CA bundle (base64) from a kubeconfig AKS returned base64-encoded."""
    if not encoded_kubeconfig:
        return ""
    config: Any = yaml.safe_load(base64.b64decode(encoded_kubeconfig))
    return str(config["clusters"][0]["cluster"][CA_KEY])


def kubeconfig(cluster_name: str, endpoint: str, ca: str) -> str:
    """A kubeconfig (JSON is YAML) whose only credential is a kubelogin exec call: nothing static."""
    return json.dumps({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster_name, "cluster": {"server": f"https://{endpoint}:{API_PORT}", CA_KEY: ca}}],
        "contexts": [{"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}],
        "current-context": cluster_name,
        "users": [{
            "name": cluster_name,
            "user": {
                "exec": {
                    "apiVersion": EXEC_API_VERSION,
                    "command": KUBELOGIN,
                    "args": ["get-token", "--login", KUBELOGIN_LOGIN, "--server-id", AKS_AAD_SERVER_ID],
                    "interactiveMode": "Never",
                    "provideClusterInfo": False,
                }
            },
        }],
    })
