"""Spot interruption handling on AWS: the Node Termination Handler in queue mode for every stack with a spot node
group (its queue, EventBridge rules, Pod Identity role and pinned chart), none without one.

What mocks cannot prove: EventBridge delivers to SQS only when the queue policy lets events.amazonaws.com send from
the rule's ARN (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions);
the chart runs a Deployment reading `queueURL` only with `enableSqsTerminationDraining` (templates/deployment.yaml
of chart 0.27.6, https://github.com/aws/aws-node-termination-handler/tree/main/config/helm/aws-node-termination-handler).
"""

from __future__ import annotations

import json

from components import catalog
from tests.aws.conftest import GPU_POOL, Rendered, fresh_render, plan_of

RELEASE = "kubernetes:helm.sh/v3:Release"
QUEUE = "aws:sqs/queue:Queue"
RULE = "aws:cloudwatch/eventRule:EventRule"
TARGET = "aws:cloudwatch/eventTarget:EventTarget"
QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
NAME = "mlplatform-spot-interruption"
ACCOUNT_ARN = "arn:aws:{service}:us-east-1:123456789012:{resource}"


def test_a_spot_pool_gets_the_queue_mode_handler_with_its_exact_values(dev: Rendered) -> None:
    assert dev.plan.pools[0].spot  # dev pools default to spot
    release = dev.named(NAME, RELEASE)
    pinned = catalog.chart("aws-node-termination-handler")
    assert {k: release.inputs[k] for k in ("chart", "version", "repositoryOpts", "namespace", "atomic")} == {
        "chart": "aws-node-termination-handler",
        "version": "0.27.6",
        "repositoryOpts": {"repo": "https://aws.github.io/eks-charts"},
        "namespace": "kube-system",
        "atomic": True,
    }
    assert pinned.source.url.startswith("https://github.com/aws/aws-node-termination-handler")
    queue_url = f"https://sqs.us-east-1.amazonaws.com/123456789012/{NAME}-queue"
    assert release.inputs["values"] == {
        "enableSqsTerminationDraining": True,
        "queueURL": queue_url,
        "awsRegion": "us-east-1",
        "checkTagBeforeDraining": False,
        "useProviderId": True,
        "deleteSqsMsgIfNodeNotFound": True,
        "podTerminationGracePeriod": -1,
        "nodeTerminationGracePeriod": 120,
        "serviceAccount": {"create": True, "name": "aws-node-termination-handler"},
        "fullnameOverride": "aws-node-termination-handler",
        "nodeSelector": {"mlplatform.io/pool": "system"},
    }


def test_queue_keeps_messages_five_minutes_encrypted_and_takes_only_this_stacks_rules(dev: Rendered) -> None:
    queue = dev.named(f"{NAME}-queue", QUEUE)
    assert queue.inputs["messageRetentionSeconds"] == 300
    assert queue.inputs["sqsManagedSseEnabled"] is True
    policy = json.loads(dev.named(f"{NAME}-queue-policy", QUEUE_POLICY).inputs["policy"])
    [statement] = policy["Statement"]
    suffixes = ("asg-terminate", "rebalance", "scheduled-change", "spot-interruption", "state-change")
    assert statement == {
        "Sid": "EventBridgeRules", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sqs:SendMessage", "Resource": ACCOUNT_ARN.format(service="sqs", resource=f"{NAME}-queue"),
        "Condition": {"ArnEquals": {"aws:SourceArn": sorted(
            ACCOUNT_ARN.format(service="events", resource=f"rule/{NAME}-{s}") for s in suffixes)}},
    }


def test_event_rules_cover_interruption_rebalance_state_change_lifecycle_and_scheduled_change(dev: Rendered) -> None:
    patterns = {r.name.removeprefix(f"{NAME}-"): json.loads(r.inputs["eventPattern"]) for r in
                dev.inventory.of_type(RULE)}
    assert patterns == {
        "asg-terminate": {"source": ["aws.autoscaling"], "detail-type": ["EC2 Instance-terminate Lifecycle Action"]},
        "spot-interruption": {"source": ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"]},
        "rebalance": {"source": ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"]},
        "state-change": {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"]},
        "scheduled-change": {"source": ["aws.health"], "detail-type": ["AWS Health Event"],
                             "detail": {"service": ["EC2"], "eventTypeCategory": ["scheduledChange"]}},
    }
    targets = dev.inventory.of_type(TARGET)
    assert sorted(t.inputs["rule"] for t in targets) == sorted(f"{NAME}-{s}" for s in patterns)
    assert {t.inputs["arn"] for t in targets} == {ACCOUNT_ARN.format(service="sqs", resource=f"{NAME}-queue")}


def test_handler_role_reads_its_queue_and_completes_lifecycle_only_on_owned_groups(dev: Rendered) -> None:
    [association] = [a for a in dev.inventory.of_type(ASSOCIATION)
                     if a.inputs["serviceAccount"] == "aws-node-termination-handler"]
    assert association.inputs["namespace"] == "kube-system"
    assert association.urn in dev.named(NAME, RELEASE).dependencies
    policy = json.loads(dev.named(f"{NAME}-identity-policy", ROLE_POLICY).inputs["policy"])
    assert policy["Statement"] == [
        {"Sid": "Queue", "Effect": "Allow", "Action": ["sqs:DeleteMessage", "sqs:ReceiveMessage"],
         "Resource": ACCOUNT_ARN.format(service="sqs", resource=f"{NAME}-queue")},
        {"Sid": "Describe", "Effect": "Allow", "Action": [
            "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags", "ec2:DescribeInstances"],
         "Resource": "*"},
        {"Sid": "CompleteOwnedLifecycle", "Effect": "Allow", "Action": ["autoscaling:CompleteLifecycleAction"],
         "Resource": "*", "Condition": {"StringEquals": {
             "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
             "aws:ResourceTag/k8s.io/cluster-autoscaler/mlplatform-dev": "owned"}}},
    ]


def test_a_spot_fallback_tier_also_gets_the_handler() -> None:
    built = fresh_render(plan_of("prod", pools=[{**GPU_POOL, "capacity": ["on-demand", "spot"]}]))
    assert [r.name for r in built.inventory.of_type(RELEASE) if r.name == NAME] == [NAME]


def test_no_spot_node_group_no_handler() -> None:
    built = fresh_render(plan_of("prod", pools=[{**GPU_POOL, "capacity": "on-demand"}]))
    assert built.inventory.of_type(QUEUE) == [] and built.inventory.of_type(RULE) == []
    assert [r.name for r in built.inventory.of_type(RELEASE)] == ["mlplatform-autoscaler"]
