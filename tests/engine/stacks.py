"""The committed stacks and what a render of one yields (shared by the engine tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from components.plan import ClusterPlan
from components.spec import Blueprint
from components.spec.stackconfig import blueprint_from_stack
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.stackfile import StackFile, committed_stacks

ROOT = Path(__file__).resolve().parents[2]
STACK_FILES = committed_stacks(ROOT)


@dataclass(frozen=True)
class Rendered:
    stack: StackFile
    blueprint: Blueprint
    plan: ClusterPlan
    inventory: Inventory


def blueprint_of(stack: StackFile) -> Blueprint:
    return blueprint_from_stack(stack.blueprint, lambda ns, key: stack.config.get(f"{ns}:{key}"))
