"""Fixtures for GCP component tests: plans from tiny blueprints, and a full `build` rendered under mocks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pulumi
import pytest

from components import catalog
from components.gcp import build
from components.plan import ClusterPlan, plan_platform
from components.spec import Cloud, load_blueprint
from mlplatform.engine.inventory import Inventory
from tests.blueprints import ADMINS
from tests.cloud_build import Built, build_under_mocks

VERSION = catalog.supported_versions(Cloud.GCP)[-1]
"""The newest supported GKE minor: the tests pin behaviour, not the catalog's calendar."""

BASE: Mapping[str, Any] = {
    "cloud": "gcp",
    "region": "us-central1",
    "environment": "dev",
    "tags": {"team": "ml"},
    "cluster": {"kubernetesVersion": VERSION, "admins": ADMINS["gcp"]},
}


def make_plan(**overrides: Any) -> ClusterPlan:
    """A plan from BASE with top-level keys replaced (e.g. nodePools=[...], environment="prod")."""
    return plan_platform(load_blueprint({**BASE, **overrides}))


Rendered = Built


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
    return lambda plan: build_under_mocks(build, plan, mocks, root=("mlplatform:test:Root", "root"))
