"""NVIDIA device plugin: advertises `nvidia.com/gpu` on GPU nodes where the cloud does not manage it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components import catalog
from components.catalog.charts import NVIDIA_DEVICE_PLUGIN
from components.catalog.scheduling import LABEL_ACCELERATOR
from components.handle import ClusterHandle
from components.k8s.release import in_cluster

NAMESPACE = "nvidia-device-plugin"
PRIORITY_CLASS = "system-node-critical"  # a node without its device plugin cannot run GPU pods
# The plugin needs hostPath access to the kubelet socket, so the namespace is privileged by necessity.
POD_SECURITY_LABELS: Mapping[str, str] = MappingProxyType({"pod-security.kubernetes.io/enforce": "privileged"})


@dataclass(frozen=True, kw_only=True)
class DevicePluginArgs:
    cluster: ClusterHandle
    gpu_accelerators: Sequence[str]  # accelerator label values of the cluster's GPU pools


class NvidiaDevicePlugin(pulumi.ComponentResource):
    """A DaemonSet (official chart, pinned) that runs only on GPU nodes and tolerates their taints."""

    release: k8s.helm.v3.Release

    def __init__(self, name: str, args: DevicePluginArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:k8s:NvidiaDevicePlugin", name, None, opts)
        namespace = k8s.core.v1.Namespace(
            f"{name}-ns",
            metadata=k8s.meta.v1.ObjectMetaArgs(name=NAMESPACE, labels=dict(POD_SECURITY_LABELS)),
            opts=in_cluster(args.cluster, self),
        )
        chart = catalog.chart(NVIDIA_DEVICE_PLUGIN)
        self.release = k8s.helm.v3.Release(
            name,
            chart=chart.name,
            version=chart.version,
            repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo=chart.repository),
            namespace=namespace.metadata.name,
            atomic=True,
            cleanup_on_fail=True,
            values=device_plugin_values(
                args.gpu_accelerators, [t for s in args.cluster.scheduling.values() for t in s.tolerations]
            ),
            opts=in_cluster(args.cluster, self, namespace),
        )
        self.register_outputs({"release": self.release.name})


def device_plugin_values(gpu_accelerators: Sequence[str], tolerations: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """Chart values: schedule on nodes labelled with a GPU accelerator, tolerate every pool taint."""
    unique = {tuple(sorted(t.items())): dict(t) for t in tolerations}
    return {
        "affinity": {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [
                        {
                            "matchExpressions": [
                                {"key": LABEL_ACCELERATOR, "operator": "In", "values": sorted(set(gpu_accelerators))}
                            ]
                        }
                    ]
                }
            }
        },
        "tolerations": [unique[k] for k in sorted(unique)],
        "priorityClassName": PRIORITY_CLASS,
    }
