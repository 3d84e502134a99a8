"""Container hardening, default-deny namespaces, pinned images, RayCluster pod groups, keys, bucket ownership and
database availability: both sides of every condition each rule reads, every verdict of both packs asserted."""

from __future__ import annotations

import pytest

from tests.policies.synthetic import DROP, found, mutated, verdicts

SECURITY = "mlplatform-security-baseline"
C0 = ("spec", "template", "spec", "containers", 0)
CTX = (*C0, "securityContext")

CASES = {
    "cap-sysadmin": (mutated("api", (CTX + ("capabilities", "add"), ["SYS_ADMIN", "NET_BIND_SERVICE"])), None, None),
    "cap-netbind": (mutated("api", (CTX + ("capabilities", "add"), ["NET_BIND_SERVICE"])), None, None),
    "netraw-kept": (mutated("api", (CTX + ("capabilities", "drop"), ["CHOWN"])), None, None),
    "netraw-dropped": (mutated("api", (CTX + ("capabilities", "drop"), ["NET_RAW"])), None, None),
    "seccomp-pod": (
        mutated("api", (("spec", "template", "spec", "securityContext"), {"seccompProfile": {"type": "Unconfined"}})),
        None,
        None,
    ),
    "seccomp-runtime": (
        mutated("api", (CTX + ("seccompProfile",), {"type": "RuntimeDefault"})),
        None,
        None,
    ),
    "seccomp-container": (mutated("api", (CTX + ("seccompProfile",), {"type": "Unconfined"})), None, None),
    "hostpath": (
        mutated("api", (("spec", "template", "spec", "volumes"), [{"name": "root", "hostPath": {"path": "/"}}])),
        None,
        None,
    ),
    "emptydir": (
        mutated("api", (("spec", "template", "spec", "volumes"), [{"name": "scratch", "emptyDir": {}}])),
        None,
        None,
    ),
    "ray-gpu-worker-root": (
        mutated("ray", (("spec", "workerGroupSpecs", 0, "template", "spec", "securityContext"), {"runAsUser": 0})),
        None,
        None,
    ),
    "ray-head-privileged": (
        mutated(
            "ray",
            (("spec", "headGroupSpec", "template", "spec", "containers", 0, "securityContext", "privileged"), True),
        ),
        None,
        None,
    ),
    "privileged-label-outside-system": (
        {
            **mutated("gpu-ns", (("metadata", "name"), "tools")),
            **mutated("plugin", (("metadata", "namespace"), "tools")),
        },
        None,
        None,
    ),
    "deny-missing": ({"ml-deny": None}, None, None),
    "own-missing": ({"art-own": None}, None, None),
    "own-preferred": (mutated("art-own", (("rule", "objectOwnership"), "BucketOwnerPreferred")), None, None),
    "key-aws-off": (mutated("art-key", (("enableKeyRotation",), False)), None, None),
    "key-aws-unset": (mutated("art-key", (("enableKeyRotation",), DROP)), None, None),
    "key-gcp-yearly": (mutated("gke-key", (("rotationPeriod",), "31536000s")), None, None),
    "key-gcp-90-days": (mutated("gke-key", (("rotationPeriod",), "7776000s")), None, None),
    "key-gcp-91-days": (mutated("gke-key", (("rotationPeriod",), "7862400s")), None, None),
    "key-gcp-missing": (mutated("gke-key", (("rotationPeriod",), DROP)), None, None),
    "ha-rds-single": (mutated("db", (("multiAz",), False)), None, None),
    "ha-sql-zonal": (mutated("sql", (("settings", "availabilityType"), "ZONAL")), None, None),
    "ha-pg-disabled": (mutated("pg", (("highAvailability", "mode"), "Disabled")), None, None),
    "ha-pg-unset": (mutated("pg", (("highAvailability",), DROP)), None, None),
    "ha-config": (
        mutated("db", (("multiAz",), False)),
        {SECURITY: {"databases-highly-available": {"haEnvironments": ["staging"]}}},
        None,
    ),
    "deny-ingress-only": (mutated("ml-deny", (("spec", "policyTypes"), ["Ingress"])), None, None),
    "deny-with-a-rule": (mutated("ml-deny", (("spec", "ingress"), [{}])), None, None),
    "deny-selective": (mutated("ml-deny", (("spec", "podSelector"), {"matchLabels": {"app": "api"}})), None, None),
    "deny-other-namespace": (mutated("ml-deny", (("metadata", "namespace"), "default")), None, None),
    "release-namespace-undenied": (mutated("operator", (("namespace",), "kuberay")), None, None),
    "image-latest": (mutated("api", (C0 + ("image",), "example/app:latest")), None, None),
    "image-untagged": (mutated("api", (C0 + ("image",), "registry.example.com:5000/app")), None, None),
    "image-digest": (mutated("api", (C0 + ("image",), "example/app@sha256:" + "a" * 64)), None, None),
}

EXPECTED = {
    "own-missing": [
        (
            "buckets-owner-enforced",
            "violation",
            "art",
            "S3 bucket art: no ownership controls; set object ownership BucketOwnerEnforced (ACLs off)",
        )
    ],
    "own-preferred": [
        (
            "buckets-owner-enforced",
            "violation",
            "art",
            "S3 bucket art: BucketOwnerPreferred; set object ownership BucketOwnerEnforced (ACLs off)",
        )
    ],
    "key-aws-off": [("keys-rotated", "violation", "art-key", "key art-key: automatic rotation is off")],
    "key-aws-unset": [("keys-rotated", "violation", "art-key", "key art-key: automatic rotation is off")],
    "key-gcp-yearly": [("keys-rotated", "violation", "gke-key", "key gke-key: rotates every 365 days, over 90")],
    "key-gcp-90-days": [],
    "key-gcp-91-days": [("keys-rotated", "violation", "gke-key", "key gke-key: rotates every 91 days, over 90")],
    "key-gcp-missing": [
        ("keys-rotated", "violation", "gke-key", "key gke-key: no rotationPeriod; set one of at most 90 days")
    ],
    "ha-rds-single": [
        (
            "databases-highly-available",
            "violation",
            "db",
            "database db runs in one zone in prod; make it highly available",
        )
    ],
    "ha-sql-zonal": [
        (
            "databases-highly-available",
            "violation",
            "sql",
            "database sql runs in one zone in prod; make it highly available",
        )
    ],
    "ha-pg-disabled": [
        (
            "databases-highly-available",
            "violation",
            "pg",
            "database pg runs in one zone in prod; make it highly available",
        )
    ],
    "ha-pg-unset": [
        (
            "databases-highly-available",
            "violation",
            "pg",
            "database pg runs in one zone in prod; make it highly available",
        )
    ],
    "ha-config": [],
    "ray-head-privileged": [
        (
            "no-privileged-containers",
            "violation",
            "ray",
            "ray: privileged container(s) head in namespace 'ray'; only kube-system, nvidia-device-plugin (labelled "
            "pod-security.kubernetes.io/enforce: privileged) may run them",
        )
    ],
    "privileged-label-outside-system": [
        ("container-hardening", "violation", "plugin", "plugin: container 'p' keeps NET_RAW; drop ALL capabilities"),
        ("images-pinned", "violation", "plugin", "plugin container 'p': image (none) is not pinned"),
        (
            "namespaces-default-deny",
            "violation",
            "(stack)",
            "namespace 'tools' runs workloads without a default-deny NetworkPolicy (podSelector {}, policyTypes "
            "Ingress and Egress, no rules); add one and allow only the traffic it needs",
        ),
        ("no-host-namespaces", "violation", "plugin", "plugin shares the host's namespaces: hostNetwork"),
        ("no-privilege-escalation", "violation", "plugin", "plugin container 'p': set allowPrivilegeEscalation: false"),
        (
            "no-privileged-containers",
            "violation",
            "plugin",
            "plugin: privileged container(s) p in namespace 'tools'; only kube-system, nvidia-device-plugin "
            "(labelled pod-security.kubernetes.io/enforce: privileged) may run them",
        ),
        (
            "requests-and-limits",
            "violation",
            "plugin",
            "plugin container 'p' sets no requests.cpu, requests.memory, limits.cpu, limits.memory",
        ),
        ("run-as-non-root", "violation", "plugin", "plugin container 'p' may run as root; set runAsNonRoot: true"),
    ],
    "cap-sysadmin": [("container-hardening", "violation", "api", "api: container 'app' adds capabilities SYS_ADMIN")],
    "cap-netbind": [],
    "netraw-kept": [
        ("container-hardening", "violation", "api", "api: container 'app' keeps NET_RAW; drop ALL capabilities")
    ],
    "netraw-dropped": [],
    "seccomp-pod": [
        ("container-hardening", "violation", "api", "api: runs with seccomp Unconfined (pod securityContext)")
    ],
    "seccomp-runtime": [],
    "seccomp-container": [
        ("container-hardening", "violation", "api", "api: container 'app' runs with seccomp Unconfined")
    ],
    "hostpath": [("container-hardening", "violation", "api", "api: mounts hostPath volume(s) root")],
    "emptydir": [],
    "ray-gpu-worker-root": [
        ("run-as-non-root", "violation", "ray", "ray container 'worker' may run as root; set runAsNonRoot: true")
    ],
    "deny-missing": [
        (
            "namespaces-default-deny",
            "violation",
            "(stack)",
            "namespace 'ml' runs workloads without a default-deny NetworkPolicy (podSelector {}, policyTypes "
            "Ingress and Egress, no rules); add one and allow only the traffic it needs",
        )
    ],
    "deny-ingress-only": [
        (
            "namespaces-default-deny",
            "violation",
            "(stack)",
            "namespace 'ml' runs workloads without a default-deny NetworkPolicy (podSelector {}, policyTypes "
            "Ingress and Egress, no rules); add one and allow only the traffic it needs",
        )
    ],
    "deny-with-a-rule": [
        (
            "namespaces-default-deny",
            "violation",
            "(stack)",
            "namespace 'ml' runs workloads without a default-deny NetworkPolicy (podSelector {}, policyTypes "
            "Ingress and Egress, no rules); add one and allow only the traffic it needs",
        )
    ],
    "deny-selective": [
        (
            "namespaces-default-deny",
            "violation",
            "(stack)",
            "namespace 'ml' runs workloads without a default-deny NetworkPolicy (podSelector {}, policyTypes "
            "Ingress and Egress, no rules); add one and allow only the traffic it needs",
        )
    ],
    "deny-other-namespace": [
        (
            "namespaces-default-deny",
            "violation",
            "(stack)",
            "namespace 'ml' runs workloads without a default-deny NetworkPolicy (podSelector {}, policyTypes "
            "Ingress and Egress, no rules); add one and allow only the traffic it needs",
        )
    ],
    "release-namespace-undenied": [
        (
            "namespaces-default-deny",
            "violation",
            "(stack)",
            "namespace 'kuberay' runs workloads without a default-deny NetworkPolicy (podSelector {}, policyTypes "
            "Ingress and Egress, no rules); add one and allow only the traffic it needs",
        )
    ],
    "image-latest": [
        ("images-pinned", "violation", "api", "api container 'app': image example/app:latest is not pinned")
    ],
    "image-untagged": [
        ("images-pinned", "violation", "api", "api container 'app': image registry.example.com:5000/app is not pinned")
    ],
    "image-digest": [],
}


@pytest.mark.parametrize("case", CASES)
def test_hardening_case(case: str) -> None:
    assert found(verdicts(*CASES[case])) == EXPECTED[case]
