"""The GKE webhook firewall rule's priority and source range, which a mutation run over `components/gcp`
(tools/README.md) found unpinned.

The source range is the control plane's as GKE reports it: `privateClusterConfig.masterIpv4CidrBlock` on a
cluster given one, else its `privateEndpoint` as a /32, never a guess
(https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters#add_firewall_rules). Priority 1000 is
the VPC default, so the rule neither overrides nor yields to the project's own rules at other priorities
(https://cloud.google.com/firewall/docs/firewalls#priority_order_for_firewall_rules).

And the MLflow bucket: its name's random suffix is 4 bytes (8 hex characters, `<cluster>-mlflow-<8 hex>`), and
it waits for the Cloud Storage API, since creating a bucket in a project where storage.googleapis.com is off fails
(https://cloud.google.com/service-usage/docs/enable-disable). Mocks record the dependency, not the enablement.
The serving identity's service account and its Workload Identity member wait for the cluster too: the
`<project>.svc.id.goog` pool exists only once a cluster with Workload Identity does, and IAM rejects a member in a
pool that does not exist (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pulumi_gcp.container.outputs import ClusterPrivateClusterConfig

from components.gcp.firewall import control_plane_ranges
from components.plan import ClusterPlan
from tests.blueprints import ADMINS
from tests.gcp.conftest import Rendered


def test_the_webhook_rule_s_priority_and_name_and_the_bucket_s_suffix_and_api(
    plan_of: Callable[..., ClusterPlan], render: Callable[[ClusterPlan], Rendered], version: str
) -> None:
    plan = plan_of(services={"mlflow": {}, "kserve": {}},
                   cluster={"kubernetesVersion": version, "admins": ADMINS["gcp"]})
    stack = render(plan)
    rule = stack.one("gcp:compute/firewall:Firewall")
    assert (rule.inputs["priority"], rule.inputs["name"]) == (1000, f"{plan.name}-webhooks")
    # the same stack's MLflow bucket
    [suffix] = [r for r in stack.inventory.of_type("random:index/randomId:RandomId")
                if r.name.endswith("-mlflow-artifacts-suffix")]
    assert suffix.inputs["byteLength"] == 4
    [storage_api] = [s for s in stack.inventory.of_type("gcp:projects/service:Service")
                     if s.inputs["service"] == "storage.googleapis.com"]
    assert storage_api.urn in stack.one("gcp:storage/bucket:Bucket").dependencies
    cluster = stack.one("gcp:container/cluster:Cluster").urn
    [account] = [a for a in stack.inventory.of_type("gcp:serviceaccount/account:Account")
                 if a.name.endswith("-serving-identity")]
    [member] = [m for m in stack.inventory.of_type("gcp:serviceaccount/iAMMember:IAMMember")
                if m.name.endswith("-serving-identity-workload-identity")]
    assert cluster in account.dependencies and cluster in member.dependencies


def test_the_control_plane_range_is_the_reported_block_else_the_endpoint() -> None:
    both = ClusterPrivateClusterConfig(master_ipv4_cidr_block="172.16.0.0/28", private_endpoint="172.16.0.2")
    assert control_plane_ranges(both) == ["172.16.0.0/28"]
    assert control_plane_ranges(ClusterPrivateClusterConfig(private_endpoint="10.0.0.2")) == ["10.0.0.2/32"]


@pytest.mark.parametrize("config", [None, ClusterPrivateClusterConfig(), ClusterPrivateClusterConfig(
    master_ipv4_cidr_block="", private_endpoint="")], ids=["no-config", "empty", "blank"])
def test_no_reported_address_is_refused_not_guessed(config: ClusterPrivateClusterConfig | None) -> None:
    with pytest.raises(ValueError, match="neither privateClusterConfig.masterIpv4CidrBlock nor privateEndpoint"):
        control_plane_ranges(config)
