"""Kubernetes objects the stacks create: no public LoadBalancer, pod security, pinned Helm releases.

Pod rules read the pod spec of Pods, of every workload's template and of each RayCluster group (head and every
worker group: the GPU workers), except in system namespaces labelled `pod-security.kubernetes.io/enforce:
privileged` (kube-system, the device plugin's). Such a label elsewhere switches nothing off. Objects a Helm chart
renders are out of sight (a Release's values are not its manifests): they are the chart's, pinned by
helm-releases-pinned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from pulumi_policy import PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs

from components.k8s.device_plugin import NAMESPACE as DEVICE_PLUGIN_NAMESPACE
from policies import resources as res

SERVICE = "kubernetes:core/v1:Service"
RAY_CLUSTER = "kubernetes:ray.io/v1:RayCluster"
# Namespaces whose privileged Pod Security label exempts their pods: the cluster's own and the device plugin's.
SYSTEM_NAMESPACES = ("kube-system", DEVICE_PLUGIN_NAMESPACE)
NAMESPACE = "kubernetes:core/v1:Namespace"
POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce"
PRIVILEGED = "privileged"
RESOURCE_KINDS = ("cpu", "memory")

# Where each workload type keeps its pod spec.
POD_SPEC_PATHS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "kubernetes:core/v1:Pod": ("spec",),
        "kubernetes:apps/v1:Deployment": ("spec", "template", "spec"),
        "kubernetes:apps/v1:StatefulSet": ("spec", "template", "spec"),
        "kubernetes:apps/v1:DaemonSet": ("spec", "template", "spec"),
        "kubernetes:apps/v1:ReplicaSet": ("spec", "template", "spec"),
        "kubernetes:batch/v1:Job": ("spec", "template", "spec"),
        "kubernetes:batch/v1:CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    }
)

# The annotation (and value) that makes a LoadBalancer Service internal, per cloud controller.
INTERNAL_LB_ANNOTATIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "service.beta.kubernetes.io/aws-load-balancer-scheme": ("internal",),
        "service.beta.kubernetes.io/aws-load-balancer-internal": ("true", "0.0.0.0/0"),
        "networking.gke.io/load-balancer-type": ("Internal",),
        "service.beta.kubernetes.io/azure-load-balancer-internal": ("true",),
    }
)
EXACT_VERSION = re.compile(r"^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")
SAFE_REPOSITORIES = ("https://", "oci://")


def containers(pod: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for key in ("initContainers", "containers"):
        yield from res.as_list(res.get(pod, key))


def pod_specs(resource_type: str, props: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The pod specs a resource declares: a workload's template, or a RayCluster's head and worker groups."""
    if resource_type == RAY_CLUSTER:
        groups = [res.get(props, "spec", "headGroupSpec"), *res.as_list(res.get(props, "spec", "workerGroupSpecs"))]
        found = [res.get(g, "template", "spec") for g in groups]
    else:
        path = POD_SPEC_PATHS.get(resource_type)
        found = [res.get(props, *path)] if path else []
    return [pod for pod in found if isinstance(pod, Mapping)]


def namespace_of(props: Mapping[str, Any]) -> str:
    return str(res.get(props, "metadata", "namespace") or "default")


def pods(args: StackValidationArgs) -> Iterator[tuple[PolicyResource, Mapping[str, Any]]]:
    """(workload, pod spec) of every pod spec outside the system namespaces labelled privileged."""
    exempt = {
        str(res.get(r.props, "metadata", "name"))
        for r in args.resources
        if r.resource_type == NAMESPACE and res.get(r.props, "metadata", "labels", POD_SECURITY_ENFORCE) == PRIVILEGED
    } & set(SYSTEM_NAMESPACES)
    for r in args.resources:
        if namespace_of(r.props) in exempt:
            continue
        for pod in pod_specs(r.resource_type, r.props):
            yield r, pod


def no_public_load_balancer(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """LoadBalancer Services are internal: nothing in the platform is exposed to the internet by a Service."""
    if args.resource_type != SERVICE or res.get(args.props, "spec", "type") != "LoadBalancer":
        return
    annotations = res.get(args.props, "metadata", "annotations") or {}
    internal = any(str(annotations[k]) in INTERNAL_LB_ANNOTATIONS.get(str(k), ()) for k in annotations)
    if not internal:
        report(f"Service {args.name} is a public LoadBalancer; annotate it internal or use an internal ingress", None)


def no_privileged_containers(args: StackValidationArgs, report: ReportViolation) -> None:
    """No privileged container outside namespaces labelled pod-security.kubernetes.io/enforce: privileged."""
    for r, pod in pods(args):
        privileged = [str(res.get(c, "name")) for c in containers(pod) if res.get(c, "securityContext", "privileged")]
        if privileged:
            namespace = namespace_of(r.props)
            report(
                f"{r.name}: privileged container(s) {', '.join(privileged)} in namespace {namespace!r}; only "
                f"{', '.join(SYSTEM_NAMESPACES)} (labelled {POD_SECURITY_ENFORCE}: {PRIVILEGED}) may run them",
                r.urn,
            )


def no_host_namespaces(args: StackValidationArgs, report: ReportViolation) -> None:
    """Pods share no host namespace (network, PID, IPC)."""
    for r, pod in pods(args):
        shared = [k for k in ("hostNetwork", "hostPID", "hostIPC") if res.get(pod, k) is True]
        if shared:
            report(f"{r.name} shares the host's namespaces: {', '.join(shared)}", r.urn)


def no_privilege_escalation(args: StackValidationArgs, report: ReportViolation) -> None:
    """Every container sets allowPrivilegeEscalation: false."""
    for r, pod in pods(args):
        for c in containers(pod):
            if res.get(c, "securityContext", "allowPrivilegeEscalation") is not False:
                report(f"{r.name} container {res.get(c, 'name')!r}: set allowPrivilegeEscalation: false", r.urn)


def run_as_non_root(args: StackValidationArgs, report: ReportViolation) -> None:
    """Containers run as non-root (runAsNonRoot on the pod or the container, and no runAsUser 0)."""
    for r, pod in pods(args):
        pod_level = res.get(pod, "securityContext", "runAsNonRoot") is True
        pod_root = res.get(pod, "securityContext", "runAsUser") == 0
        for c in containers(pod):
            non_root = res.get(c, "securityContext", "runAsNonRoot")
            root_uid = pod_root or res.get(c, "securityContext", "runAsUser") == 0
            if root_uid or non_root is False or (non_root is None and not pod_level):
                report(f"{r.name} container {res.get(c, 'name')!r} may run as root; set runAsNonRoot: true", r.urn)


def requests_and_limits(args: StackValidationArgs, report: ReportViolation) -> None:
    """Every container requests and limits CPU and memory, so one pod cannot starve a node."""
    for r, pod in pods(args):
        for c in containers(pod):
            missing = [
                f"{part}.{kind}"
                for part in ("requests", "limits")
                for kind in RESOURCE_KINDS
                if res.get(c, "resources", part, kind) is None
            ]
            if missing:
                report(f"{r.name} container {res.get(c, 'name')!r} sets no {', '.join(missing)}", r.urn)


def helm_releases_pinned(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Helm releases pin an exact chart version from an https or OCI repository."""
    if args.resource_type != res.HELM_RELEASE:
        return
    version = res.get(args.props, "version")
    chart = str(res.get(args.props, "chart") or "")
    repo = str(res.get(args.props, "repositoryOpts", "repo") or "")
    if version is None or not EXACT_VERSION.match(str(version)):
        report(f"Helm release {args.name} ({chart}) pins no exact version (got {version!r})", None)
    if not (chart.startswith("oci://") or repo.startswith(SAFE_REPOSITORIES)):
        report(
            f"Helm release {args.name} ({chart}) comes from {repo or 'no repository'}; use an https or oci:// one", None
        )
