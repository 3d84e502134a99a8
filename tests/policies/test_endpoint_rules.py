"""API endpoints and control-plane logs on both sides of each condition: EKS's default public endpoint, GKE's
Google-IP allowance and public DNS endpoint, the five EKS log types."""

from __future__ import annotations

import pytest

from tests.policies.synthetic import DROP, found, mutated, verdicts

CASES = {
    "log-eks-no-scheduler": mutated(
        "eks", (("enabledClusterLogTypes",), ["api", "audit", "authenticator", "controllerManager"])
    ),
    "ep-eks-unset": mutated("eks", (("vpcConfig", "endpointPublicAccess"), DROP)),  # EKS's default is public
    "ep-gke-gcp-cidrs": mutated(
        "gke",
        (("privateClusterConfig", "enablePrivateEndpoint"), False),
        (
            ("masterAuthorizedNetworksConfig",),
            {"cidrBlocks": [{"cidrBlock": "203.0.113.0/24"}], "gcpPublicCidrsAccessEnabled": True},
        ),
    ),
    "ep-gke-allowlisted": mutated(
        "gke",
        (("privateClusterConfig", "enablePrivateEndpoint"), False),
        (
            ("masterAuthorizedNetworksConfig",),
            {"cidrBlocks": [{"cidrBlock": "203.0.113.0/24"}], "gcpPublicCidrsAccessEnabled": False},
        ),
    ),
    "ep-gke-dns-iam": mutated(
        "gke",
        (
            ("controlPlaneEndpointsConfig",),
            {
                "dnsEndpointConfig": {
                    "allowExternalTraffic": True,
                    "enableK8sTokensViaDns": False,
                    "enableK8sCertsViaDns": False,
                }
            },
        ),
    ),
    "ep-gke-dns-tokens": mutated(
        "gke",
        (
            ("controlPlaneEndpointsConfig",),
            {"dnsEndpointConfig": {"allowExternalTraffic": True, "enableK8sTokensViaDns": True}},
        ),
    ),
    "ep-gke-dns-internal-tokens": mutated(
        "gke",
        (
            ("controlPlaneEndpointsConfig",),
            {"dnsEndpointConfig": {"allowExternalTraffic": False, "enableK8sTokensViaDns": True}},
        ),
    ),
}

EXPECTED = {
    "log-eks-no-scheduler": [
        (
            "control-plane-audit-logging",
            "violation",
            "eks",
            "eks: control-plane logs scheduler are off (enabledClusterLogTypes)",
        )
    ],
    "ep-eks-unset": [
        (
            "api-endpoint-private",
            "violation",
            "eks",
            "eks: the public API endpoint is open to 0.0.0.0/0 (no publicAccessCidrs); make it private or allowlist",
        )
    ],
    "ep-gke-gcp-cidrs": [
        (
            "api-endpoint-private",
            "violation",
            "gke",
            "gke: authorized networks admit every Google Cloud public IP (gcpPublicCidrsAccessEnabled)",
        )
    ],
    "ep-gke-allowlisted": [],
    "ep-gke-dns-iam": [],
    "ep-gke-dns-tokens": [
        (
            "api-endpoint-private",
            "violation",
            "gke",
            "gke: the public DNS endpoint accepts Kubernetes credentials (enableK8sTokensViaDns); keep it IAM-only",
        )
    ],
    "ep-gke-dns-internal-tokens": [],
}


@pytest.mark.parametrize("case", CASES)
def test_endpoint_case(case: str) -> None:
    assert found(verdicts(CASES[case])) == EXPECTED[case]
