"""The packs' config as a user gets it with no config file (every default, exact) and the lower bounds of the
cost ceilings and the backup days on both sides: pack modules only run at import, so a mutation run found none of
this pinned (tools/README.md).
Defaults and minimums reach the engine the way the Pulumi CLI applies them (mlplatform/policy/config.py)."""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from mlplatform.policy import PolicyConfigError, settings
from policies.cost_guardrails import pools
from policies.cost_guardrails.pack import PACK as COST
from policies.security_baseline.pack import PACK as SECURITY

PREFIX = "validating policy config: mlplatform-cost-guardrails 0.1.0  "
DEFAULTS: dict[str, dict[str, Any]] = {
    "accelerator-pools-on-spot": {"onDemandEnvironments": ["prod"]},
    "accelerator-pools-scale-to-zero": {"exemptPools": []},
    "pool-max-nodes": {"maxNodesPerPool": 16.0},
    "stack-accelerators-at-full-scale": {"maxAcceleratorsAtFullScale": 96.0,
                                         "maxAcceleratorsAtFullScaleByEnvironment": {"dev": 48.0, "staging": 64.0}},
    "stack-hourly-cost": {
        "maxUsdPerHourAtFullScale": 1000.0, "maxUsdPerHourIdle": 25.0,
        "maxUsdPerHourAtFullScaleByEnvironment": {"dev": 150.0, "staging": 400.0},
        "maxUsdPerHourIdleByEnvironment": {"dev": 10.0, "staging": 15.0},
        "priceBook": catalog.DEFAULT_PRICE_BOOK,
    },
    "accelerator-allowlists": {"allowedAccelerators": pools.catalog_accelerators(),
                               "allowedRegions": pools.catalog_regions()},
    "accelerator-pools-tainted": {},
    "aws-spot-diversified": {},
    "system-pool-on-demand": {},
    "stateful-workloads-on-demand": {},
    "cost-allocation-tags": {"requiredTags": ["team", "cost-center", "mlplatform-environment"]},
    "small-databases-in-dev": {
        "smallEnvironments": ["dev"],
        "smallDatabaseClasses": ["db.t4g.", "db.t3.", "db-f1-micro", "db-g1-small", "db-custom-1-", "db-custom-2-",
                                 "Standard_B"],
    },
}
ADVISORY = {"aws-spot-diversified", "small-databases-in-dev"}


def test_without_a_config_every_policy_gets_its_schema_defaults_and_level() -> None:
    chosen = settings(COST, {})
    assert {name: s.config for name, s in chosen.items()} == DEFAULTS
    assert {name for name, s in chosen.items() if s.level.value == "advisory"} == ADVISORY
    assert {s.level.value for name, s in chosen.items() if name not in ADVISORY} == {"mandatory"}


# Each ceiling accepts 0 (a stack held to no accelerators, or no idle spend) and refuses anything below.
@pytest.mark.parametrize(("policy", "key", "below"), [
    ("stack-accelerators-at-full-scale", "maxAcceleratorsAtFullScale", -1),
    ("stack-hourly-cost", "maxUsdPerHourAtFullScale", -0.5),
    ("stack-hourly-cost", "maxUsdPerHourIdle", -0.5),
])
def test_ceilings_accept_zero_and_refuse_below(policy: str, key: str, below: float) -> None:
    assert settings(COST, {policy: {key: 0}})[policy].config[key] == 0
    with pytest.raises(PolicyConfigError) as refused:
        settings(COST, {policy: {key: below}})
    assert str(refused.value) == f"{PREFIX}{policy}: {key}: Must be greater than or equal to 0"


def test_security_defaults_and_the_backup_days_minimum_of_one() -> None:
    chosen = settings(SECURITY, {})
    assert {name: dict(s.config) for name, s in chosen.items() if s.config} == {
        "databases-backed-up": {"minBackupRetentionDays": 7.0},
        "databases-deletion-protected": {"protectedEnvironments": ["prod"]},
        "databases-highly-available": {"haEnvironments": ["prod"]},
    }
    assert settings(SECURITY, {"databases-backed-up": {"minBackupRetentionDays": 1}})[
        "databases-backed-up"].config["minBackupRetentionDays"] == 1
    with pytest.raises(PolicyConfigError) as refused:
        settings(SECURITY, {"databases-backed-up": {"minBackupRetentionDays": 0}})
    assert str(refused.value) == ("validating policy config: mlplatform-security-baseline 0.1.0  databases-backed-up: "
                                  "minBackupRetentionDays: Must be greater than or equal to 1")
