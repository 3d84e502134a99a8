"""Helpers for the AWS component tests: tiny blueprints, and a render that returns the finished inventory."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pytest

from components.aws import build
from components.handle import ClusterHandle
from components.plan import ClusterPlan, plan_platform
from components.spec import load_blueprint
from mlplatform.inventory import Inventory, Registration
from mlplatform.mocks import install_mocks

GPU_POOL = {"name": "gpu", "accelerator": "nvidia-l4", "acceleratorsPerNode": 1, "maxNodes": 3}


def plan_of(environment: str = "dev", *, pools: list[dict[str, Any]] | None = None, **cluster: Any) -> ClusterPlan:
    """A small AWS blueprint planned: one L4 pool by default; `cluster` keys override the cluster section."""
    return plan_platform(load_blueprint({
        "cloud": "aws",
        "region": "us-east-1",
        "environment": environment,
        "tags": {"team": "ml"},
        "cluster": {"kubernetesVersion": "1.34", **({"systemPool": {"nodes": 3}} if environment == "prod" else {}),
                    **cluster},
        "nodePools": [GPU_POOL] if pools is None else pools,
    }))


class Root(pulumi.ComponentResource):
    """Stands in for Platform as the parent `build` is given; records every child's replacement options."""

    def __init__(self, ignored: dict[tuple[str, str], list[str]], delete_first: set[tuple[str, str]]) -> None:
        def record(args: pulumi.ResourceTransformationArgs) -> None:
            ignored[(args.type_, args.name)] = list(args.opts.ignore_changes or [])
            if args.opts.delete_before_replace:
                delete_first.add((args.type_, args.name))

        opts = pulumi.ResourceOptions(transformations=[record])
        super().__init__("mlplatform:index:Platform", "mlplatform", None, opts)


@dataclass
class Rendered:
    inventory: Inventory
    plan: ClusterPlan
    values: dict[str, Any] = field(default_factory=dict)  # resolved handle outputs
    ignored: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (type, name) -> ignore_changes
    delete_first: set[tuple[str, str]] = field(default_factory=set)  # (type, name) with delete_before_replace

    def one(self, type_token: str) -> Registration:
        [found] = self.inventory.of_type(type_token)
        return found

    def named(self, name: str, type_token: str) -> Registration:
        [found] = [r for r in self.inventory.of_type(type_token) if r.name == name]
        return found

    def component(self, type_token: str, name: str) -> Registration:
        return self.named(name, type_token)


def render(inventory: Inventory, plan: ClusterPlan) -> Rendered:
    """Build `plan` under the installed mocks; return once every registration has been recorded."""
    out = Rendered(inventory=inventory, plan=plan)

    @pulumi.runtime.test
    def run() -> pulumi.Output[Any]:
        handle: ClusterHandle = build("mlplatform", plan, Root(out.ignored, out.delete_first))
        out.values["handle"] = handle

        def keep(values: list[Any]) -> None:
            out.values.update(name=values[0], endpoint=values[1], kubeconfig=values[2],
                              pool_names=dict(zip(handle.pool_names, values[3:], strict=True)))

        return pulumi.Output.all(
            handle.name, handle.endpoint, pulumi.Output.unsecret(handle.kubeconfig), *handle.pool_names.values()
        ).apply(keep)

    run()
    return out


def fresh_render(plan: ClusterPlan) -> Rendered:
    return render(install_mocks(project="mlplatform", stack="test"), plan)


@pytest.fixture(scope="session")
def dev() -> Iterator[Rendered]:
    yield fresh_render(plan_of("dev"))


@pytest.fixture(scope="session")
def prod() -> Iterator[Rendered]:
    yield fresh_render(plan_of("prod"))


def by_name(regs: list[Registration]) -> Mapping[str, Registration]:
    return {r.name: r for r in regs}
