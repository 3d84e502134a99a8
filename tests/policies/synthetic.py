"""A synthetic stack that passes every rule of both packs: one of each resource type the rules read.

Props are written in the providers' wire names (checked against the installed SDKs); a test mutates one
value and asserts the exact verdicts. Buckets' and databases' siblings point at their parent through
property dependencies, as a program passing `bucket=bucket.id` does.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.policy import StackVerdicts, run_packs
from mlplatform.policy.packs import PACKS
from tests.policies.synthetic_azure import KEY_VAULT_RESOURCES
from tests.policies.synthetic_cloud import CLOUD_RESOURCES
from tests.policies.synthetic_cloud import TAGS as TAGS
from tests.policies.synthetic_k8s import K8S_RESOURCES

STACK, PROJECT = "synthetic", "mlplatform"
CONFIG = {"aws:region": "us-east-1", "gcp:region": "us-central1", "azure-native:location": "eastus"}


def urn(resource_type: str, name: str) -> str:
    return f"urn:pulumi:{STACK}::{PROJECT}::{resource_type}::{name}"


# name -> (type, inputs, {property: parent name}, protect), cloud resources first
RESOURCES = {**CLOUD_RESOURCES, **KEY_VAULT_RESOURCES, **K8S_RESOURCES}


def inputs(name: str) -> dict[str, Any]:
    """A deep copy of one resource's inputs, to mutate."""
    return copy.deepcopy(RESOURCES[name][1])


DROP = object()  # as a value in `mutated`: remove the key


def mutated(name: str, *edits: tuple[tuple[str | int, ...], Any]) -> dict[str, dict[str, Any] | None]:
    """``changes`` for `inventory`: resource ``name`` with each (path, value) set (or dropped with DROP)."""
    props = inputs(name)
    for path, value in edits:
        target: Any = props
        for step in path[:-1]:
            target = target[step]
        if value is DROP:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return {name: props}


def inventory(
    changes: Mapping[str, dict[str, Any] | None] | None = None, protect: Mapping[str, bool] | None = None
) -> Inventory:
    """The synthetic stack; ``changes`` replaces a resource's inputs (None drops the resource)."""
    changes = changes or {}
    regs = []
    for name, (kind, props, parents, protected) in RESOURCES.items():
        if name in changes and changes[name] is None:
            continue
        deps = {key: (urn(RESOURCES[p][0], p),) for key, p in parents.items() if p in RESOURCES}
        regs.append(
            Registration(
                urn=urn(kind, name),
                type=kind,
                name=name,
                parent="",
                custom=True,
                inputs=copy.deepcopy(changes.get(name, props)),
                dependencies=tuple(sorted({d for urns in deps.values() for d in urns})),
                protect=(protect or {}).get(name, protected),
                property_dependencies=deps,
            )
        )
    return Inventory(stack=STACK, registrations=regs)


def verdicts(
    changes: Mapping[str, dict[str, Any] | None] | None = None,
    configs: Mapping[str, Mapping[str, Any]] | None = None,
    protect: Mapping[str, bool] | None = None,
) -> StackVerdicts:
    return run_packs(PACKS, inventory(changes, protect), PROJECT, CONFIG, configs)


def found(result: StackVerdicts) -> list[tuple[str, str, str, str]]:
    """(policy, kind, resource, message) of every verdict, sorted."""
    return sorted((v.policy, v.kind, v.resource, v.message) for v in result.verdicts)


# The advisory verdicts of the synthetic dev database (HA and a general-purpose class), shared by the cost and the
# data rules' tables.
SMALL_DB_IN_DEV = [
        (
            "small-databases-in-dev",
            "violation",
            "db",
            "database db is highly available in dev; one zone is enough there",
        ),
        (
            "small-databases-in-dev",
            "violation",
            "db",
            "database db uses db.m7g.large in dev; use one of db.t4g., db.t3., db-f1-micro, db-g1-small, "
            "db-custom-1-, db-custom-2-, Standard_B",
        ),
]
