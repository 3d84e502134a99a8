"""KServe in its raw-deployment (Standard) mode: no Knative, no Istio, nothing behind a public load balancer.

Order, each step waiting for the one before: cert-manager (with its CRDs) and the KServe CRD chart, then the
KServe controller chart (it creates a cert-manager Issuer and Certificate for its webhook), then the serving
runtimes (ClusterServingRuntime custom resources). Every controller runs on the system pool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.catalog import charts
from components.catalog.services import CERT_MANAGER_NAMESPACE, KSERVE_NAMESPACE
from components.handle import ClusterHandle
from components.k8s.release import PodSecurity, in_cluster, namespace, release

# KServe's raw mode: `Standard` in the pinned chart (the older name `RawDeployment` is still accepted).
DEPLOYMENT_MODE = "Standard"


@dataclass(frozen=True, kw_only=True)
class KServeArgs:
    cluster: ClusterHandle


def cert_manager_values(system_selector: Mapping[str, str]) -> dict[str, Any]:
    """CRDs installed by the chart and kept on uninstall (deleting them would delete every certificate); every
    component (controller, webhook, cainjector, startup check) on the system pool via the global selector."""
    return {"crds": {"enabled": True, "keep": True}, "global": {"nodeSelector": dict(system_selector)}}


def kserve_values(system_selector: Mapping[str, str]) -> dict[str, Any]:
    """Raw deployment mode; no Ingress or Istio VirtualService for InferenceServices (cluster-internal only)."""
    return {
        "kserve": {
            "controller": {
                "deploymentMode": DEPLOYMENT_MODE,
                "nodeSelector": dict(system_selector),
                "gateway": {"disableIngressCreation": True, "disableIstioVirtualHost": True},
            }
        }
    }


def runtime_values() -> dict[str, Any]:
    """The chart installs no ClusterServingRuntime unless asked; predictive runtimes only (no LLM configs)."""
    return {"kserve": {"servingruntime": {"enabled": True}, "llmisvcConfigs": {"enabled": False}}}


class KServe(pulumi.ComponentResource):
    """cert-manager, the KServe CRDs, the controller in raw mode and the serving runtimes, in that order."""

    cert_manager: k8s.helm.v3.Release
    crds: k8s.helm.v3.Release
    controller: k8s.helm.v3.Release
    runtimes: k8s.helm.v3.Release
    namespace: pulumi.Output[str]

    def __init__(self, name: str, args: KServeArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:k8s:KServe", name, None, opts)
        cluster = args.cluster
        system = cluster.system_node_selector
        cm_ns = namespace(f"{name}-cert-manager-ns", CERT_MANAGER_NAMESPACE, PodSecurity.RESTRICTED,
                          in_cluster(cluster, self))
        self.cert_manager = release(f"{name}-cert-manager", charts.CERT_MANAGER, cm_ns.metadata.name,
                                    cert_manager_values(system), in_cluster(cluster, self, cm_ns))
        ns = namespace(f"{name}-ns", KSERVE_NAMESPACE, PodSecurity.BASELINE, in_cluster(cluster, self))
        self.crds = release(f"{name}-crd", charts.KSERVE_CRD, ns.metadata.name, {}, in_cluster(cluster, self, ns))
        self.controller = release(name, charts.KSERVE, ns.metadata.name, kserve_values(system),
                                  in_cluster(cluster, self, ns, self.crds, self.cert_manager))
        self.runtimes = release(f"{name}-runtimes", charts.KSERVE_RUNTIMES, ns.metadata.name, runtime_values(),
                                in_cluster(cluster, self, self.controller))
        self.namespace = ns.metadata.name
        self.register_outputs({
            "cert_manager": self.cert_manager.name,
            "crds": self.crds.name,
            "controller": self.controller.name,
            "runtimes": self.runtimes.name,
            "namespace": self.namespace,
        })
