"""The synthetic stack's Kubernetes resources, in the API's field names; see `synthetic`."""

from __future__ import annotations

import copy
from typing import Any

from tests.policies.synthetic_cloud import Resources

SECURE_CONTAINER = {
    "name": "app",
    "image": "example/app:1.0.0",
    "securityContext": {"allowPrivilegeEscalation": False, "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}},
    "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
}


def _container(name: str) -> dict[str, Any]:
    return {**copy.deepcopy(SECURE_CONTAINER), "name": name}


K8S_RESOURCES: Resources = {
    "gpu-ns": (
        "kubernetes:core/v1:Namespace",
        {"metadata": {"name": "nvidia-device-plugin", "labels": {"pod-security.kubernetes.io/enforce": "privileged"}}},
        {},
        False,
    ),
    "plugin": (
        "kubernetes:apps/v1:DaemonSet",
        {
            "metadata": {"name": "plugin", "namespace": "nvidia-device-plugin"},
            "spec": {
                "template": {
                    "spec": {
                        "hostNetwork": True,
                        "containers": [{"name": "p", "securityContext": {"privileged": True}}],
                    }
                }
            },
        },
        {},
        False,
    ),
    "api": (
        "kubernetes:apps/v1:Deployment",
        {
            "metadata": {"name": "api", "namespace": "ml"},
            "spec": {"template": {"spec": {"containers": [SECURE_CONTAINER]}}},
        },
        {},
        False,
    ),
    "tracker": (
        "kubernetes:apps/v1:StatefulSet",
        {
            "metadata": {"name": "tracker", "namespace": "ml"},
            "spec": {
                "template": {
                    "spec": {"nodeSelector": {"mlplatform.io/pool": "system"}, "containers": [SECURE_CONTAINER]}
                }
            },
        },
        {},
        False,
    ),
    "api-lb": (
        "kubernetes:core/v1:Service",
        {
            "metadata": {
                "name": "api",
                "namespace": "ml",
                "annotations": {"networking.gke.io/load-balancer-type": "Internal"},
            },
            "spec": {"type": "LoadBalancer", "ports": [{"port": 443.0}]},
        },
        {},
        False,
    ),
    "ml-deny": (
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        {
            "metadata": {"name": "default-deny", "namespace": "ml"},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
        },
        {},
        False,
    ),
    "ray-deny": (
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        {
            "metadata": {"name": "default-deny", "namespace": "ray"},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
        },
        {},
        False,
    ),
    "ray": (
        "kubernetes:ray.io/v1:RayCluster",
        {
            "metadata": {"name": "ray", "namespace": "ray"},
            "spec": {
                "headGroupSpec": {"template": {"spec": {"containers": [_container("head")]}}},
                "workerGroupSpecs": [
                    {"groupName": "gpu", "template": {"spec": {"containers": [_container("worker")]}}}
                ],
            },
        },
        {},
        False,
    ),
    "operator": (
        "kubernetes:helm.sh/v3:Release",
        {
            "namespace": "ray",
            "chart": "kuberay-operator",
            "version": "1.4.2",
            "repositoryOpts": {"repo": "https://ray-project.github.io/kuberay-helm/"},
        },
        {},
        False,
    ),
}
