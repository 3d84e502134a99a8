"""`small-databases-in-dev` on each cloud's database, both sides of each condition it reads: the type, the HA
setting (RDS multiAz, Cloud SQL availabilityType REGIONAL, Azure highAvailability.mode other than Disabled) and
the size class (a small class passes; none given is reported)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policies.synthetic import DROP, TAGS, mutated, verdicts

DEV = {**TAGS, "mlplatform-environment": "dev"}
SMALL = "db.t4g., db.t3., db-f1-micro, db-g1-small, db-custom-1-, db-custom-2-, Standard_B"


def _ha(name: str) -> str:
    return f"database {name} is highly available in dev; one zone is enough there"


def _size(name: str, size: str) -> str:
    return f"database {name} uses {size} in dev; use one of {SMALL}"


def _small_db_messages(changes: dict[str, Any]) -> list[str]:
    return sorted(v.message for v in verdicts(changes).verdicts if v.policy == "small-databases-in-dev")


SQL_DEV = (("settings", "userLabels"), DEV)
CASES = [
    ("sql-regional-big", mutated("sql", SQL_DEV), [_ha("sql"), _size("sql", "db-custom-4-16384")]),
    (
        "sql-zonal-small",
        mutated(
            "sql", SQL_DEV, (("settings", "availabilityType"), "ZONAL"), (("settings", "tier"), "db-custom-2-7680")
        ),
        [],
    ),
    ("pg-zone-redundant-big", mutated("pg", (("tags",), DEV)), [_ha("pg"), _size("pg", "Standard_D4ds_v5")]),
    (
        "pg-disabled-small",
        mutated("pg", (("tags",), DEV), (("highAvailability", "mode"), "Disabled"), (("sku", "name"), "Standard_B2s")),
        [],
    ),
    (
        "pg-no-ha-small",
        mutated("pg", (("tags",), DEV), (("highAvailability",), DROP), (("sku", "name"), "Standard_B2s")),
        [],
    ),
    (
        "rds-single-small",
        mutated("db", (("tags",), DEV), (("multiAz",), False), (("instanceClass",), "db.t4g.micro")),
        [],
    ),
    (
        "rds-no-class",
        mutated("db", (("tags",), DEV), (("multiAz",), False), (("instanceClass",), DROP)),
        [_size("db", "no explicit size")],
    ),
    ("rds-prod-big-ha", {}, []),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_small_databases_in_dev(changes: dict[str, Any], expected: list[str]) -> None:
    assert _small_db_messages(changes) == sorted(expected)
