"""Helpers for the Azure component tests: tiny blueprints, and a render that returns the finished inventory."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pytest
from pulumi.runtime.mocks import MockCallArgs

from components import catalog
from components.azure import build
from components.handle import ClusterHandle
from components.plan import ClusterPlan, plan_platform
from components.spec import Cloud, load_blueprint
from mlplatform.inventory import Inventory, Registration
from mlplatform.mock_outputs import invoke_result
from mlplatform.mocks import PlatformMocks, install_mocks

VERSION = catalog.supported_versions(Cloud.AZURE)[0]
SPOT_POOL = {"name": "a100-spot", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 1, "maxNodes": 4}
PLATFORM_URN = "urn:pulumi:test::mlplatform::pulumi:pulumi:Stack$mlplatform:index:Platform::mlplatform"


def blueprint(environment: str = "dev", *, pools: list[dict[str, Any]] | None = None, **cluster: Any) -> dict[str, Any]:
    """A small Azure blueprint: one A100 pool by default; `cluster` keys override the cluster section."""
    return {
        "cloud": "azure",
        "region": "eastus",
        "environment": environment,
        "tags": {"team": "ml"},
        "cluster": {"kubernetesVersion": VERSION, **({"systemPool": {"nodes": 3}} if environment == "prod" else {}),
                    **cluster},
        "nodePools": [SPOT_POOL] if pools is None else pools,
    }


def plan_of(environment: str = "dev", *, pools: list[dict[str, Any]] | None = None, **cluster: Any) -> ClusterPlan:
    return plan_platform(load_blueprint(blueprint(environment, pools=pools, **cluster)))


def tags(environment: str) -> dict[str, str]:
    return {"team": "ml", "mlplatform-platform": "mlplatform", "mlplatform-environment": environment,
            "mlplatform-managed-by": "pulumi"}


class Root(pulumi.ComponentResource):
    """Stands in for Platform as the parent `build` is given; records every child's ignore_changes."""

    def __init__(self, ignored: dict[tuple[str, str], list[str]]) -> None:
        def record(args: pulumi.ResourceTransformationArgs) -> None:
            ignored[(args.type_, args.name)] = list(args.opts.ignore_changes or [])

        super().__init__("mlplatform:index:Platform", "mlplatform", None,
                         pulumi.ResourceOptions(transformations=[record]))


@dataclass
class Rendered:
    inventory: Inventory
    plan: ClusterPlan
    values: dict[str, Any] = field(default_factory=dict)  # resolved handle outputs
    ignored: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (type, name) -> ignore_changes
    invokes: list[str] = field(default_factory=list)  # invoke tokens, in call order

    def one(self, type_token: str) -> Registration:
        [found] = self.inventory.of_type(type_token)
        return found

    def named(self, name: str, type_token: str) -> Registration:
        [found] = [r for r in self.inventory.of_type(type_token) if r.name == name]
        return found


@contextmanager
def recorded_invokes(calls: list[str]) -> Iterator[None]:
    """Record the invoke tokens the program calls (answers come from mlplatform/mock_outputs as usual)."""
    original = PlatformMocks.call

    def call(self: PlatformMocks, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        calls.append(args.token)
        return invoke_result(args.token, args.args), []

    PlatformMocks.call = call  # type: ignore[method-assign]
    try:
        yield
    finally:
        PlatformMocks.call = original  # type: ignore[method-assign]


def render(inventory: Inventory, plan: ClusterPlan) -> Rendered:
    """Build `plan` under the installed mocks; return once every registration has been recorded."""
    out = Rendered(inventory=inventory, plan=plan)

    @pulumi.runtime.test
    def run() -> pulumi.Output[Any]:
        handle: ClusterHandle = build("mlplatform", plan, Root(out.ignored))
        out.values["handle"] = handle

        def keep(values: list[Any]) -> None:
            out.values.update(name=values[0], endpoint=values[1], kubeconfig=values[2], kubeconfig_secret=values[3],
                              pool_names=dict(zip(handle.pool_names, values[4:], strict=True)))

        return pulumi.Output.all(
            handle.name, handle.endpoint, pulumi.Output.unsecret(handle.kubeconfig),
            pulumi.Output.is_secret(handle.kubeconfig), *handle.pool_names.values()
        ).apply(keep)

    with recorded_invokes(out.invokes):
        run()
    return out


def fresh_render(plan: ClusterPlan) -> Rendered:
    return render(install_mocks(project="mlplatform", stack="test"), plan)


@pytest.fixture(scope="session")
def dev() -> Iterator[Rendered]:
    yield fresh_render(plan_of("dev"))


@pytest.fixture(scope="session")
def prod() -> Iterator[Rendered]:
    """On-demand A100 pool (prod default) plus a capped spot T4 pool and a reserved H100 pool."""
    yield fresh_render(plan_of("prod", pools=[
        {**SPOT_POOL, "name": "a100"},
        {"name": "t4-spot", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "maxNodes": 2,
         "capacity": "spot", "spotMaxPrice": 0.12345},
        {"name": "h100", "accelerator": "nvidia-h100-80gb", "acceleratorsPerNode": 8, "minNodes": 1, "maxNodes": 2,
         "capacity": "reserved", "reservation": RESERVATION},
    ]))


RESERVATION = ("/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-capacity"
               "/providers/Microsoft.Compute/capacityReservationGroups/crg-h100")


def by_name(regs: list[Registration]) -> Mapping[str, Registration]:
    return {r.name: r for r in regs}
