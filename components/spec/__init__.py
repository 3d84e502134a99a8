"""WHAT: the cloud-neutral blueprint (pydantic models, validation). No cloud SDK imports."""

from components.spec.enums import (
    Accelerator,
    AcceleratorKind,
    Availability,
    Capacity,
    Cloud,
    Environment,
    ServiceSize,
    SystemSize,
)
from components.spec.errors import BlueprintError, Problem
from components.spec.load import load_blueprint
from components.spec.models import Blueprint, Budget, ClusterSpec, EndpointAccess, NodePoolSpec, SystemPool
from components.spec.rules_capacity import effective_capacity, effective_tiers

__all__ = [
    "Accelerator",
    "AcceleratorKind",
    "Availability",
    "Blueprint",
    "BlueprintError",
    "Budget",
    "Capacity",
    "Cloud",
    "ClusterSpec",
    "EndpointAccess",
    "Environment",
    "NodePoolSpec",
    "Problem",
    "ServiceSize",
    "SystemPool",
    "SystemSize",
    "effective_capacity",
    "effective_tiers",
    "load_blueprint",
]
