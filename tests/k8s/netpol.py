"""A small NetworkPolicy evaluator (networking.k8s.io/v1 semantics) over rendered policies, for tests.

A pod is isolated in a direction when any policy in its namespace selects it with that policyType; an isolated
pod admits a connection when some selecting policy has a rule whose peers and ports match. A connection needs the
source's egress and the destination's ingress. Named ports and SCTP are not modelled (the platform uses neither).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

NAMESPACE_LABEL = "kubernetes.io/metadata.name"


@dataclass(frozen=True)
class Endpoint:
    """A pod (namespace + labels, with an IP) or, with namespace None, an address outside the cluster's pods."""

    namespace: str | None
    labels: Mapping[str, str] = field(default_factory=dict)
    ip: str = "10.0.0.1"


def _selects(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    if selector is None:
        return True
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        ok = {"In": key in labels and labels[key] in values, "NotIn": labels.get(key) not in values,
              "Exists": key in labels, "DoesNotExist": key not in labels}[op]
        if not ok:
            return False
    return True


def _peer_matches(peer: Mapping[str, Any], policy_ns: str, other: Endpoint) -> bool:
    if "ipBlock" in peer:
        block = peer["ipBlock"]
        ip = ipaddress.ip_address(other.ip)
        return ip in ipaddress.ip_network(block["cidr"]) and not any(
            ip in ipaddress.ip_network(e) for e in block.get("except", []))
    if other.namespace is None:
        return False
    if "namespaceSelector" in peer:
        if not _selects(peer["namespaceSelector"], {NAMESPACE_LABEL: other.namespace}):
            return False
    elif other.namespace != policy_ns:
        return False
    return _selects(peer.get("podSelector"), other.labels)


def _port_matches(ports: Sequence[Mapping[str, Any]] | None, port: int, protocol: str) -> bool:
    if not ports:
        return True
    for p in ports:
        if p.get("protocol", "TCP") != protocol:
            continue
        if "port" not in p:
            return True
        start = int(p["port"])
        if start <= port <= int(p.get("endPort", start)):
            return True
    return False


def _admits(policies: Sequence[Mapping[str, Any]], pod: Endpoint, other: Endpoint, port: int, protocol: str,
            direction: str) -> bool:
    key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
    selecting = [p for p in policies if p["metadata"]["namespace"] == pod.namespace
                 and direction in p["spec"].get("policyTypes", ["Ingress"])
                 and _selects(p["spec"].get("podSelector") or {}, pod.labels)]
    if not selecting:
        return True
    for policy in selecting:
        for rule in policy["spec"].get(key) or []:
            peers = rule.get(peers_key)
            if (not peers or any(_peer_matches(peer, pod.namespace or "", other) for peer in peers)) and \
                    _port_matches(rule.get("ports"), port, protocol):
                return True
    return False


def allowed(policies: Sequence[Mapping[str, Any]], src: Endpoint, dst: Endpoint, port: int,
            protocol: str = "TCP") -> bool:
    egress = src.namespace is None or _admits(policies, src, dst, port, protocol, "Egress")
    ingress = dst.namespace is None or _admits(policies, dst, src, port, protocol, "Ingress")
    return egress and ingress
