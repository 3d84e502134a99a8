"""Mock provider outputs for gcp resources (see package docstring).

The project comes from the provider's default in a real run; under mocks it is the stack's ``gcp:project``
when set, else ``MOCK_PROJECT`` (and ``MOCK_PROJECT_NUMBER`` for Google-managed service agents).
Autonamed resources echo their logical name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import pulumi.runtime

Outputs = Callable[[str, Mapping[str, Any]], dict[str, Any]]

MOCK_PROJECT = "mlplatform-mock"
MOCK_PROJECT_NUMBER = "123456789012"
MOCK_ENDPOINT = "10.0.0.2"
MOCK_DNS_ENDPOINT = "gke-0123456789abcdef0123456789abcdef-123456789012.us-central1.gke.goog"
MOCK_CA_CERTIFICATE = "bW9jay1jbHVzdGVyLWNh"  # base64("mock-cluster-ca")
GKE_SERVICE_AGENT = f"service-{MOCK_PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com"
MOCK_SQL_PRIVATE_IP = "10.0.128.3"
MOCK_RANDOM_HEX = "1a2b3c4d"
MOCK_PRIVATE_ENDPOINT = "10.0.0.2"


def _project(inputs: Mapping[str, Any]) -> str:
    return str(inputs.get("project") or pulumi.runtime.get_config("gcp:project") or MOCK_PROJECT)


def _named(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Name (autonamed in a real run) and project, as every project-scoped resource reports them."""
    return {"name": inputs.get("name") or name, "project": _project(inputs)}


def _with_self_link(kind: str) -> Outputs:
    def outputs(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
        out = _named(name, inputs)
        region = f"regions/{inputs['region']}" if inputs.get("region") else "global"
        out["selfLink"] = f"https://www.googleapis.com/compute/v1/projects/{out['project']}/{region}/{kind}/{out['name']}"
        return out

    return outputs


def _service_account(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    project = _project(inputs)
    email = f"{inputs.get('accountId', name)}@{project}.iam.gserviceaccount.com"
    return {
        "project": project,
        "email": email,
        "member": f"serviceAccount:{email}",
        "name": f"projects/{project}/serviceAccounts/{email}",
    }


def _service_identity(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {"project": _project(inputs), "email": GKE_SERVICE_AGENT, "member": f"serviceAccount:{GKE_SERVICE_AGENT}"}


MOCK_PATCH_SUFFIX = ".4-gke.1100000"


def _cluster(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    out = _named(name, inputs)
    out["endpoint"] = MOCK_ENDPOINT
    # GKE resolves the fuzzy minMasterVersion (MAJOR.MINOR) to a full version on that minor.
    out["masterVersion"] = f"{inputs.get('minMasterVersion', '')}{MOCK_PATCH_SUFFIX}"
    out["masterAuth"] = {**dict(inputs.get("masterAuth") or {}), "clusterCaCertificate": MOCK_CA_CERTIFICATE}
    endpoints = dict(inputs.get("controlPlaneEndpointsConfig") or {})
    dns = dict(endpoints.get("dnsEndpointConfig") or {})
    out["controlPlaneEndpointsConfig"] = {**endpoints, "dnsEndpointConfig": {**dns, "endpoint": MOCK_DNS_ENDPOINT}}
    # A Private Service Connect cluster reports its control plane's address in the nodes' subnet.
    out["privateClusterConfig"] = {**dict(inputs.get("privateClusterConfig") or {}),
                                   "privateEndpoint": MOCK_PRIVATE_ENDPOINT}
    return out


def _sql_instance(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    out = _named(name, inputs)
    out["privateIpAddress"] = MOCK_SQL_PRIVATE_IP
    out["connectionName"] = f"{out['project']}:{inputs.get('region', '')}:{out['name']}"
    return out


def _bucket(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    out = _named(name, inputs)
    out["url"] = f"gs://{out['name']}"
    return out


def _random_id(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Hex of ``byteLength`` bytes; fixed under mocks so renders compare equal."""
    return {"hex": MOCK_RANDOM_HEX[: 2 * int(inputs.get("byteLength", 4))]}


def _project_lookup(token: str, args: Mapping[str, Any]) -> dict[str, Any]:
    project = str(args.get("projectId") or pulumi.runtime.get_config("gcp:project") or MOCK_PROJECT)
    return {"projectId": project, "number": MOCK_PROJECT_NUMBER, "name": project}


OUTPUTS: Mapping[str, Outputs] = MappingProxyType(
    {
        "gcp:compute/network:Network": _with_self_link("networks"),
        "gcp:compute/subnetwork:Subnetwork": _with_self_link("subnetworks"),
        "gcp:compute/router:Router": _with_self_link("routers"),
        "gcp:serviceaccount/account:Account": _service_account,
        "gcp:projects/serviceIdentity:ServiceIdentity": _service_identity,
        "gcp:kms/keyRing:KeyRing": _named,
        "gcp:kms/cryptoKey:CryptoKey": lambda name, inputs: {"name": inputs.get("name") or name},
        "gcp:container/cluster:Cluster": _cluster,
        "gcp:compute/globalAddress:GlobalAddress": _named,
        "gcp:sql/databaseInstance:DatabaseInstance": _sql_instance,
        "gcp:storage/bucket:Bucket": _bucket,
        # pulumi_random's RandomId, used by the GCP data plane for globally unique bucket names.
        "random:index/randomId:RandomId": _random_id,
    }
)
INVOKES: Mapping[str, Outputs] = MappingProxyType({"gcp:organizations/getProject:getProject": _project_lookup})
