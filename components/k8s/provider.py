"""The one place a Kubernetes provider is made: from a cluster's kubeconfig, never from ambient config."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_kubernetes as k8s


def cluster_provider(
    name: str, kubeconfig: pulumi.Input[str], parent: pulumi.Resource, depends_on: Sequence[pulumi.Resource] = ()
) -> k8s.Provider:
    """A provider bound to exactly this cluster; server-side apply, and no fallback to ~/.kube/config."""
    return k8s.Provider(
        f"{name}-k8s",
        kubeconfig=kubeconfig,
        enable_server_side_apply=True,
        delete_unreachable=False,
        opts=pulumi.ResourceOptions(parent=parent, depends_on=list(depends_on)),
    )
