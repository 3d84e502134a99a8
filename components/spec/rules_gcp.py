"""GCP-only rules: names the GCP data plane derives from the cluster's name must be accepted by Google, and the
pod and service ranges each stack derives from its own network.

The MLflow bucket is named ``<cluster>-mlflow-<hex>``; Cloud Storage refuses bucket names that contain
"google" or start with "goog" (https://cloud.google.com/storage/docs/buckets#naming, read 2026-11-30).

Pod and service ranges (`gke_ranges`): a hub VPC peered with two stacks imports both stacks' subnet routes,
secondary ranges included, and a VPC cannot peer with two networks whose subnet ranges overlap ("overlapping
subnet IP ranges are not allowed", https://cloud.google.com/vpc/docs/vpc-peering#restrictions). So no two stacks
may share them: both are derived from `network.cidr`, itself unique per stack. Services take a /20 (a /22 of a
/20 network) at the start of the network's last quarter, which the address plan leaves free; pods take a /15
(512 nodes of 110 pods) in 10.128.0.0/9 at the index of the network's /16 modulo 64, so stacks in different /16s
below 64 apart never collide (tests/spec check the committed stacks pairwise).
"""

from __future__ import annotations

import ipaddress

from components.spec.enums import Cloud
from components.spec.errors import Problem, show
from components.spec.models import Blueprint

PODS_BLOCK = ipaddress.IPv4Network("10.128.0.0/9")
PODS_PREFIX = 15
SERVICES_PREFIX = 20
QUARTER = 2  # prefix bits of the network's quarters (the address plan: nodes, -, private services, free)
PODS = "pods"
SERVICES = "services"

RESERVED_BUCKET_WORD = "google"
RESERVED_BUCKET_PREFIX = "goog"


def check_gcp(bp: Blueprint) -> list[Problem]:
    mlflow = bp.services.mlflow
    if bp.cloud is not Cloud.GCP or mlflow is None or not mlflow.enabled:
        return []
    name = bp.cluster_name
    if RESERVED_BUCKET_WORD in name or name.startswith(RESERVED_BUCKET_PREFIX):
        return [Problem("name", f"{show(bp.name)} makes the MLflow bucket name start with {name!r}; Cloud Storage "
                        "refuses bucket names containing 'google' or starting with 'goog': rename the platform")]
    return []


def gke_ranges(network_cidr: str) -> dict[str, str]:
    """The stack's pod and service secondary ranges (`pods`, `services`), derived from its network range."""
    net = ipaddress.IPv4Network(network_cidr)
    last_quarter = list(net.subnets(prefixlen_diff=QUARTER))[-1]
    services = next(last_quarter.subnets(new_prefix=max(SERVICES_PREFIX, last_quarter.prefixlen)))
    slots = 2 ** (PODS_PREFIX - PODS_BLOCK.prefixlen)
    index = (int(net.network_address) >> 16) % slots
    pods = ipaddress.IPv4Network((int(PODS_BLOCK.network_address) + index * 2 ** (32 - PODS_PREFIX), PODS_PREFIX))
    return {PODS: str(pods), SERVICES: str(services)}
