"""GCP-only: the firewall rule that lets the control plane call the admission webhooks the platform installs.

GKE's own rule admits the control plane to private nodes on 443 and 10250 only. cert-manager's webhook listens on
10250 (chart default `webhook.securePort`, chosen upstream for this reason), KubeRay 1.7's chart installs no
webhook, but KServe's controller serves its webhooks (InferenceService, ServingRuntime validation, pod mutation
for the storage initializer) on 9443 with `failurePolicy: Fail`: without this rule every KServe object times out.
The rule admits exactly the control plane's address (the `masterIpv4CidrBlock` of a peering-based private
cluster, else the Private Service Connect endpoint GKE allocates in the nodes' subnet) to the nodes of this
cluster (their service account) on those ports. docs/deploy-gcp.md says how to check it on a live cluster.
Sources: https://cloud.google.com/kubernetes-engine/docs/how-to/latest/network-isolation#add_firewall_rules,
https://github.com/cert-manager/cert-manager/blob/v1.21.1/deploy/charts/cert-manager/values.yaml (securePort),
https://github.com/kserve/kserve/tree/v0.20.0/charts/kserve-resources (webhook-server port 9443).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pulumi
import pulumi_gcp as gcp

from components.plan import ClusterPlan

# Service key -> the TCP port its admission webhooks listen on, where GKE does not already admit it.
WEBHOOK_PORTS: Mapping[str, int] = MappingProxyType({"kserve": 9443})
DIRECTION = "INGRESS"
PROTOCOL = "tcp"
PRIORITY = 1000
HOST_PREFIX = "/32"


def webhook_ports(plan: ClusterPlan) -> tuple[int, ...]:
    enabled = {"kserve": plan.services.kserve}
    return tuple(sorted(port for key, port in WEBHOOK_PORTS.items() if enabled[key]))


def control_plane_ranges(config: gcp.container.outputs.ClusterPrivateClusterConfig | None) -> list[str]:
    """The control plane's source range as GKE reports it; refuses to guess when it reports none."""
    if config is not None and config.master_ipv4_cidr_block:
        return [config.master_ipv4_cidr_block]
    if config is not None and config.private_endpoint:
        return [f"{config.private_endpoint}{HOST_PREFIX}"]
    raise ValueError("GKE reported neither privateClusterConfig.masterIpv4CidrBlock nor privateEndpoint; the "
                     "webhook firewall rule needs the control plane's address")


def webhook_firewall(
    name: str,
    plan: ClusterPlan,
    network_id: pulumi.Input[str],
    cluster: gcp.container.Cluster,
    node_service_account: pulumi.Input[str],
    opts: pulumi.ResourceOptions,
) -> gcp.compute.Firewall | None:
    """`<name>-webhooks`: control plane -> this cluster's nodes on the enabled services' webhook ports."""
    ports = webhook_ports(plan)
    if not ports:
        return None
    return gcp.compute.Firewall(
        f"{name}-webhooks",
        name=f"{plan.name}-webhooks",
        network=network_id,
        direction=DIRECTION,
        priority=PRIORITY,
        description=f"GKE control plane to the admission webhooks on the nodes of {plan.name}",
        source_ranges=cluster.private_cluster_config.apply(control_plane_ranges),
        target_service_accounts=[node_service_account],
        allows=[gcp.compute.FirewallAllowArgs(protocol=PROTOCOL, ports=[str(p) for p in ports])],
        opts=opts,
    )
