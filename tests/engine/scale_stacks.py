"""Committed stacks grown to many accelerator pools (the scale tests; benchmarks/probe.py builds the same shape)."""

from __future__ import annotations

import copy
from dataclasses import replace

from mlplatform.engine.stackfile import BLUEPRINT_KEY, StackFile, read_stack_file
from tests.engine.stacks import ROOT

# What registers one accelerator pool's capacity, per cloud (the system pool carries the same type).
POOL_TYPES = (
    "aws:eks/nodeGroup:NodeGroup", "gcp:container/nodePool:NodePool", "azure-native:containerservice:AgentPool",
)
IN_CLUSTER = "kubernetes:"  # type prefix of every resource the cluster's Kubernetes provider creates


def with_pools(stack_name: str, total: int) -> StackFile:
    """The committed stack with copies of its first pool appended (p2, p3, ...) up to `total` pools, each with a
    one-worker Ray group; the budget dropped (a scale test prices nothing). Same stack name (so the same URNs);
    rendered in memory, no file written."""
    stack = read_stack_file(ROOT / "stacks" / f"Pulumi.{stack_name}.yaml")
    config = copy.deepcopy(stack.config)
    blueprint = config[BLUEPRINT_KEY]
    pools = blueprint["nodePools"]
    first = pools[0]
    added = [{**first, "name": f"p{i}"} for i in range(len(pools), total)]
    blueprint["nodePools"] = [*pools, *added]
    ray = blueprint["services"]["ray"]
    ray["workers"] = [*ray["workers"], *({"pool": p["name"], "maxWorkers": 1} for p in added)]
    blueprint.pop("budget", None)
    # the same stack name, so the URNs of what the committed stack registers stay the same
    return replace(stack, config=config, path=stack.path.with_name(f"Pulumi.{stack.stack}-pools{total}.yaml"))
