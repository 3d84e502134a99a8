"""The two building blocks every in-cluster service uses: a namespace with its Pod Security level, and a pinned
Helm release from the catalog (https repositories by URL, OCI registries by chart reference)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components import catalog
from components.handle import ClusterHandle

OCI = "oci://"
POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce"
POD_SECURITY_WARN = "pod-security.kubernetes.io/warn"
POD_SECURITY_AUDIT = "pod-security.kubernetes.io/audit"


class PodSecurity(StrEnum):
    """Pod Security Standards levels (what a namespace enforces)."""

    PRIVILEGED = "privileged"
    BASELINE = "baseline"
    RESTRICTED = "restricted"


def pod_security_labels(enforce: PodSecurity) -> dict[str, str]:
    """Enforce `enforce`; warn and audit at restricted, so drift toward it shows up before it is enforced."""
    return {
        POD_SECURITY_ENFORCE: enforce.value,
        POD_SECURITY_WARN: PodSecurity.RESTRICTED.value,
        POD_SECURITY_AUDIT: PodSecurity.RESTRICTED.value,
    }


def in_cluster(cluster: ClusterHandle, parent: pulumi.Resource, *after: pulumi.Resource) -> pulumi.ResourceOptions:
    """Options of an in-cluster resource: this cluster's provider, after the API is reachable and the system pool
    exists (`ClusterHandle.nodes_ready`: a fixed set, never one edge per accelerator pool)."""
    return pulumi.ResourceOptions(
        parent=parent,
        provider=cluster.provider,
        depends_on=[*cluster.api_ready, *cluster.nodes_ready, *after],
    )


def namespace(
    name: str, namespace_name: str, enforce: PodSecurity, opts: pulumi.ResourceOptions
) -> k8s.core.v1.Namespace:
    return k8s.core.v1.Namespace(
        name,
        metadata=k8s.meta.v1.ObjectMetaArgs(name=namespace_name, labels=pod_security_labels(enforce)),
        opts=opts,
    )


def chart_reference(chart: catalog.Chart) -> tuple[str, k8s.helm.v3.RepositoryOptsArgs | None]:
    """(chart, repository options) as Helm takes them: an OCI chart is one reference and has no repository."""
    if chart.repository.startswith(OCI):
        return f"{chart.repository.rstrip('/')}/{chart.name}", None
    return chart.name, k8s.helm.v3.RepositoryOptsArgs(repo=chart.repository)


def release(
    name: str,
    chart_name: str,
    namespace_name: pulumi.Input[str],
    values: Mapping[str, Any],
    opts: pulumi.ResourceOptions,
) -> k8s.helm.v3.Release:
    """A pinned chart, rolled back if it does not become ready (atomic), never left half-installed."""
    pinned = catalog.chart(chart_name)
    chart, repository = chart_reference(pinned)
    return k8s.helm.v3.Release(
        name,
        name=chart_name,
        chart=chart,
        version=pinned.version,
        repository_opts=repository,
        namespace=namespace_name,
        atomic=True,
        cleanup_on_fail=True,
        values=dict(values),
        opts=opts,
    )
