"""Run one cloud folder's `build` under recording mocks and wait for every registration (component tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pulumi

from components.handle import ClusterHandle
from components.plan import ClusterPlan
from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.engine.mocks import install_mocks

BuildCluster = Callable[[str, ClusterPlan, pulumi.Resource], ClusterHandle]
PLATFORM = ("mlplatform:index:Platform", "mlplatform")  # the parent Platform hands to `build`


@dataclass
class Built:
    """What one `build` registered, the handle it returned and the handle's resolved outputs."""

    inventory: Inventory
    plan: ClusterPlan
    handle: ClusterHandle
    values: dict[str, Any] = field(default_factory=dict)  # name, endpoint, kubeconfig (unsecret), pool_names

    def one(self, type_token: str) -> Registration:
        [found] = self.inventory.of_type(type_token)
        return found

    def named(self, name: str, type_token: str) -> Registration:
        [found] = [r for r in self.inventory.of_type(type_token) if r.name == name]
        return found

    @property
    def ignored(self) -> dict[tuple[str, str], list[str]]:
        """(type, name) -> ignore_changes, for every registration."""
        return {(r.type, r.name): list(r.ignore_changes) for r in self.inventory}

    @property
    def delete_first(self) -> set[tuple[str, str]]:
        """(type, name) of registrations replaced delete-before-create."""
        return {(r.type, r.name) for r in self.inventory if r.delete_before_replace}

    @property
    def invokes(self) -> list[str]:
        return self.inventory.invokes


def build_under_mocks(
    build: BuildCluster, plan: ClusterPlan, inventory: Inventory | None = None, root: tuple[str, str] = PLATFORM
) -> Built:
    """`build("mlplatform", plan, <root component>)` under `inventory`'s mocks (fresh ones when None)."""
    inventory = inventory if inventory is not None else install_mocks(project="mlplatform", stack="test")
    built: list[Built] = []

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def run() -> pulumi.Output[None]:
        handle = build("mlplatform", plan, pulumi.ComponentResource(root[0], root[1]))
        out = Built(inventory, plan, handle)
        built.append(out)
        return pulumi.Output.all(
            name=handle.name,
            endpoint=handle.endpoint,
            kubeconfig=pulumi.Output.unsecret(handle.kubeconfig),
            kubeconfig_secret=pulumi.Output.is_secret(handle.kubeconfig),
            pool_names=pulumi.Output.all(**handle.pool_names),
            # The ML workflow's handle outputs: serving and Ray URIs, and each workload's annotations.
            serving_uri=handle.serving_uri,
            ray_uris=None if handle.ray_storage is None else pulumi.Output.all(
                handle.ray_storage.data_uri, handle.ray_storage.checkpoint_uri),
            annotations=pulumi.Output.all(**{
                role: pulumi.Output.all(**dict(w.annotations)) for role, w in handle.workloads.items()}),
        ).apply(out.values.update)

    run()
    return built[0]
