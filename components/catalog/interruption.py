"""Spot interruption per cloud: how much notice the cloud gives, what drains the node, and how long a Ray worker
on a spot node may take to stop (its `terminationGracePeriodSeconds`), each with its source and date.

AWS: EC2 sends the Spot Instance interruption notice two minutes ahead (EventBridge and instance metadata) and a
rebalance recommendation earlier when it can; the platform runs the AWS Node Termination Handler in queue mode,
which cordons and drains the node from those events. GKE: Compute Engine preempts a Spot VM with a soft shutdown;
GKE's kubelet graceful node shutdown gives pods 30 s, the first 15 s to non-system pods. AKS: Azure's Scheduled
Events announce a spot eviction (`Preempt`) at least 30 s ahead, but AKS runs nothing that cordons or drains on it
and the platform does not build a handler yet: pods are stopped with the node (a stated degradation in `plan`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog.types import Source
from components.spec.enums import Cloud

_READ = date(2026, 12, 6)

AWS_SPOT_NOTICE = Source(
    "Amazon EC2: Spot Instance interruption notices (two minutes before the interruption; EventBridge event "
    "'EC2 Spot Instance Interruption Warning')",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html",
    _READ,
)
AWS_NTH_QUEUE = Source(
    "AWS Node Termination Handler README, queue processor: SQS queue policy for events.amazonaws.com and "
    "sqs.amazonaws.com, EventBridge rules (ASG terminate lifecycle action, Spot interruption warning, rebalance "
    "recommendation, instance state-change, AWS Health scheduled change), IAM actions (repository snapshot of "
    "2026-07-21, chart 0.27.6 / app 1.25.6)",
    "https://github.com/aws/aws-node-termination-handler#queue-processor",
    date(2026, 7, 21),
)
GKE_SPOT_SHUTDOWN = Source(
    "GKE Spot VMs: termination and graceful shutdown (30 s after the preemption notice: 15 s for pods, then 15 s "
    "for critical system pods)",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms#termination_and_graceful_shutdown_of_spot_vms",
    _READ,
)
AZURE_SPOT_PREEMPT = Source(
    "Azure Scheduled Events: Preempt (Spot eviction) is announced a minimum of 30 s ahead",
    "https://learn.microsoft.com/azure/virtual-machines/linux/scheduled-events",
    _READ,
)
AKS_NODE_AUTO_DRAIN = Source(
    "AKS node auto-drain: on a Scheduled Events Preempt (spot eviction) or Redeploy AKS cordons and drains the node "
    "by default, no configuration needed, best effort; the spot node may get the taint "
    "remediator.kubernetes.azure.com/unschedulable",
    "https://learn.microsoft.com/azure/aks/node-auto-drain",
    date(2026, 12, 7),
)


@dataclass(frozen=True)
class SpotInterruption:
    """One cloud's spot interruption: the notice, what handles it, and the Ray worker's stop budget."""

    notice_seconds: int
    handling: str
    worker_grace_seconds: int
    source: Source
    handler_source: Source | None = None  # what drains the node, where that is not the notice's own page


SPOT_INTERRUPTION: Mapping[Cloud, SpotInterruption] = MappingProxyType({
    # NTH drains from the queue as the warning arrives; the pod then has the rest of the two minutes. 90 s
    # leaves 30 s for the event to reach the queue and the eviction to start (NTH's default node budget is 120 s).
    Cloud.AWS: SpotInterruption(
        120, "AWS Node Termination Handler (queue mode) cordons and drains on the interruption warning, "
        "rebalance recommendation, state change, ASG terminate lifecycle action and scheduled change", 90,
        AWS_SPOT_NOTICE,
    ),
    # Non-system pods get the first 15 s of GKE's 30 s shutdown window.
    Cloud.GCP: SpotInterruption(
        30, "GKE graceful node shutdown (kubelet) on the Spot VM's preemption", 15, GKE_SPOT_SHUTDOWN,
    ),
    # Auto-drain acts only once the node carries the scheduled event (its VMEventScheduled condition, per AKS's
    # node-auto-drain pages), so part of the 30 s minimum goes to noticing it and starting the eviction: 15 s for
    # the pod leaves the other half, the same split GKE's shutdown gives non-system pods; a longer grace would be
    # cut short by the VM's deletion.
    Cloud.AZURE: SpotInterruption(
        30, "AKS node auto-drain (default, best effort) cordons and drains on the Scheduled Events Preempt", 15,
        AZURE_SPOT_PREEMPT, AKS_NODE_AUTO_DRAIN,
    ),
})


def spot_interruption(cloud: Cloud) -> SpotInterruption:
    return SPOT_INTERRUPTION[cloud]
