"""`cluster_ca` of an empty kubeconfig (AKS's first preview knows none) is the empty string the kubeconfig builder
takes, not None: a mutation run returned None there and no test noticed (tools/README.md)."""

from __future__ import annotations

from components.azure.cluster import cluster_ca


def test_an_empty_kubeconfig_has_an_empty_ca() -> None:
    assert cluster_ca("") == ""
