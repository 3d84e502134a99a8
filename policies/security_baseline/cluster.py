"""Control-plane rules on EKS, GKE and AKS clusters: endpoint, secrets, logging, authentication, version,
network policy. Each reads its cluster type through a small per-type function; other types pass."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs

from components import catalog
from policies import resources as res

OPEN_CIDRS = ("0.0.0.0/0", "::/0")
GKE_DNS_NATIVE_AUTH = ("enableK8sTokensViaDns", "enableK8sCertsViaDns")
# CKV_AWS_37: every EKS control-plane log type (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html)
EKS_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
Check = Callable[[Mapping[str, Any]], list[str]]


def _open(cidrs: list[Any]) -> list[str]:
    return [str(c) for c in cidrs if str(c) in OPEN_CIDRS]


def report_checks(table: Mapping[str, Check], args: ResourceValidationArgs, report: ReportViolation) -> None:
    check = table.get(args.resource_type)
    for problem in check(args.props) if check else []:
        report(f"{args.name}: {problem}", None)


def _eks_endpoint(props: Mapping[str, Any]) -> list[str]:
    if res.get(props, "vpcConfig", "endpointPublicAccess") is False:
        return []
    cidrs = res.as_list(res.get(props, "vpcConfig", "publicAccessCidrs"))
    if not cidrs:
        return ["the public API endpoint is open to 0.0.0.0/0 (no publicAccessCidrs); make it private or allowlist"]
    return [f"the public API endpoint allows {c}" for c in _open(cidrs)]


def _gke_dns_endpoint(props: Mapping[str, Any]) -> list[str]:
    """GKE's DNS-based endpoint reachable from the internet is public: acceptable only with Google IAM as its sole
    gate, never Kubernetes tokens or client certificates (https://cloud.google.com/kubernetes-engine/docs/concepts/
    network-isolation#dns-based_endpoint)."""
    dns = res.get(props, "controlPlaneEndpointsConfig", "dnsEndpointConfig")
    if res.get(dns, "allowExternalTraffic") is not True:
        return []
    native = [k for k in GKE_DNS_NATIVE_AUTH if res.get(dns, k) is True]
    if not native:
        return []
    return [f"the public DNS endpoint accepts Kubernetes credentials ({', '.join(native)}); keep it IAM-only"]


def _gke_endpoint(props: Mapping[str, Any]) -> list[str]:
    dns = _gke_dns_endpoint(props)
    if res.get(props, "privateClusterConfig", "enablePrivateEndpoint") is True:
        return dns
    if res.get(props, "masterAuthorizedNetworksConfig") is None:
        return ["the public API endpoint has no authorized networks; enable them or the private endpoint"]
    blocks = res.as_list(res.get(props, "masterAuthorizedNetworksConfig", "cidrBlocks"))
    problems = [f"authorized networks allow {c}" for c in _open([res.get(b, "cidrBlock") for b in blocks])]
    if res.get(props, "masterAuthorizedNetworksConfig", "gcpPublicCidrsAccessEnabled") is True:
        problems.append("authorized networks admit every Google Cloud public IP (gcpPublicCidrsAccessEnabled)")
    return problems + dns


def _aks_endpoint(props: Mapping[str, Any]) -> list[str]:
    if res.get(props, "apiServerAccessProfile", "enablePrivateCluster") is True:
        return []
    ranges = res.as_list(res.get(props, "apiServerAccessProfile", "authorizedIPRanges"))
    if not ranges:
        return ["the public API server has no authorizedIPRanges; make the cluster private or allowlist"]
    return [f"authorizedIPRanges allow {c}" for c in _open(ranges)]


def api_endpoint_private(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """The API endpoint is private, or public only to allowlisted CIDRs, never 0.0.0.0/0."""
    report_checks(ENDPOINT, args, report)


ENDPOINT: Mapping[str, Check] = MappingProxyType(
    {res.EKS_CLUSTER: _eks_endpoint, res.GKE_CLUSTER: _gke_endpoint, res.AKS_CLUSTER: _aks_endpoint}
)


def _eks_secrets(props: Mapping[str, Any]) -> list[str]:
    encrypted = "secrets" in [str(r) for r in res.as_list(res.get(props, "encryptionConfig", "resources"))]
    if encrypted and res.present(props, "encryptionConfig", "provider", "keyArn"):
        return []
    return ["Kubernetes secrets are not envelope-encrypted with a KMS key (encryptionConfig)"]


def _gke_secrets(props: Mapping[str, Any]) -> list[str]:
    if res.get(props, "databaseEncryption", "state") == "ENCRYPTED" and res.present(
        props, "databaseEncryption", "keyName"
    ):
        return []
    return ["application-layer secrets encryption with a Cloud KMS key is off (databaseEncryption)"]


def _aks_secrets(props: Mapping[str, Any]) -> list[str]:
    kms = res.get(props, "securityProfile", "azureKeyVaultKms")
    if res.get(kms, "enabled") is True and res.present(kms, "keyId"):
        return []
    return ["Key Vault KMS encryption of secrets is off (securityProfile.azureKeyVaultKms)"]


def secrets_encrypted(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Kubernetes secrets are encrypted with a customer-managed key."""
    report_checks(SECRETS, args, report)


SECRETS: Mapping[str, Check] = MappingProxyType(
    {res.EKS_CLUSTER: _eks_secrets, res.GKE_CLUSTER: _gke_secrets, res.AKS_CLUSTER: _aks_secrets}
)


def _eks_logging(props: Mapping[str, Any]) -> list[str]:
    types = [str(t) for t in res.as_list(res.get(props, "enabledClusterLogTypes"))]
    missing = [t for t in EKS_LOG_TYPES if t not in types]
    return [f"control-plane logs {', '.join(missing)} are off (enabledClusterLogTypes)"] if missing else []


def _gke_logging(props: Mapping[str, Any]) -> list[str]:
    if res.get(props, "loggingService") == "none":
        return ["Cloud Logging is off for the cluster (loggingService: none)"]
    components = res.get(props, "loggingConfig", "enableComponents")
    if components is not None and not res.as_list(components):
        return ["Cloud Logging components are all off (loggingConfig.enableComponents is empty)"]
    return []


def audit_logging(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Control-plane audit logs are collected (EKS log types; GKE Cloud Logging; AKS: see aks-audit-logs)."""
    report_checks(LOGGING, args, report)


LOGGING: Mapping[str, Check] = MappingProxyType({res.EKS_CLUSTER: _eks_logging, res.GKE_CLUSTER: _gke_logging})


def _eks_auth(props: Mapping[str, Any]) -> list[str]:
    mode = res.get(props, "accessConfig", "authenticationMode")
    return [] if mode == "API" else [f"authentication mode is {mode or 'CONFIG_MAP (default)'}; use API access entries"]


def _gke_auth(props: Mapping[str, Any]) -> list[str]:
    problems = []
    if res.get(props, "masterAuth", "clientCertificateConfig", "issueClientCertificate") is True:
        problems.append("client certificates are issued (masterAuth.clientCertificateConfig)")
    if res.get(props, "enableLegacyAbac") is True:
        problems.append("legacy ABAC is on (enableLegacyAbac)")
    return problems


def _aks_auth(props: Mapping[str, Any]) -> list[str]:
    problems = []
    if res.get(props, "disableLocalAccounts") is not True:
        problems.append("local accounts (static admin credentials) are on; set disableLocalAccounts")
    if res.get(props, "enableRBAC") is False:
        problems.append("Kubernetes RBAC is off (enableRBAC: false)")
    if res.get(props, "aadProfile", "managed") is not True:
        problems.append("Entra ID integration is off (aadProfile.managed)")
    return problems


def no_legacy_authentication(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """No local accounts, client certificates, ABAC or aws-auth ConfigMap: identities come from the cloud IAM."""
    report_checks(AUTH, args, report)


AUTH: Mapping[str, Check] = MappingProxyType(
    {res.EKS_CLUSTER: _eks_auth, res.GKE_CLUSTER: _gke_auth, res.AKS_CLUSTER: _aks_auth}
)

VERSION_KEYS: Mapping[str, str] = MappingProxyType(
    {
        res.EKS_CLUSTER: "version",
        res.EKS_NODE_GROUP: "version",
        res.GKE_CLUSTER: "minMasterVersion",
        res.GKE_NODE_POOL: "version",
        res.AKS_CLUSTER: "kubernetesVersion",
        res.AKS_AGENT_POOL: "orchestratorVersion",
    }
)


def supported_kubernetes_version(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Clusters and pools run a Kubernetes minor in the cloud's standard support (catalog calendar)."""
    key = VERSION_KEYS.get(args.resource_type)
    cloud = res.cloud_of(args.resource_type)
    if key is None or cloud is None:
        return
    if args.resource_type not in res.CLUSTERS and res.peek(args.props, key) is res.UNKNOWN:
        return  # a pool following its cluster's version (a reference): the cluster's own version is checked
    version = res.get(args.props, key)
    if version is None:
        if args.resource_type in res.CLUSTERS:
            report(f"{args.name}: no Kubernetes version pinned ({key}); the cloud would pick one", None)
        return
    minor = ".".join(str(version).split(".")[:2])
    supported = catalog.supported_versions(cloud)
    if minor not in supported:
        report(f"{args.name}: Kubernetes {version} is not in {cloud} standard support ({', '.join(supported)})", None)


def _gke_network_policy(props: Mapping[str, Any]) -> list[str]:
    if res.get(props, "datapathProvider") == "ADVANCED_DATAPATH" or res.get(props, "networkPolicy", "enabled"):
        return []
    return ["NetworkPolicy is not enforced (use Dataplane V2 or networkPolicy.enabled)"]


def _aks_network_policy(props: Mapping[str, Any]) -> list[str]:
    policy = res.get(props, "networkProfile", "networkPolicy")
    return [] if policy in ("azure", "calico", "cilium") else ["NetworkPolicy is not enforced (networkProfile)"]


def network_policy_enforced(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """The cluster's network dataplane enforces Kubernetes NetworkPolicy (GKE, AKS; EKS: eks-network-policy)."""
    report_checks(NETWORK_POLICY, args, report)


NETWORK_POLICY: Mapping[str, Check] = MappingProxyType(
    {res.GKE_CLUSTER: _gke_network_policy, res.AKS_CLUSTER: _aks_network_policy}
)
