"""Helpers for the AWS component tests: tiny blueprints, and a render that returns the finished inventory."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from components.aws import build
from components.plan import ClusterPlan, plan_platform
from components.spec import load_blueprint
from mlplatform.engine.inventory import Inventory, Registration
from tests.blueprints import ADMINS
from tests.cloud_build import Built, build_under_mocks

ZONES = ("use1-az1", "use1-az2", "use1-az4")  # a us-east-1 regional cluster's AZ IDs: use1-az3 is not EKS-capable
GPU_POOL = {"name": "gpu", "accelerator": "nvidia-l4", "acceleratorsPerNode": 1, "maxNodes": 3}


def plan_of(
    environment: str = "dev",
    *,
    pools: list[dict[str, Any]] | None = None,
    network: dict[str, Any] | None = None,
    services: dict[str, Any] | None = None,
    tags: dict[str, str] | None = None,
    **cluster: Any,
) -> ClusterPlan:
    """A small AWS blueprint planned: one L4 pool by default; `cluster` keys override the cluster section."""
    return plan_platform(load_blueprint({
        **({"network": network} if network is not None else {}),
        **({"services": services} if services is not None else {}),
        "cloud": "aws",
        "region": "us-east-1",
        "environment": environment,
        "tags": {"team": "ml"} if tags is None else tags,
        "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["aws"],
                    **({"systemPool": {"nodes": 3}} if environment == "prod" else {}),
                    **cluster},
        "nodePools": [GPU_POOL] if pools is None else pools,
    }))


Rendered = Built


def render(inventory: Inventory, plan: ClusterPlan) -> Rendered:
    """Build `plan` under the installed mocks; return once every registration has been recorded."""
    return build_under_mocks(build, plan, inventory)


def fresh_render(plan: ClusterPlan) -> Rendered:
    return build_under_mocks(build, plan)


@pytest.fixture(scope="session")
def dev() -> Iterator[Rendered]:
    yield fresh_render(plan_of("dev"))


@pytest.fixture(scope="session")
def prod() -> Iterator[Rendered]:
    yield fresh_render(plan_of("prod"))


def by_name(regs: list[Registration]) -> Mapping[str, Registration]:
    return {r.name: r for r in regs}
