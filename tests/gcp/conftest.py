"""Fixtures for GCP component tests: plans from tiny blueprints, and a full `build` rendered under mocks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pytest

from components import catalog
from components.gcp import build
from components.handle import ClusterHandle
from components.plan import ClusterPlan, plan_platform
from components.spec import Cloud, load_blueprint
from mlplatform.inventory import Inventory

VERSION = catalog.supported_versions(Cloud.GCP)[-1]
"""The newest supported GKE minor: the tests pin behaviour, not the catalog's calendar."""

BASE: Mapping[str, Any] = {
    "cloud": "gcp",
    "region": "us-central1",
    "environment": "dev",
    "tags": {"team": "ml"},
    "cluster": {"kubernetesVersion": VERSION},
}


def make_plan(**overrides: Any) -> ClusterPlan:
    """A plan from BASE with top-level keys replaced (e.g. nodePools=[...], environment="prod")."""
    return plan_platform(load_blueprint({**BASE, **overrides}))


@dataclass
class Rendered:
    """What one `build` registered, plus the handle and its resolved outputs."""

    inventory: Inventory
    handle: ClusterHandle
    values: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def version() -> str:
    return VERSION


@pytest.fixture
def plan_of() -> Callable[..., ClusterPlan]:
    return make_plan


@pytest.fixture
def run(mocks: Inventory) -> Callable[[Callable[[], Any]], dict[str, Any]]:
    """Run a program under this test's mocks; return the resolved dict of Outputs it returned.

    Assertions go after `run`: by then every registration (not just the awaited outputs) is recorded.
    """

    def execute(program: Callable[[], Mapping[str, Any]]) -> dict[str, Any]:
        values: dict[str, Any] = {}

        @pulumi.runtime.test  # type: ignore[untyped-decorator]
        def main() -> pulumi.Output[None]:
            return pulumi.Output.all(**program()).apply(values.update)

        main()
        return values

    return execute


@pytest.fixture
def render(mocks: Inventory) -> Callable[[ClusterPlan], Rendered]:
    """Run `build("mlplatform", plan, root)` under this test's fresh mocks and wait for every registration."""

    def run(plan: ClusterPlan) -> Rendered:
        out: list[Rendered] = []

        @pulumi.runtime.test  # type: ignore[untyped-decorator]
        def program() -> pulumi.Output[None]:
            root = pulumi.ComponentResource("mlplatform:test:Root", "root")
            handle = build("mlplatform", plan, root)
            rendered = Rendered(mocks, handle)
            out.append(rendered)
            names = pulumi.Output.all(**handle.pool_names)
            return pulumi.Output.all(
                kubeconfig=pulumi.Output.unsecret(handle.kubeconfig),
                name=handle.name,
                endpoint=handle.endpoint,
                pool_names=names,
            ).apply(rendered.values.update)

        program()
        return out[0]

    return run
