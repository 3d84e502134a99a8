"""Helpers for the Azure component tests: tiny blueprints, and a render that returns the finished inventory."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from components import catalog
from components.azure import build
from components.plan import ClusterPlan, plan_platform
from components.spec import Cloud, load_blueprint
from mlplatform.engine.inventory import Inventory, Registration
from tests.blueprints import ADMINS
from tests.cloud_build import Built, build_under_mocks

VERSION = catalog.supported_versions(Cloud.AZURE)[0]
ADMIN = ADMINS["azure"][0]
SPOT_POOL = {"name": "a100-spot", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 1, "maxNodes": 4}
PLATFORM_URN = "urn:pulumi:test::mlplatform::pulumi:pulumi:Stack$mlplatform:index:Platform::mlplatform"


def blueprint(environment: str = "dev", *, pools: list[dict[str, Any]] | None = None,
              network: dict[str, Any] | None = None, services: dict[str, Any] | None = None,
              **cluster: Any) -> dict[str, Any]:
    """A small Azure blueprint: one A100 pool by default; `cluster` keys override the cluster section."""
    return {
        **({"network": network} if network is not None else {}),
        **({"services": services} if services is not None else {}),
        "cloud": "azure",
        "region": "eastus",
        "environment": environment,
        "tags": {"team": "ml"},
        "cluster": {"kubernetesVersion": VERSION, "admins": ADMINS["azure"],
                    **({"systemPool": {"nodes": 3}} if environment == "prod" else {}),
                    **cluster},
        "nodePools": [SPOT_POOL] if pools is None else pools,
    }


def plan_of(environment: str = "dev", *, pools: list[dict[str, Any]] | None = None,
            network: dict[str, Any] | None = None, services: dict[str, Any] | None = None,
            **cluster: Any) -> ClusterPlan:
    return plan_platform(load_blueprint(blueprint(environment, pools=pools, network=network, services=services,
                                                  **cluster)))


def tags(environment: str) -> dict[str, str]:
    return {"team": "ml", "mlplatform-platform": "mlplatform", "mlplatform-environment": environment,
            "mlplatform-managed-by": "pulumi"}


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
    """On-demand A100 pool (prod default) plus a capped spot T4 pool and a reserved A100 x4 pool (NC A100 v4: Azure
    reserves no ND-series size, so an H100 x8 pool cannot be reserved)."""
    yield fresh_render(plan_of("prod", pools=[
        {**SPOT_POOL, "name": "a100"},
        {"name": "t4-spot", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 2,
         "capacity": "spot", "spotMaxPrice": 0.12345},
        {"name": "a100-rsv", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 4, "minNodes": 1, "maxNodes": 2,
         "capacity": "reserved", "reservation": RESERVATION, "reservationZone": "1"},
    ]))


RESERVATION = ("/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-capacity"
               "/providers/Microsoft.Compute/capacityReservationGroups/crg-h100")


def by_name(regs: list[Registration]) -> Mapping[str, Registration]:
    return {r.name: r for r in regs}
