"""`components.gcp.build` under mocks: the GKE cluster, system pool, node identity, KMS key, kubeconfig, handle."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from components.gcp.identity import NODE_ROLES
from components.handle import plan_scheduling
from components.plan import ClusterPlan
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.mock_outputs.gcp import GKE_SERVICE_AGENT, MOCK_DNS_ENDPOINT, MOCK_PROJECT
from tests.blueprints import ADMINS

PlanOf = Callable[..., ClusterPlan]
Render = Callable[[ClusterPlan], Any]  # -> conftest.Rendered (inventory, handle, resolved values)

CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"
ZONES = ["us-central1-a", "us-central1-b", "us-central1-c"]
NODE_SA = f"mlplatform-dev-nodes@{MOCK_PROJECT}.iam.gserviceaccount.com"
DEV_TAGS = {
    "team": "ml",
    "mlplatform-environment": "dev",
    "mlplatform-managed-by": "pulumi",
    "mlplatform-platform": "mlplatform",
}
IAM_MEMBER = "gcp:projects/iAMMember:IAMMember"
SERVICE_IDENTITY = "gcp:projects/serviceIdentity:ServiceIdentity"
NODE_SHARED = {
    "oauthScopes": ["https://www.googleapis.com/auth/cloud-platform"],
    "workloadMetadataConfig": {"mode": "GKE_METADATA"},
    "shieldedInstanceConfig": {"enableSecureBoot": True, "enableIntegrityMonitoring": True},
    "imageType": "COS_CONTAINERD",
    "diskType": "pd-balanced",
}

# (type, logical name, parent's logical name): renaming any of these replaces real infrastructure.
DEV_TREE = {
    ("mlplatform:gcp:Apis", "mlplatform-apis", "root"),
    ("gcp:projects/service:Service", "mlplatform-apis-compute", "mlplatform-apis"),
    ("gcp:projects/service:Service", "mlplatform-apis-container", "mlplatform-apis"),
    ("gcp:projects/service:Service", "mlplatform-apis-cloudkms", "mlplatform-apis"),
    ("gcp:projects/service:Service", "mlplatform-apis-iam", "mlplatform-apis"),
    ("mlplatform:gcp:Network", "mlplatform-network", "root"),
    ("gcp:compute/network:Network", "mlplatform-network", "mlplatform-network"),
    ("gcp:compute/subnetwork:Subnetwork", "mlplatform-network-subnet", "mlplatform-network"),
    ("gcp:compute/router:Router", "mlplatform-network-router", "mlplatform-network"),
    ("gcp:compute/routerNat:RouterNat", "mlplatform-network-nat", "mlplatform-network"),
    ("mlplatform:gcp:Cluster", "mlplatform-cluster", "root"),
    ("mlplatform:gcp:NodeIdentity", "mlplatform-cluster-node-sa", "mlplatform-cluster"),
    ("gcp:serviceaccount/account:Account", "mlplatform-cluster-node-sa", "mlplatform-cluster-node-sa"),
    (IAM_MEMBER, "mlplatform-cluster-node-sa-container-defaultnodeserviceaccount", "mlplatform-cluster-node-sa"),
    (IAM_MEMBER, "mlplatform-cluster-node-sa-artifactregistry-reader", "mlplatform-cluster-node-sa"),
    ("mlplatform:gcp:ClusterAdmins", "mlplatform-cluster-admins", "mlplatform-cluster"),
    (IAM_MEMBER, "mlplatform-cluster-admins-group-platform-admins-example-com", "mlplatform-cluster-admins"),
    ("mlplatform:gcp:SecretsKey", "mlplatform-cluster-secrets", "mlplatform-cluster"),
    ("gcp:kms/keyRing:KeyRing", "mlplatform-cluster-secrets", "mlplatform-cluster-secrets"),
    ("gcp:kms/cryptoKey:CryptoKey", "mlplatform-cluster-secrets-key", "mlplatform-cluster-secrets"),
    (SERVICE_IDENTITY, "mlplatform-cluster-secrets-gke-agent", "mlplatform-cluster-secrets"),
    (
        "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
        "mlplatform-cluster-secrets-gke-agent-access",
        "mlplatform-cluster-secrets",
    ),
    ("gcp:container/cluster:Cluster", "mlplatform-cluster", "mlplatform-cluster"),
    ("gcp:container/nodePool:NodePool", "mlplatform-cluster-system", "mlplatform-cluster"),
    ("mlplatform:gcp:AcceleratorPool", "mlplatform-h100", "root"),
    ("gcp:container/nodePool:NodePool", "mlplatform-h100", "mlplatform-h100"),
    ("mlplatform:gcp:AcceleratorPool", "mlplatform-v5p", "root"),
    ("gcp:container/nodePool:NodePool", "mlplatform-v5p", "mlplatform-v5p"),
    ("pulumi:providers:kubernetes", "mlplatform-k8s", "root"),
}


def _tree(inventory: Inventory) -> set[tuple[str, str, str]]:
    names = {r.urn: r.name for r in inventory}
    return {(r.type, r.name, names.get(r.parent, "")) for r in inventory if r.type != "mlplatform:test:Root"}


def test_dev_cluster_is_private_encrypted_least_privilege_and_pins_names(
    render: Render, plan_of: PlanOf, version: str
) -> None:
    plan = plan_of(nodePools=[
        {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2},
        {"name": "v5p", "accelerator": "tpu-v5p", "topology": "2x2x4"},
    ])
    out = render(plan)
    inv = out.inventory
    assert _tree(inv) == DEV_TREE
    by_name = {(r.type, r.name): r for r in inv}
    component = by_name[("mlplatform:gcp:Cluster", "mlplatform-cluster")]
    [cluster] = inv.of_type(CLUSTER)
    assert cluster.parent == component.urn
    key = by_name[("gcp:kms/cryptoKey:CryptoKey", "mlplatform-cluster-secrets-key")]
    grant = by_name[("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "mlplatform-cluster-secrets-gke-agent-access")]
    roles = [r for r in inv.of_type(IAM_MEMBER) if r.inputs["role"] != "roles/container.admin"]

    assert cluster.inputs == {
        "name": "mlplatform-dev",
        "location": "us-central1",
        "nodeLocations": ZONES,
        "minMasterVersion": version,
        "releaseChannel": {"channel": "REGULAR"},
        "network": "mlplatform-network-id",
        "subnetwork": "mlplatform-network-subnet-id",
        "networkingMode": "VPC_NATIVE",
        "ipAllocationPolicy": {"clusterSecondaryRangeName": "pods", "servicesSecondaryRangeName": "services"},
        "datapathProvider": "ADVANCED_DATAPATH",
        "privateClusterConfig": {
            "enablePrivateNodes": True,
            "enablePrivateEndpoint": True,
            "masterGlobalAccessConfig": {"enabled": False},
        },
        "controlPlaneEndpointsConfig": {
            "dnsEndpointConfig": {
                "allowExternalTraffic": True,
                "enableK8sTokensViaDns": False,
                "enableK8sCertsViaDns": False,
            },
            "ipEndpointsConfig": {"enabled": True},
        },
        "masterAuthorizedNetworksConfig": {
            "cidrBlocks": [],
            "gcpPublicCidrsAccessEnabled": False,
            "privateEndpointEnforcementEnabled": True,
        },
        "masterAuth": {"clientCertificateConfig": {"issueClientCertificate": False}},
        "workloadIdentityConfig": {"workloadPool": f"{MOCK_PROJECT}.svc.id.goog"},
        "databaseEncryption": {"state": "ENCRYPTED", "keyName": "mlplatform-cluster-secrets-key-id"},
        "enableShieldedNodes": True,
        "removeDefaultNodePool": True,
        "initialNodeCount": 1.0,
        "nodeConfig": {**NODE_SHARED, "serviceAccount": NODE_SA, "diskSizeGb": 50.0},
        "deletionProtection": False,
        "resourceLabels": DEV_TAGS,
    }
    # The control plane is created only once the GKE agent may use the key and the nodes' roles exist.
    assert {grant.urn, *(r.urn for r in roles)} <= set(cluster.dependencies)
    apis = {r.urn for r in inv.of_type("gcp:projects/service:Service")}
    assert apis <= set(cluster.dependencies)
    assert not cluster.protect

    assert key.inputs == {
        "keyRing": "mlplatform-cluster-secrets-id",
        "purpose": "ENCRYPT_DECRYPT",
        "rotationPeriod": "7776000s",
        "labels": DEV_TAGS,
    }
    assert not key.protect
    ring = by_name[("gcp:kms/keyRing:KeyRing", "mlplatform-cluster-secrets")]
    assert ring.inputs == {"location": "us-central1"}
    assert apis <= set(ring.dependencies)
    agent = by_name[(SERVICE_IDENTITY, "mlplatform-cluster-secrets-gke-agent")]
    assert agent.inputs == {"service": "container.googleapis.com"}
    assert agent.urn in grant.dependencies  # the agent exists before it is granted the key
    assert grant.inputs == {
        "cryptoKeyId": "mlplatform-cluster-secrets-key-id",
        "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        "member": f"serviceAccount:{GKE_SERVICE_AGENT}",
    }

    assert by_name[("gcp:serviceaccount/account:Account", "mlplatform-cluster-node-sa")].inputs == {
        "accountId": "mlplatform-dev-nodes",
        "displayName": "GKE nodes of mlplatform-dev",
    }
    assert sorted(r.inputs["role"] for r in roles) == sorted(NODE_ROLES) == [
        # GKE's least-privilege node role (cloud.google.com/kubernetes-engine/docs/how-to/service-accounts), and
        # image pulls.
        "roles/artifactregistry.reader",
        "roles/container.defaultNodeServiceAccount",
    ]
    assert {(r.inputs["member"], r.inputs["project"]) for r in roles} == {(f"serviceAccount:{NODE_SA}", MOCK_PROJECT)}
    every_input = json.dumps([r.inputs for r in inv])
    assert "-compute@developer.gserviceaccount.com" not in every_input
    assert "roles/editor" not in every_input and "roles/owner" not in every_input

    system = by_name[(NODE_POOL, "mlplatform-cluster-system")]
    # The system pool waits for its nodes' IAM bindings (depends_on, no input carries them): GKE creates the nodes
    # at once, and nodes that start before roles/container.defaultNodeServiceAccount exists fail to register
    # ("Node pool ... has no healthy nodes": https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts).
    assert {r.urn for r in roles} <= set(system.dependencies)
    for pool in ("mlplatform-h100", "mlplatform-v5p"):  # GPU and TPU pools follow the control plane too
        assert by_name[(NODE_POOL, pool)].inputs["version"] == f"{plan.kubernetes_version}.4-gke.1100000"
        assert cluster.urn in by_name[(NODE_POOL, pool)].dependencies
    assert system.inputs == {
        "name": "system",
        "cluster": "mlplatform-dev",
        "location": "us-central1",
        "nodeLocations": ZONES,
        "nodeCount": 1.0,  # 2 nodes over 3 zones: GKE counts per zone, so 1 per zone (3 in total)
        # Without `version` raising kubernetesVersion upgrades the control plane only and prod's NO_MINOR_UPGRADES
        # exclusion keeps the nodes back (google provider container_node_pool `version`).
        "version": f"{plan.kubernetes_version}.4-gke.1100000",
        "management": {"autoRepair": True, "autoUpgrade": True},
        "nodeConfig": {
            **NODE_SHARED,
            "serviceAccount": NODE_SA,
            "machineType": plan.system.shape.machine_type,
            "spot": False,
            "labels": {"mlplatform.io/pool": "system"},
            "resourceLabels": DEV_TAGS,
            "diskSizeGb": 100.0,
        },
    }
    for pool in inv.of_type(NODE_POOL):
        assert pool.inputs["nodeConfig"]["serviceAccount"] == NODE_SA
        assert pool.inputs["cluster"] == "mlplatform-dev"

    kubeconfig = json.loads(out.values["kubeconfig"])
    # The DNS endpoint serves a publicly trusted certificate: no CA data, no IP address.
    assert kubeconfig["clusters"] == [{"name": "mlplatform-dev", "cluster": {"server": f"https://{MOCK_DNS_ENDPOINT}"}}]
    [user] = kubeconfig["users"]
    assert set(user["user"]) == {"exec"}  # no token, no client certificate/key
    assert user["user"]["exec"]["command"] == "gke-gcloud-auth-plugin"
    assert user["user"]["exec"]["args"] == ["--use_application_default_credentials"]  # the provider's identity
    assert user["user"]["exec"]["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    assert kubeconfig["current-context"] == "mlplatform-dev"
    [provider] = inv.of_type("pulumi:providers:kubernetes")
    assert provider.inputs["kubeconfig"] == "[secret]"
    [admin] = [r for r in inv.of_type(IAM_MEMBER) if r.inputs["role"] == "roles/container.admin"]
    assert {system.urn, cluster.urn, admin.urn} <= set(provider.dependencies)
    assert {r._name for r in out.handle.api_ready} == {cluster.name, admin.name}

    handle = out.handle
    assert out.values["pool_names"] == {"h100": "h100", "v5p": "v5p"}
    assert out.values["name"] == "mlplatform-dev"
    assert out.values["endpoint"] == MOCK_DNS_ENDPOINT
    assert handle.scheduling == plan_scheduling(plan)
    tpu = handle.scheduling["v5p"]
    assert tpu.node_selector["cloud.google.com/gke-tpu-topology"] == "2x2x4"
    assert {"key": "google.com/tpu", "operator": "Exists", "effect": "NoSchedule"} in tpu.tolerations
    assert dict(handle.system_node_selector) == {"mlplatform.io/pool": "system"}
    assert [r._name for r in handle.nodes_ready] == ["mlplatform-cluster-system"]  # not the accelerator pools


def test_prod_zonal_public_cluster_is_protected_stable_and_allowlisted(
    render: Render, plan_of: PlanOf, version: str
) -> None:
    plan = plan_of(
        environment="prod",
        cluster={
            "kubernetesVersion": version,
            "admins": ADMINS["gcp"],
            "availability": "zonal",
            "systemPool": {"nodes": 3, "size": "small"},
            "endpoint": {"public": True, "allowedCidrs": ["203.0.113.0/24", "198.51.100.7/32"]},
        },
    )
    inv = render(plan).inventory
    [cluster] = inv.of_type(CLUSTER)
    [system] = inv.of_type(NODE_POOL)
    [key] = inv.of_type("gcp:kms/cryptoKey:CryptoKey")
    zone = plan.zones[0]

    assert cluster.inputs["deletionProtection"] is True
    assert cluster.protect
    assert cluster.inputs["releaseChannel"] == {"channel": "STABLE"}
    assert cluster.inputs["location"] == zone
    assert cluster.inputs["nodeLocations"] == []  # a zonal cluster lists only extra zones
    assert cluster.inputs["privateClusterConfig"] == {
        "enablePrivateNodes": True,
        "enablePrivateEndpoint": False,
        "masterGlobalAccessConfig": {"enabled": False},
    }
    assert cluster.inputs["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [
            {"cidrBlock": "203.0.113.0/24", "displayName": "203.0.113.0/24"},
            {"cidrBlock": "198.51.100.7/32", "displayName": "198.51.100.7/32"},
        ],
        "gcpPublicCidrsAccessEnabled": False,
        "privateEndpointEnforcementEnabled": True,
    }
    assert cluster.inputs["resourceLabels"]["mlplatform-environment"] == "prod"
    assert key.protect
    assert system.inputs["location"] == zone
    assert system.inputs["nodeLocations"] == [zone]
    assert system.inputs["nodeCount"] == 3.0
    assert system.inputs["nodeConfig"]["machineType"] == plan.system.shape.machine_type
    assert inv.of_type("mlplatform:gcp:AcceleratorPool") == []


def test_private_endpoint_enforces_the_private_access_and_hub_ranges_with_global_access(
    render: Render, plan_of: PlanOf, version: str
) -> None:
    """privateAccessCidrs had no effect while enforcement on the private endpoint was off: now it is on, and
    global access lets a runner in another region of the hub reach the private endpoint."""
    plan = plan_of(
        cluster={
            "kubernetesVersion": version, "admins": ADMINS["gcp"], "endpoint": {"privateAccessCidrs": ["10.40.0.0/16"]}
        },
        network={"hub": {"id": "projects/hub-project/global/networks/hub", "cidrs": ["10.50.0.0/16", "10.40.0.0/16"]}},
    )
    [cluster] = render(plan).inventory.of_type(CLUSTER)
    assert cluster.inputs["privateClusterConfig"] == {
        "enablePrivateNodes": True,
        "enablePrivateEndpoint": True,
        "masterGlobalAccessConfig": {"enabled": True},
    }
    assert cluster.inputs["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [
            {"cidrBlock": "10.40.0.0/16", "displayName": "10.40.0.0/16"},
            {"cidrBlock": "10.50.0.0/16", "displayName": "10.50.0.0/16"},
        ],
        "gcpPublicCidrsAccessEnabled": False,
        "privateEndpointEnforcementEnabled": True,
    }
