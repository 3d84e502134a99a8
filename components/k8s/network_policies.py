"""Default-deny NetworkPolicies (ingress and egress) in every platform namespace, and the workflow's flows only.

Admitted: DNS (53 to anywhere: CoreDNS, kube-dns or a node-local cache); operators and the Ray autoscaler to the
API server (443/6443: its address differs per cloud); the control plane to each admission webhook (KServe 9443,
cert-manager 10250, the TPU webhook 443); Ray pods to each other, to MLflow and to the object store; the team's
namespace to MLflow, to the Ray head (dashboard 8265, client 10001) and to the object store (storage initializer);
MLflow to Postgres (5432) and the object store; MLflow's user-setup Job to MLflow; the cloud's identity endpoint
where a workload identity needs it. Object stores and the AKS token exchange (login.microsoftonline.com) are public
HTTPS endpoints: 443 to anywhere.

Not restricted here: `kubectl port-forward` enters the pod through the kubelet and the container runtime inside
the pod's own network namespace, which no NetworkPolicy sees; who may port-forward is RBAC (team.py). Kubelet
probes come from the node, which the clouds' policy engines admit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.catalog import services as svc
from components.handle import ClusterHandle
from components.k8s.release import in_cluster
from components.k8s.tpu_webhook import NAMESPACE as TPU_WEBHOOK_NAMESPACE
from components.k8s.tpu_webhook import PORT as TPU_WEBHOOK_PORT
from components.spec.enums import Cloud

ANYWHERE = "0.0.0.0/0"
NAMESPACE_LABEL = "kubernetes.io/metadata.name"
RAY_HEAD = {"ray.io/node-type": "head"}
MLFLOW_POD = {"app.kubernetes.io/name": svc.MLFLOW_SERVICE}
USERS_JOB_POD = {"app.kubernetes.io/name": svc.MLFLOW_USERS_JOB}  # mlflow_users.py: its Job signs in to MLflow
API_PORTS = (443, 6443)
WEBHOOK_PORTS: Mapping[str, int] = MappingProxyType({
    svc.KSERVE_NAMESPACE: 9443, svc.CERT_MANAGER_NAMESPACE: 10250, TPU_WEBHOOK_NAMESPACE: TPU_WEBHOOK_PORT,
})
# The endpoint each cloud's workload identity reaches from the pod (AKS exchanges its token over public 443).
IDENTITY_ENDPOINTS: Mapping[Cloud, tuple[tuple[str, int], ...]] = MappingProxyType({
    Cloud.AWS: (("169.254.170.23/32", 80),),  # EKS Pod Identity agent
    Cloud.GCP: (("169.254.169.254/32", 80), ("169.254.169.252/32", 988)),  # GKE metadata server
    Cloud.AZURE: (),
})


def _ports(*ports: int, protocol: str = "TCP") -> list[dict[str, Any]]:
    return [{"protocol": protocol, "port": p} for p in ports]


def _cidr(cidr: str) -> dict[str, Any]:
    return {"ipBlock": {"cidr": cidr}}


def _namespaces(*names: str) -> dict[str, Any]:
    return {"namespaceSelector": {"matchExpressions": [{"key": NAMESPACE_LABEL, "operator": "In",
                                                        "values": sorted(names)}]}}


def _same_namespace() -> dict[str, Any]:
    return {"podSelector": {}}


def _policy(name: str, pods: Mapping[str, str], ingress: list[Any] | None = None,
            egress: list[Any] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"podSelector": {"matchLabels": dict(pods)} if pods else {}, "policyTypes": []}
    if ingress is not None:
        spec["policyTypes"].append("Ingress")
        spec["ingress"] = ingress
    if egress is not None:
        spec["policyTypes"].append("Egress")
        spec["egress"] = egress
    return {"name": name, "spec": spec}


def _identity(cloud: Cloud) -> list[dict[str, Any]]:
    return [{"to": [_cidr(cidr)], "ports": _ports(port)} for cidr, port in IDENTITY_ENDPOINTS[cloud]]


def _webhook(ns: str) -> list[dict[str, Any]]:
    return [
        _policy("webhook-from-control-plane", {}, ingress=[{"ports": _ports(WEBHOOK_PORTS[ns])}]),
        _policy("api-server", {}, egress=[{"to": [_cidr(ANYWHERE)], "ports": _ports(*API_PORTS)}]),
    ]


def namespace_policies(ns: str, cloud: Cloud) -> list[dict[str, Any]]:
    """The allow policies of one namespace (beside default-deny and DNS)."""
    https = {"to": [_cidr(ANYWHERE)], "ports": _ports(443)}
    mlflow = {"to": [{**_namespaces(svc.MLFLOW_NAMESPACE), "podSelector": {"matchLabels": MLFLOW_POD}}],
              "ports": _ports(svc.MLFLOW_PORT)}
    if ns in WEBHOOK_PORTS:
        return _webhook(ns)
    if ns == svc.MLFLOW_NAMESPACE:
        users_job = {"podSelector": {"matchLabels": dict(USERS_JOB_POD)}}
        return [
            _policy("mlflow-server", MLFLOW_POD,
                    ingress=[{"from": [_namespaces(svc.RAY_NAMESPACE, svc.TEAM_NAMESPACE), users_job],
                              "ports": _ports(svc.MLFLOW_PORT)}],
                    egress=[{"to": [_cidr(ANYWHERE)], "ports": _ports(5432)}, https, *_identity(cloud)]),
            _policy("mlflow-users", USERS_JOB_POD, egress=[
                {"to": [{"podSelector": {"matchLabels": MLFLOW_POD}}], "ports": _ports(svc.MLFLOW_PORT)}]),
        ]
    if ns == svc.RAY_NAMESPACE:
        return [
            _policy("ray-intra-cluster", {}, ingress=[{"from": [_same_namespace()]}],
                    egress=[{"to": [_same_namespace()]}]),
            _policy("ray-head-from-team", RAY_HEAD,
                    ingress=[{"from": [_namespaces(svc.TEAM_NAMESPACE)],
                              "ports": _ports(svc.RAY_DASHBOARD_PORT, svc.RAY_CLIENT_PORT)}]),
            _policy("ray-egress", {}, egress=[
                {"to": [_cidr(ANYWHERE)], "ports": _ports(*API_PORTS)}, mlflow, *_identity(cloud)]),
        ]
    if ns == svc.TEAM_NAMESPACE:
        ray_head = {"to": [{**_namespaces(svc.RAY_NAMESPACE), "podSelector": {"matchLabels": RAY_HEAD}}],
                    "ports": _ports(svc.RAY_DASHBOARD_PORT, svc.RAY_CLIENT_PORT)}
        return [_policy("ml-workflow", {}, ingress=[{"from": [_same_namespace()]}],
                        egress=[{"to": [_same_namespace()]}, https, mlflow, ray_head, *_identity(cloud)])]
    raise ValueError(f"no network policy is defined for namespace {ns!r}")


def all_policies(ns: str, cloud: Cloud) -> list[dict[str, Any]]:
    """Default deny (both directions), DNS, then the namespace's own flows."""
    base = [
        _policy("default-deny", {}, ingress=[], egress=[]),
        _policy("dns", {}, egress=[{"ports": [*_ports(53, protocol="UDP"), *_ports(53)]}]),
    ]
    return base + namespace_policies(ns, cloud)


class NetworkPolicies(pulumi.ComponentResource):
    """The policies of `namespaces`, each after what creates its namespace."""

    def __init__(
        self, name: str, cluster: ClusterHandle, cloud: Cloud, namespaces: Mapping[str, Sequence[pulumi.Resource]],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("mlplatform:k8s:NetworkPolicies", name, None, opts)
        for ns, after in namespaces.items():
            for policy in all_policies(ns, cloud):
                k8s.networking.v1.NetworkPolicy(
                    f"{name}-{ns}-{policy['name']}",
                    metadata=k8s.meta.v1.ObjectMetaArgs(name=policy["name"], namespace=ns),
                    spec=policy["spec"],
                    opts=in_cluster(cluster, self, *after),
                )
        self.register_outputs({})
