"""The synthetic stack's Kubernetes resources, in the API's field names; see `synthetic`."""

from __future__ import annotations

from tests.policies.synthetic_cloud import Resources

SECURE_CONTAINER = {
    "name": "app",
    "image": "example/app:1.0.0",
    "securityContext": {"allowPrivilegeEscalation": False, "runAsNonRoot": True},
    "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
}

K8S_RESOURCES: Resources = {
    "gpu-ns": (
        "kubernetes:core/v1:Namespace",
        {"metadata": {"name": "gpu", "labels": {"pod-security.kubernetes.io/enforce": "privileged"}}},
        {},
        False,
    ),
    "plugin": (
        "kubernetes:apps/v1:DaemonSet",
        {
            "metadata": {"name": "plugin", "namespace": "gpu"},
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
    "operator": (
        "kubernetes:helm.sh/v3:Release",
        {
            "chart": "kuberay-operator",
            "version": "1.4.2",
            "repositoryOpts": {"repo": "https://ray-project.github.io/kuberay-helm/"},
        },
        {},
        False,
    ),
}
