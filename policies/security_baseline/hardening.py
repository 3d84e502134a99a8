"""Container hardening, pinned images and default-deny networking for what the stacks run in Kubernetes.

Pod specs come from `workloads.pods` (Pods, workload templates, RayCluster head and worker groups, outside the
privileged system namespaces). A namespace runs workloads when a pod spec or a Helm release lands in it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pulumi_policy import ReportViolation, StackValidationArgs

from policies import resources as res
from policies.security_baseline.workloads import SYSTEM_NAMESPACES, containers, namespace_of, pod_specs, pods

NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
# Capabilities a container may add: binding a low port is what an unprivileged server needs, nothing more
# (Checkov CKV_K8S_25 added capabilities, CKV_K8S_39 SYS_ADMIN).
ALLOWED_CAPABILITIES = ("NET_BIND_SERVICE",)
# Dropping ALL (or at least NET_RAW) removes raw sockets, the basis of in-cluster spoofing (Checkov CKV_K8S_28).
NET_RAW_DROPS = ("ALL", "NET_RAW")
UNCONFINED = "Unconfined"
BOTH_DIRECTIONS = ("Ingress", "Egress")
# An image is pinned by digest, or by a tag naming a release (with digits), never `latest` or no tag
# (Checkov CKV_K8S_14, CKV_K8S_43).
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
RELEASE_TAG = re.compile(r"^[\w][\w.-]*\d[\w.-]*$")
RELEASE_KINDS: Mapping[str, tuple[str, ...]] = MappingProxyType({res.HELM_RELEASE: ("namespace",)})


def _seccomp_unconfined(spec: Mapping[str, Any]) -> bool:
    return bool(res.get(spec, "securityContext", "seccompProfile", "type") == UNCONFINED)


def container_hardening(args: StackValidationArgs, report: ReportViolation) -> None:
    """No added capabilities beyond NET_BIND_SERVICE, NET_RAW dropped, no Unconfined seccomp, no hostPath."""
    for r, pod in pods(args):
        problems = []
        host_paths = [str(res.get(v, "name")) for v in res.as_list(res.get(pod, "volumes")) if res.get(v, "hostPath")]
        if host_paths:
            problems.append(f"mounts hostPath volume(s) {', '.join(host_paths)}")
        if _seccomp_unconfined(pod):
            problems.append("runs with seccomp Unconfined (pod securityContext)")
        for c in containers(pod):
            name = res.get(c, "name")
            added = [str(a) for a in res.as_list(res.get(c, "securityContext", "capabilities", "add"))]
            extra = [a for a in added if a not in ALLOWED_CAPABILITIES]
            if extra:
                problems.append(f"container {name!r} adds capabilities {', '.join(extra)}")
            dropped = [str(d) for d in res.as_list(res.get(c, "securityContext", "capabilities", "drop"))]
            if not any(d in NET_RAW_DROPS for d in dropped):
                problems.append(f"container {name!r} keeps NET_RAW; drop ALL capabilities")
            if _seccomp_unconfined(c):
                problems.append(f"container {name!r} runs with seccomp Unconfined")
        for problem in problems:
            report(f"{r.name}: {problem}", r.urn)


def images_pinned(args: StackValidationArgs, report: ReportViolation) -> None:
    """Every container image names a release tag or a digest, never `latest` or nothing (advisory)."""
    for r, pod in pods(args):
        for c in containers(pod):
            image = str(res.get(c, "image") or "")
            if not _pinned(image):
                report(f"{r.name} container {res.get(c, 'name')!r}: image {image or '(none)'} is not pinned", r.urn)


def _pinned(image: str) -> bool:
    if DIGEST.search(image):
        return True
    last = image.rsplit("/", 1)[-1]
    _, sep, tag = last.partition(":")
    return bool(sep) and tag != "latest" and RELEASE_TAG.match(tag) is not None


def _default_deny(props: Mapping[str, Any]) -> bool:
    """podSelector {} (every pod), both policy types, no rule that lets anything in or out."""
    spec = res.get(props, "spec")
    selector = res.get(spec, "podSelector")
    selects_all = isinstance(selector, Mapping) and not res.get(selector, "matchLabels") and not res.as_list(
        res.get(selector, "matchExpressions")
    )
    types = [str(t) for t in res.as_list(res.get(spec, "policyTypes"))]
    no_rules = not res.as_list(res.get(spec, "ingress")) and not res.as_list(res.get(spec, "egress"))
    return selects_all and all(t in types for t in BOTH_DIRECTIONS) and no_rules


def namespaces_default_deny(args: StackValidationArgs, report: ReportViolation) -> None:
    """Each namespace that runs workloads has a default-deny NetworkPolicy (CIS Kubernetes 5.3.2)."""
    running: set[str] = set()
    for r in args.resources:
        if pod_specs(r.resource_type, r.props):
            running.add(namespace_of(r.props))
        elif r.resource_type in RELEASE_KINDS:
            running.add(str(res.get(r.props, *RELEASE_KINDS[r.resource_type]) or "default"))
    denied = {
        namespace_of(r.props) for r in args.resources if r.resource_type == NETWORK_POLICY and _default_deny(r.props)
    }
    for namespace in sorted(running - denied - set(SYSTEM_NAMESPACES)):
        report(
            f"namespace {namespace!r} runs workloads without a default-deny NetworkPolicy (podSelector {{}}, "
            "policyTypes Ingress and Egress, no rules); add one and allow only the traffic it needs",
            None,
        )
