"""Security baseline on clusters and nodes: endpoint, secrets, audit logs, identity, metadata, access, images.

Each case mutates one resource of the synthetic stack (which passes everything) and asserts every verdict of
both packs exactly: the clause that broke and nothing else. Missing properties fall back to the cloud's
default, which is what the case expects; unknown values are reported as unknown, never as a verdict.
"""

from __future__ import annotations

import pytest

from components.catalog import supported_versions
from components.spec import Cloud
from tests.policies.synthetic import DROP, found, mutated, verdicts

# The catalog's supported versions as the rule states them (the catalog changes; the rule's wording does not).
SUPPORTED = {c.value: ", ".join(supported_versions(c)) for c in Cloud}

CASES = {
    "ep-eks-open": mutated("eks", (("vpcConfig", "endpointPublicAccess"), True)),
    "ep-eks-any": mutated(
        "eks", (("vpcConfig", "endpointPublicAccess"), True), (("vpcConfig", "publicAccessCidrs"), ["0.0.0.0/0"])
    ),
    "ep-eks-allow": mutated(
        "eks", (("vpcConfig", "endpointPublicAccess"), True), (("vpcConfig", "publicAccessCidrs"), ["203.0.113.0/24"])
    ),
    "ep-eks-unknown": mutated("eks", (("vpcConfig", "endpointPublicAccess"), "[unknown]")),
    "ep-gke-any": mutated(
        "gke",
        (("privateClusterConfig", "enablePrivateEndpoint"), False),
        (("masterAuthorizedNetworksConfig", "cidrBlocks"), [{"cidrBlock": "0.0.0.0/0"}]),
    ),
    "ep-gke-missing": mutated(
        "gke", (("privateClusterConfig", "enablePrivateEndpoint"), DROP), (("masterAuthorizedNetworksConfig",), DROP)
    ),
    "ep-aks": mutated("aks", (("apiServerAccessProfile", "enablePrivateCluster"), False)),
    "sec-eks": mutated("eks", (("encryptionConfig",), DROP)),
    "sec-gke": mutated("gke", (("databaseEncryption", "state"), "DECRYPTED")),
    "sec-aks": mutated("aks", (("securityProfile", "azureKeyVaultKms", "enabled"), False)),
    "log-eks": mutated("eks", (("enabledClusterLogTypes",), ["api"])),
    "log-gke": mutated("gke", (("loggingService",), "none")),
    "log-aks": {"aks-audit": None},
    "wi-eks": {"eks-pod-identity": None},
    "wi-gke": mutated("gke", (("workloadIdentityConfig",), DROP)),
    "wi-aks": mutated("aks", (("securityProfile", "workloadIdentity", "enabled"), False)),
    "md-lt": mutated(
        "gpu-lt", (("metadataOptions", "httpTokens"), "optional"), (("metadataOptions", "httpPutResponseHopLimit"), 2.0)
    ),
    "md-lt-missing": mutated("gpu-lt", (("metadataOptions",), DROP)),
    "md-ng": mutated("eks-h100", (("launchTemplate",), DROP)),
    "md-gke": mutated("gke-v5e", (("nodeConfig", "workloadMetadataConfig", "mode"), "GCE_METADATA")),
    "na-ng": mutated("eks-h100", (("remoteAccess",), {"ec2SshKey": "k"})),
    "na-lt": mutated("gpu-lt", (("networkInterfaces",), [{"associatePublicIpAddress": "true"}]), (("keyName",), "k")),
    "na-gke": mutated("gke", (("privateClusterConfig", "enablePrivateNodes"), False)),
    "na-gke-pool": mutated("gke-v5e", (("networkConfig",), {"enablePrivateNodes": False})),
    "na-aks": mutated("aks-t4", (("enableNodePublicIP",), True)),
    "np-gke": mutated("gke", (("datapathProvider",), "LEGACY_DATAPATH")),
    "np-aks": mutated("aks", (("networkProfile", "networkPolicy"), DROP)),
    "np-eks": mutated("eks-vpc-cni", (("configurationValues",), "{}")),
    "auth-eks": mutated("eks", (("accessConfig", "authenticationMode"), "API_AND_CONFIG_MAP")),
    "auth-eks-missing": mutated("eks", (("accessConfig",), DROP)),
    "auth-gke": mutated(
        "gke",
        (("masterAuth", "clientCertificateConfig", "issueClientCertificate"), True),
        (("enableLegacyAbac",), True),
    ),
    "auth-aks": mutated("aks", (("disableLocalAccounts",), False), (("enableRBAC",), False), (("aadProfile",), DROP)),
    "ver-eks": mutated("eks", (("version",), "1.29")),
    "ver-eks-missing": mutated("eks", (("version",), DROP)),
    "ver-pool": mutated("aks-t4", (("orchestratorVersion",), "1.33.2")),
    "img-eks": mutated("eks-h100", (("amiType",), "AL2_x86_64_GPU")),
    "img-gke": mutated(
        "gke-v5e",
        (("nodeConfig", "imageType"), "UBUNTU_CONTAINERD"),
        (("nodeConfig", "shieldedInstanceConfig", "enableSecureBoot"), False),
    ),
    "img-gke-shield": mutated("gke", (("enableShieldedNodes",), False)),
    "id-gke": mutated("gke-v5e", (("nodeConfig", "serviceAccount"), "123-compute@developer.gserviceaccount.com")),
    "id-gke-missing": mutated("gke", (("nodeConfig", "serviceAccount"), DROP)),
    "id-aws": mutated("node-ecr", (("policyArn",), "arn:aws:iam::aws:policy/AdministratorAccess")),
}

EXPECTED = {
    "log-eks": [
        (
            "control-plane-audit-logging",
            "violation",
            "eks",
            "eks: control-plane logs audit, authenticator, controllerManager, scheduler are off "
            "(enabledClusterLogTypes)",
        )
    ],
    "ep-eks-open": [
        (
            "api-endpoint-private",
            "violation",
            "eks",
            "eks: the public API endpoint is open to 0.0.0.0/0 (no publicAccessCidrs); make it private or allowlist",
        )
    ],
    "ep-eks-any": [("api-endpoint-private", "violation", "eks", "eks: the public API endpoint allows 0.0.0.0/0")],
    "ep-eks-allow": [],
    "ep-eks-unknown": [
        (
            "api-endpoint-private",
            "unknown",
            "eks",
            "can't run policy 'api-endpoint-private' from policy pack 'mlplatform-security-baseline@v0.0.1' "
            "during preview: "
            "string value at "
            ".vpcConfig.endpointPublicAccess can't be known during preview",
        )
    ],
    "ep-gke-any": [("api-endpoint-private", "violation", "gke", "gke: authorized networks allow 0.0.0.0/0")],
    "ep-gke-missing": [
        (
            "api-endpoint-private",
            "violation",
            "gke",
            "gke: the public API endpoint has no authorized networks; enable them or the private endpoint",
        )
    ],
    "ep-aks": [
        (
            "api-endpoint-private",
            "violation",
            "aks",
            "aks: the public API server has no authorizedIPRanges; make the cluster private or allowlist",
        )
    ],
    "sec-eks": [
        (
            "secrets-encrypted-with-cmk",
            "violation",
            "eks",
            "eks: Kubernetes secrets are not envelope-encrypted with a KMS key (encryptionConfig)",
        )
    ],
    "sec-gke": [
        (
            "secrets-encrypted-with-cmk",
            "violation",
            "gke",
            "gke: application-layer secrets encryption with a Cloud KMS key is off (databaseEncryption)",
        )
    ],
    "sec-aks": [
        (
            "secrets-encrypted-with-cmk",
            "violation",
            "aks",
            "aks: Key Vault KMS encryption of secrets is off (securityProfile.azureKeyVaultKms)",
        )
    ],
    "log-gke": [
        (
            "control-plane-audit-logging",
            "violation",
            "gke",
            "gke: Cloud Logging is off for the cluster (loggingService: none)",
        )
    ],
    "log-aks": [("aks-audit-logs", "violation", "aks", "AKS cluster aks: no diagnostic setting ships kube-audit logs")],
    "wi-eks": [
        (
            "workload-identity",
            "violation",
            "eks",
            "EKS cluster eks: no eks-pod-identity-agent add-on nor IAM OIDC provider",
        )
    ],
    "wi-gke": [
        ("workload-identity", "violation", "gke", "GKE cluster gke: Workload Identity is off (workloadIdentityConfig)")
    ],
    "wi-aks": [
        (
            "workload-identity",
            "violation",
            "aks",
            "AKS cluster aks: enable securityProfile.workloadIdentity and the OIDC issuer",
        )
    ],
    "md-lt": [
        (
            "node-metadata-protected",
            "violation",
            "gpu-lt",
            "gpu-lt: IMDSv1 is allowed; set metadataOptions.httpTokens: required",
        ),
        (
            "node-metadata-protected",
            "violation",
            "gpu-lt",
            "gpu-lt: metadata hop limit is 2; set httpPutResponseHopLimit: 1 so pods cannot reach it",
        ),
    ],
    "md-lt-missing": [
        (
            "node-metadata-protected",
            "violation",
            "gpu-lt",
            "gpu-lt: IMDSv1 is allowed; set metadataOptions.httpTokens: required",
        ),
        (
            "node-metadata-protected",
            "violation",
            "gpu-lt",
            "gpu-lt: metadata hop limit is the default; set httpPutResponseHopLimit: 1 so pods cannot reach it",
        ),
    ],
    "md-ng": [
        (
            "node-metadata-protected",
            "violation",
            "eks-h100",
            "eks-h100: no launch template, so the AMI's metadata defaults apply; use one with IMDSv2 and hop limit 1",
        )
    ],
    "md-gke": [
        (
            "node-metadata-protected",
            "violation",
            "gke-v5e",
            "gke-v5e: pods can read the node's metadata; set nodeConfig.workloadMetadataConfig.mode: GKE_METADATA",
        )
    ],
    "na-ng": [
        ("no-public-node-access", "violation", "eks-h100", "eks-h100: SSH remote access is configured (remoteAccess)")
    ],
    "na-lt": [
        ("no-public-node-access", "violation", "gpu-lt", "gpu-lt: an SSH key pair is installed on the nodes (keyName)"),
        (
            "no-public-node-access",
            "violation",
            "gpu-lt",
            "gpu-lt: network interfaces get public IPs (associatePublicIpAddress)",
        ),
    ],
    "na-gke": [
        (
            "no-public-node-access",
            "violation",
            "gke",
            "gke: nodes get public IPs; set privateClusterConfig.enablePrivateNodes",
        )
    ],
    "na-gke-pool": [
        (
            "no-public-node-access",
            "violation",
            "gke-v5e",
            "gke-v5e: this pool's nodes get public IPs (networkConfig.enablePrivateNodes: false)",
        )
    ],
    "na-aks": [("no-public-node-access", "violation", "aks-t4", "aks-t4: nodes get public IPs (enableNodePublicIP)")],
    "np-gke": [
        (
            "network-policy-enforced",
            "violation",
            "gke",
            "gke: NetworkPolicy is not enforced (use Dataplane V2 or networkPolicy.enabled)",
        )
    ],
    "np-aks": [("network-policy-enforced", "violation", "aks", "aks: NetworkPolicy is not enforced (networkProfile)")],
    "np-eks": [
        (
            "eks-network-policy",
            "violation",
            "eks",
            "EKS cluster eks: no vpc-cni add-on with enableNetworkPolicy: true; NetworkPolicy objects would be ignored",
        )
    ],
    "auth-eks": [
        (
            "no-legacy-authentication",
            "violation",
            "eks",
            "eks: authentication mode is API_AND_CONFIG_MAP; use API access entries",
        )
    ],
    "auth-eks-missing": [
        (
            "no-legacy-authentication",
            "violation",
            "eks",
            "eks: authentication mode is CONFIG_MAP (default); use API access entries",
        )
    ],
    "auth-gke": [
        (
            "no-legacy-authentication",
            "violation",
            "gke",
            "gke: client certificates are issued (masterAuth.clientCertificateConfig)",
        ),
        ("no-legacy-authentication", "violation", "gke", "gke: legacy ABAC is on (enableLegacyAbac)"),
    ],
    "auth-aks": [
        ("no-legacy-authentication", "violation", "aks", "aks: Entra ID integration is off (aadProfile.managed)"),
        ("no-legacy-authentication", "violation", "aks", "aks: Kubernetes RBAC is off (enableRBAC: false)"),
        (
            "no-legacy-authentication",
            "violation",
            "aks",
            "aks: local accounts (static admin credentials) are on; set disableLocalAccounts",
        ),
    ],
    "ver-eks": [
        (
            "supported-kubernetes-version",
            "violation",
            "eks",
            f"eks: Kubernetes 1.29 is not in aws standard support ({SUPPORTED['aws']})",
        )
    ],
    "ver-eks-missing": [
        (
            "supported-kubernetes-version",
            "violation",
            "eks",
            "eks: no Kubernetes version pinned (version); the cloud would pick one",
        )
    ],
    "ver-pool": [
        (
            "supported-kubernetes-version",
            "violation",
            "aks-t4",
            f"aks-t4: Kubernetes 1.33.2 is not in azure standard support ({SUPPORTED['azure']})",
        )
    ],
    "img-eks": [
        (
            "hardened-node-images",
            "violation",
            "eks-h100",
            "eks-h100: AMI type AL2_x86_64_GPU is not Amazon Linux 2023 or Bottlerocket",
        )
    ],
    "img-gke": [
        (
            "hardened-node-images",
            "violation",
            "gke-v5e",
            "gke-v5e: node image UBUNTU_CONTAINERD is not Container-Optimized OS",
        ),
        (
            "hardened-node-images",
            "violation",
            "gke-v5e",
            "gke-v5e: secure boot is off (nodeConfig.shieldedInstanceConfig.enableSecureBoot)",
        ),
    ],
    "img-gke-shield": [
        ("hardened-node-images", "violation", "gke", "gke: Shielded GKE nodes are off (enableShieldedNodes)")
    ],
    "id-gke": [
        (
            "least-privilege-node-identity",
            "violation",
            "gke-v5e",
            "gke-v5e: nodes run as the Compute Engine default service account "
            "(123-compute@developer.gserviceaccount.com)",
        )
    ],
    "id-gke-missing": [
        (
            "least-privilege-node-identity",
            "violation",
            "gke",
            "gke: nodes run as the Compute Engine default service account (default)",
        )
    ],
    "id-aws": [
        (
            "least-privilege-node-identity",
            "violation",
            "node-ecr",
            "node-ecr: attaches AdministratorAccess, far beyond what nodes or pods need",
        )
    ],
}


@pytest.mark.parametrize("case", CASES)
def test_cluster_case(case: str) -> None:
    assert found(verdicts(CASES[case])) == EXPECTED[case]
