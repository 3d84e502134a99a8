"""The one Kubernetes provider a cluster gets (`k8s/provider.py`): bound to the cluster's kubeconfig, server-side
apply on, never deleting what it cannot reach, and registered after what it is told to wait for. The clouds' tests
render it, so a mutation run over the in-cluster tests found no test reaching it (tools/README.md)."""

from __future__ import annotations

import pulumi
import pulumi_random as random

from components.k8s.provider import cluster_provider
from mlplatform.engine.inventory import Inventory


class Parent(pulumi.ComponentResource):
    def __init__(self) -> None:
        super().__init__("mlplatform:test:Parent", "c", None, None)


def test_the_provider_is_the_clusters_and_waits_for_what_it_is_given(mocks: Inventory) -> None:
    @pulumi.runtime.test
    def run() -> pulumi.Output[str]:
        ready = random.RandomString("ready", length=8)
        provider = cluster_provider("c", "apiVersion: v1", Parent(), depends_on=[ready])
        return provider.urn

    run()
    provider = mocks.named("c-k8s")
    assert provider.type == "pulumi:providers:kubernetes"
    assert {k: provider.inputs[k] for k in ("kubeconfig", "enableServerSideApply", "deleteUnreachable")} == {
        "kubeconfig": "apiVersion: v1", "enableServerSideApply": "true", "deleteUnreachable": "false"}
    assert mocks.named("ready").urn in provider.dependencies
    assert provider.parent == mocks.named("c").urn
