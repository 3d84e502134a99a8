"""SpotInterruptionHandler: the AWS Node Termination Handler in queue mode, for clusters with a spot node group.

Why: the two-minute Spot interruption warning reaches EventBridge and the instance, not Kubernetes. EKS managed
node groups react to a rebalance recommendation (Capacity Rebalancing launches a replacement, then drains), but
that signal is best effort and may arrive with the warning itself; the handler cordons and drains on the warning
too, so pods (Ray workers checkpointing) get the rest of the notice. Queue mode, not the IMDS DaemonSet: one
Deployment on the system pool reads an SQS queue that EventBridge fills, so spot nodes need no IMDS access from
pods (hop limit 1 stays).

The queue keeps messages 300 s (the warning is useless after two minutes), SSE-SQS encrypted, and accepts
`sqs:SendMessage` only from EventBridge for this stack's rules. The handler's role receives and deletes from this
queue only, describes instances and Auto Scaling groups, and completes lifecycle actions only on groups tagged as
owned by this cluster. The rules are account-wide (EC2 events cannot be filtered by tag), so the handler finds the
node by provider ID, drains only nodes of this cluster (`checkTagBeforeDraining` off: a node group's tags do not reach
its instances) and deletes messages about instances it does not know.
Source: https://github.com/aws/aws-node-termination-handler#queue-processor (chart values of 0.27.6)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from components import catalog
from components.aws.autoscaler import owned_group_condition
from components.aws.identity import POLICY_VERSION, PodIdentity, PodIdentityArgs
from components.catalog.charts import NODE_TERMINATION_HANDLER
from components.k8s.release import chart_reference
from components.spec.enums import Cloud

NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "aws-node-termination-handler"
MESSAGE_RETENTION_SECONDS = 300
EVENTS_PRINCIPAL = "events.amazonaws.com"
EVENT_RULES: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "asg-terminate": {"source": ["aws.autoscaling"], "detail-type": ["EC2 Instance-terminate Lifecycle Action"]},
    "spot-interruption": {"source": ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"]},
    "rebalance": {"source": ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"]},
    "state-change": {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"]},
    "scheduled-change": {"source": ["aws.health"], "detail-type": ["AWS Health Event"],
                         "detail": {"service": ["EC2"], "eventTypeCategory": ["scheduledChange"]}},
})
"""EventBridge rule suffix -> event pattern, as the handler's README lists them."""
QUEUE_ACTIONS = ("sqs:DeleteMessage", "sqs:ReceiveMessage")
DESCRIBE_ACTIONS = ("autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags", "ec2:DescribeInstances")
LIFECYCLE_ACTIONS = ("autoscaling:CompleteLifecycleAction",)


def queue_policy(queue_arn: str, rule_arns: Sequence[str]) -> str:
    """Only this stack's EventBridge rules may send to the queue."""
    return json.dumps({
        "Version": POLICY_VERSION,
        "Statement": [{
            "Sid": "EventBridgeRules", "Effect": "Allow", "Principal": {"Service": EVENTS_PRINCIPAL},
            "Action": "sqs:SendMessage", "Resource": queue_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": sorted(rule_arns)}},
        }],
    })


def handler_policy(cluster_name: str, queue_arn: str) -> str:
    """The handler's IAM policy: its queue, the describes it needs, lifecycle actions on this cluster's groups."""
    owned = owned_group_condition(cluster_name)
    return json.dumps({
        "Version": POLICY_VERSION,
        "Statement": [
            {"Sid": "Queue", "Effect": "Allow", "Action": list(QUEUE_ACTIONS), "Resource": queue_arn},
            {"Sid": "Describe", "Effect": "Allow", "Action": list(DESCRIBE_ACTIONS), "Resource": "*"},
            {"Sid": "CompleteOwnedLifecycle", "Effect": "Allow", "Action": list(LIFECYCLE_ACTIONS),
             "Resource": "*", "Condition": {"StringEquals": owned}},
        ],
    })


def handler_values(queue_url: str, region: str, node_selector: Mapping[str, str]) -> dict[str, Any]:
    """Chart values (keys of chart 0.27.6's values.yaml): queue mode, on the system pool, pods' own grace."""
    return {
        "enableSqsTerminationDraining": True,
        "queueURL": queue_url,
        "awsRegion": region,
        "checkTagBeforeDraining": False,
        "useProviderId": True,
        "deleteSqsMsgIfNodeNotFound": True,
        "podTerminationGracePeriod": -1,  # each pod's terminationGracePeriodSeconds (Ray workers: the catalog's)
        "nodeTerminationGracePeriod": catalog.spot_interruption(Cloud.AWS).notice_seconds,
        "serviceAccount": {"create": True, "name": SERVICE_ACCOUNT},
        "fullnameOverride": SERVICE_ACCOUNT,
        "nodeSelector": dict(node_selector),
    }


@dataclass(frozen=True, kw_only=True)
class SpotInterruptionArgs:
    cluster_name: pulumi.Input[str]
    region: str
    node_selector: Mapping[str, str]
    provider: k8s.Provider
    after: Sequence[pulumi.Resource] = ()  # the system nodes, the Pod Identity agent, the API path
    tags: Mapping[str, str] = field(default_factory=dict)


class SpotInterruptionHandler(pulumi.ComponentResource):
    """SQS queue + EventBridge rules + the handler's Pod Identity role + its Helm release."""

    queue: aws.sqs.Queue
    rules: Mapping[str, aws.cloudwatch.EventRule]
    release: k8s.helm.v3.Release

    def __init__(self, name: str, args: SpotInterruptionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:aws:SpotInterruptionHandler", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        tags = dict(args.tags)
        self.queue = aws.sqs.Queue(f"{name}-queue", message_retention_seconds=MESSAGE_RETENTION_SECONDS,
                                   sqs_managed_sse_enabled=True, tags=tags, opts=child)
        self.rules = MappingProxyType({
            suffix: aws.cloudwatch.EventRule(f"{name}-{suffix}", event_pattern=json.dumps(pattern), tags=tags,
                                             opts=child)
            for suffix, pattern in EVENT_RULES.items()
        })
        policy = aws.sqs.QueuePolicy(
            f"{name}-queue-policy",
            queue_url=self.queue.id,
            policy=pulumi.Output.all(self.queue.arn, *(r.arn for r in self.rules.values())).apply(
                lambda v: queue_policy(str(v[0]), [str(a) for a in v[1:]])
            ),
            opts=child,
        )
        targets = [
            aws.cloudwatch.EventTarget(f"{name}-{suffix}-target", rule=rule.name, arn=self.queue.arn,
                                       opts=pulumi.ResourceOptions(parent=self, depends_on=[policy]))
            for suffix, rule in self.rules.items()
        ]
        identity = PodIdentity(
            f"{name}-identity",
            PodIdentityArgs(
                cluster_name=args.cluster_name,
                namespace=NAMESPACE,
                service_account=SERVICE_ACCOUNT,
                policy=pulumi.Output.all(args.cluster_name, self.queue.arn).apply(
                    lambda v: handler_policy(str(v[0]), str(v[1]))
                ),
                tags=tags,
            ),
            opts=child,
        )
        chart = catalog.chart(NODE_TERMINATION_HANDLER)
        chart_name, repository = chart_reference(chart)
        self.release = k8s.helm.v3.Release(
            name,
            chart=chart_name,
            version=chart.version,
            repository_opts=repository,
            namespace=NAMESPACE,
            atomic=True,
            cleanup_on_fail=True,
            values=self.queue.url.apply(lambda url: handler_values(url, args.region, args.node_selector)),
            opts=pulumi.ResourceOptions(parent=self, provider=args.provider,
                                        depends_on=[identity, *targets, *args.after]),
        )
        self.register_outputs({"queue": self.queue.url, "release": self.release.name})
