"""The GKE metadata server's two endpoints in every egress policy that carries a cloud identity, and Ray's CPU group as
one host per replica: a mutation run changed the port and the host count and no test noticed (tools/README.md).

With network policy and Workload Identity Federation, GKE asks for egress to the GKE metadata server at
169.254.169.252/32 port 988 (GKE 1.21.0-gke.1000 and later) and, on Dataplane V2, 169.254.169.254/32 port 80
(https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy, "Requirements and limitations";
read 2026-12-07). Mocks cannot show a blocked token fetch; the policy body is asserted instead."""

from __future__ import annotations

import pytest

from components.catalog import services as svc
from components.k8s.network_policies import namespace_policies
from components.k8s.ray_cluster import cpu_group
from components.k8s.tpu_webhook import NAMESPACE as TPU_NAMESPACE
from components.plan_services import RayCpuPlan
from components.spec import Cloud, ServiceSize

GKE_METADATA = [{"to": [{"ipBlock": {"cidr": "169.254.169.254/32"}}], "ports": [{"protocol": "TCP", "port": 80}]},
                {"to": [{"ipBlock": {"cidr": "169.254.169.252/32"}}], "ports": [{"protocol": "TCP", "port": 988}]}]


@pytest.mark.parametrize(("namespace", "policy"), [
    (svc.MLFLOW_NAMESPACE, "mlflow-server"), (svc.RAY_NAMESPACE, "ray-egress"), (svc.TEAM_NAMESPACE, "ml-workflow"),
])
def test_gke_identity_egress_reaches_both_metadata_endpoints(namespace: str, policy: str) -> None:
    [found] = [p for p in namespace_policies(namespace, Cloud.GCP) if p["name"] == policy]
    assert found["spec"]["egress"][-2:] == GKE_METADATA


def test_ray_cpu_group_is_one_host_per_replica_on_the_system_pool() -> None:
    group = cpu_group(RayCpuPlan(max_workers=3, size=ServiceSize.SMALL), {"mlplatform.io/pool": "system"})
    assert {k: group[k] for k in ("groupName", "minReplicas", "maxReplicas", "numOfHosts")} == {
        "groupName": svc.RAY_CPU_GROUP, "minReplicas": 0, "maxReplicas": 3, "numOfHosts": 1}


def test_the_tpu_webhook_is_admitted_from_the_control_plane_on_its_own_port() -> None:
    """The webhook namespace admits the control plane's admission calls on `tpu_webhook.PORT`, the one home of that
    port, and nothing else in."""
    [ingress] = [p for p in namespace_policies(TPU_NAMESPACE, Cloud.GCP) if p["name"] == "webhook-from-control-plane"]
    assert ingress["spec"] == {"podSelector": {}, "policyTypes": ["Ingress"],
                               "ingress": [{"ports": [{"protocol": "TCP", "port": 443}]}]}
