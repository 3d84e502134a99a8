"""The cost guardrails pack: its policies, their levels and config schemas with defaults."""

from __future__ import annotations

from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidationPolicy,
    StackValidationPolicy,
)

from components import catalog
from components.plan import TAG_ENVIRONMENT
from policies.cost_guardrails import budget, pools, services
from policies.pack import Pack

MANDATORY, ADVISORY = EnforcementLevel.MANDATORY, EnforcementLevel.ADVISORY


def _schema(**properties: dict[str, Any]) -> PolicyConfigSchema:
    return PolicyConfigSchema(properties=dict(properties))


def _strings(default: list[str], description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}, "default": default, "description": description}


def _number(default: float, description: str) -> dict[str, Any]:
    return {"type": "number", "minimum": 0, "default": default, "description": description}


def _by_environment(default: dict[str, float], what: str) -> dict[str, Any]:
    """A ceiling per environment (tag or label of the stack's pools); the lower of it and the pack-wide one holds."""
    return {"type": "object", "default": default, "description": f"{what} per environment, e.g. {{\"dev\": 1}}"}


PACK = Pack(
    folder="cost_guardrails",
    name="mlplatform-cost-guardrails",
    description="Spot and cost guardrails for mlplatform stacks, priced with the platform's catalog.",
    policies=(
        ResourceValidationPolicy(
            name="accelerator-pools-on-spot",
            description="Accelerator pools run on spot outside the environments allowed on-demand or reserved.",
            validate=pools.accelerator_pools_on_spot,
            enforcement_level=MANDATORY,
            config_schema=_schema(
                onDemandEnvironments=_strings(["prod"], "environments whose accelerator pools may be on-demand")
            ),
        ),
        ResourceValidationPolicy(
            name="accelerator-pools-scale-to-zero",
            description="Accelerator pools scale to zero when idle (multi-host TPU slices are all-or-nothing).",
            validate=pools.accelerator_pools_scale_to_zero,
            enforcement_level=MANDATORY,
            config_schema=_schema(exemptPools=_strings([], "pool names allowed a minimum above zero")),
        ),
        ResourceValidationPolicy(
            name="pool-max-nodes",
            description="Every pool's maximum size stays under a ceiling.",
            validate=pools.pool_max_nodes,
            enforcement_level=MANDATORY,
            config_schema=_schema(
                maxNodesPerPool={"type": "integer", "minimum": 1, "default": 16, "description": "nodes per pool"}
            ),
        ),
        StackValidationPolicy(
            name="stack-accelerators-at-full-scale",
            description="Accelerators (GPUs, TPU chips) of the whole stack at full scale stay under a ceiling, "
            "the lower of the pack-wide one and its environment's.",
            validate=budget.stack_accelerators,
            enforcement_level=MANDATORY,
            config_schema=_schema(
                maxAcceleratorsAtFullScale={"type": "integer", "minimum": 0, "default": 96, "description": "chips"},
                maxAcceleratorsAtFullScaleByEnvironment=_by_environment({"dev": 48, "staging": 64}, "chips"),
            ),
        ),
        StackValidationPolicy(
            name="stack-hourly-cost",
            description="The stack's node cost at idle and at full scale stays under USD-per-hour ceilings, the lowest "
            "of the pack-wide one, its environment's and (at full scale) its blueprint's budget (a dev stack with "
            "dozens of on-demand H100s fails).",
            validate=budget.stack_cost,
            enforcement_level=MANDATORY,
            config_schema=_schema(
                maxUsdPerHourAtFullScale=_number(1000.0, "USD/h with every pool at maxNodes"),
                maxUsdPerHourIdle=_number(25.0, "USD/h with every pool at minNodes"),
                maxUsdPerHourAtFullScaleByEnvironment=_by_environment({"dev": 150.0, "staging": 400.0}, "USD/h"),
                maxUsdPerHourIdleByEnvironment=_by_environment({"dev": 10.0, "staging": 15.0}, "USD/h"),
                priceBook={
                    "type": "string",
                    "enum": sorted(catalog.PRICE_BOOKS),
                    "default": catalog.DEFAULT_PRICE_BOOK,
                    "description": "catalog price book (as in the blueprint's budget.priceBook)",
                },
            ),
        ),
        ResourceValidationPolicy(
            name="accelerator-allowlists",
            description="Accelerator pools use allowed accelerators in allowed regions.",
            validate=pools.accelerator_allowlists,
            enforcement_level=MANDATORY,
            config_schema=_schema(
                allowedAccelerators=_strings(pools.catalog_accelerators(), "accelerators (catalog names)"),
                allowedRegions=_strings(pools.catalog_regions(), "regions (cloud names)"),
            ),
        ),
        ResourceValidationPolicy(
            name="accelerator-pools-tainted",
            description="Accelerator pools carry the NoSchedule accelerator taint so nothing else lands there.",
            validate=pools.accelerator_pools_tainted,
            enforcement_level=MANDATORY,
        ),
        ResourceValidationPolicy(
            name="aws-spot-diversified",
            description="AWS spot pools list every equivalent instance type the catalog has.",
            validate=pools.aws_spot_diversified,
            enforcement_level=ADVISORY,
        ),
        ResourceValidationPolicy(
            name="system-pool-on-demand",
            description="The system pool never runs on spot.",
            validate=pools.system_pool_on_demand,
            enforcement_level=MANDATORY,
        ),
        ResourceValidationPolicy(
            name="stateful-workloads-on-demand",
            description="StatefulSets never select or tolerate spot nodes.",
            validate=services.stateful_workloads_on_demand,
            enforcement_level=MANDATORY,
        ),
        ResourceValidationPolicy(
            name="cost-allocation-tags",
            description="Clusters, pools, buckets and databases carry cost-allocation tags (GCP: labels).",
            validate=services.cost_allocation_tags,
            enforcement_level=MANDATORY,
            config_schema=_schema(requiredTags=_strings(["team", "cost-center", TAG_ENVIRONMENT], "tag or label keys")),
        ),
        ResourceValidationPolicy(
            name="small-databases-in-dev",
            description="Databases outside prod are single-zone and small.",
            validate=services.small_databases_in_dev,
            enforcement_level=ADVISORY,
            config_schema=_schema(
                smallEnvironments=_strings(["dev"], "environments held to small databases"),
                smallDatabaseClasses=_strings(
                    ["db.t4g.", "db.t3.", "db-f1-micro", "db-g1-small", "db-custom-1-", "db-custom-2-", "Standard_B"],
                    "instance class / tier prefixes that count as small",
                ),
            ),
        ),
    ),
)
