"""The KubeRay TPU webhook (upstream chart, pinned): multi-host TPU worker groups start as one slice.

It mutates each TPU worker pod of a multi-host replica with TPU_WORKER_ID, TPU_WORKER_HOSTNAMES and TPU_NAME (and
its hostname/subdomain), and rejects a RayCluster whose numOfHosts does not match the topology. We install the
upstream webhook rather than enabling GKE's Ray operator add-on, which would bring a second, GKE-managed KubeRay
beside the pinned one. It binds 443, a port private GKE control planes already reach (no firewall rule needed),
and needs cert-manager (installed with KServe) for its serving certificate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.catalog import charts
from components.handle import ClusterHandle
from components.k8s.release import PodSecurity, in_cluster, pod_security_labels, release

NAMESPACE = "kuberay-tpu-webhook"  # the chart creates it; labelled through its values
PORT = 443  # where the webhook serves the control plane's admission calls (network_policies.py admits it)
IMAGE_TAG = "v1.3.1-gke.2"  # the chart's default for webhook 1.3.1, pinned here so a chart bump is deliberate


def webhook_values() -> dict[str, Any]:
    return {
        "tpuWebhook": {
            "namespace": {"name": NAMESPACE, "labels": pod_security_labels(PodSecurity.BASELINE)},
            "image": {"tag": IMAGE_TAG, "pullPolicy": "IfNotPresent"},
            "deployment": {"podSecurityContext": {"runAsNonRoot": True}},
        }
    }


class TpuWebhook(pulumi.ComponentResource):
    release: k8s.helm.v3.Release

    def __init__(
        self, name: str, cluster: ClusterHandle, release_namespace: pulumi.Input[str],
        after: Sequence[pulumi.Resource], opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("mlplatform:k8s:TpuWebhook", name, None, opts)
        self.release = release(name, charts.KUBERAY_TPU_WEBHOOK, release_namespace, webhook_values(),
                               in_cluster(cluster, self, *after))
        self.register_outputs({"release": self.release.name})
