"""In-cluster resources wait for one fixed anchor (the API path and the system pool), never for each accelerator pool.

Before, every in-cluster resource depended on every node group: edges grew as pools x resources, and one GPU group
that could not be created (no capacity in its zone) held back every service. Why nothing in-cluster must wait for an
accelerator pool is in `components/handle.py` (`ClusterHandle.nodes_ready`), from the tools' own behaviour:
- Helm `atomic` waits for a DaemonSet with `desiredNumberScheduled` 0 as ready, and for Deployments' pods, which
  select system nodes (https://github.com/helm/helm/blob/main/pkg/kube/ready.go, daemonSetReady / deploymentReady);
- pulumi-kubernetes treats a custom resource (RayCluster) as created once the API server accepts it
  (https://www.pulumi.com/registry/packages/kubernetes/installation-configuration/ : await logic covers built-in
  kinds; custom resources are not awaited unless annotated);
- accelerator pools scale from zero: the Cluster Autoscaler adds their nodes for pending pods, after `pulumi up`.
Mocks can only show the edges the program declares; these tests pin them on the rendered stacks.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from components.catalog.scheduling import LABEL_POOL
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.render import render
from tests.engine.scale_stacks import IN_CLUSTER, POOL_TYPES, with_pools
from tests.engine.stacks import Rendered

MANY = 12
# Every in-cluster namespace of the committed dev stacks waits for exactly these (type, name): the deploy path and
# the deployer's access (api_ready), and the system pool (plus AWS's scratch StorageClass).
NAMESPACE_WAITS_FOR = {
    "aws-dev": [
        ("aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
         "mlplatform-cluster-admin-111122223333-role-platform-admins"),
        ("aws:eks/nodeGroup:NodeGroup", "mlplatform-cluster-system"),
        ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "mlplatform-cluster-api-from-hub-10-100-0-0-16"),
        ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "mlplatform-cluster-api-from-vpc"),
        ("aws:ec2/routeTable:RouteTable", "mlplatform-network-private-use1-az1"),
        ("aws:ec2/routeTable:RouteTable", "mlplatform-network-private-use1-az2"),
        ("aws:ec2/routeTable:RouteTable", "mlplatform-network-private-use1-az4"),
        ("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "mlplatform-network-hub"),
        ("kubernetes:storage.k8s.io/v1:StorageClass", "mlplatform-storage-class"),
    ],
    "gcp-dev": [
        ("gcp:container/cluster:Cluster", "mlplatform-cluster"),
        ("gcp:container/nodePool:NodePool", "mlplatform-cluster-system"),
        ("gcp:projects/iAMMember:IAMMember", "mlplatform-cluster-admins-group-platform-admins-example-com"),
        ("gcp:compute/firewall:Firewall", "mlplatform-webhooks"),
    ],
    "azure-dev": [
        ("azure-native:network:VirtualNetworkPeering", "mlplatform-access-from-hub"),
        ("azure-native:network:VirtualNetworkPeering", "mlplatform-access-to-hub"),
        ("azure-native:privatedns:VirtualNetworkLink", "mlplatform-access-hub-link"),
        ("azure-native:containerservice:ManagedCluster", "mlplatform-cluster"),
        ("time:index/sleep:Sleep", "mlplatform-admins-propagation"),
    ],
}


@pytest.fixture(scope="module")
def many_pools() -> Mapping[str, Inventory]:
    """Each dev stack grown to MANY accelerator pools, rendered once for this module."""
    return {name: render(with_pools(name, MANY)) for name in NAMESPACE_WAITS_FOR}


def _in_cluster_waits(inventory: Inventory) -> dict[str, tuple[str, ...]]:
    return {r.urn: r.dependencies for r in inventory if r.type.startswith(IN_CLUSTER)}


def _named(inventory: Inventory, urns: tuple[str, ...]) -> list[tuple[str, str]]:
    by_urn = {r.urn: r for r in inventory}
    return [(by_urn[u].type, by_urn[u].name) for u in urns]


@pytest.mark.parametrize("stack", sorted(NAMESPACE_WAITS_FOR))
def test_every_namespace_waits_for_the_api_path_and_the_system_pool_only(
    stack: str, rendered: Mapping[str, Rendered], many_pools: Mapping[str, Inventory]
) -> None:
    for inventory in (rendered[stack].inventory, many_pools[stack]):
        namespaces = inventory.of_type("kubernetes:core/v1:Namespace")
        assert len(namespaces) >= 5  # MLflow, KServe, cert-manager, Ray, the team
        for namespace in namespaces:
            assert _named(inventory, namespace.dependencies) == NAMESPACE_WAITS_FOR[stack], namespace.name


@pytest.mark.parametrize("stack", sorted(NAMESPACE_WAITS_FOR))
def test_more_pools_add_no_edge_to_any_in_cluster_resource(
    stack: str, rendered: Mapping[str, Rendered], many_pools: Mapping[str, Inventory]
) -> None:
    """The committed stack's in-cluster resources keep exactly their dependencies, URN for URN, with MANY pools;
    the only new in-cluster resources are the added pools' own (none on these stacks: Ray's groups are one object)."""
    few = _in_cluster_waits(rendered[stack].inventory)
    many = _in_cluster_waits(many_pools[stack])
    assert len(few) >= 30
    assert many == few
    pools = [r for r in many_pools[stack] if r.type in POOL_TYPES]
    assert len(pools) >= MANY  # the system pool is a NodePool on GKE, inline on AKS, a node group on EKS
    system_or_accelerator = {r.urn for r in pools}
    waits = {u for deps in many.values() for u in deps}
    assert waits & system_or_accelerator == {r.urn for r in pools if r.name == "mlplatform-cluster-system"}


@pytest.mark.parametrize("stack", sorted(NAMESPACE_WAITS_FOR))
def test_the_rays_workers_of_every_pool_are_one_object_waiting_for_no_pool(
    stack: str, many_pools: Mapping[str, Inventory]
) -> None:
    inventory = many_pools[stack]
    [ray] = inventory.of_type("kubernetes:ray.io/v1:RayCluster")
    selected = {g["template"]["spec"]["nodeSelector"].get(LABEL_POOL) for g in ray.inputs["spec"]["workerGroupSpecs"]}
    assert selected >= {f"p{i}" for i in range(3, MANY)}  # every added pool has its worker group
    pool_urns = {r.urn for r in inventory if r.type in POOL_TYPES and r.name != "mlplatform-cluster-system"}
    assert not pool_urns & set(ray.dependencies)
