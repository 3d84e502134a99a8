"""The HA multiplier of each managed Postgres is what its pricing source states, read from the source's own text.

`fixed_costs.HA_MULTIPLIER` bills a highly available database as that many copies. Each cloud's pricing source
records what was read: RDS's Single-AZ and Multi-AZ hourly figures (their ratio), Cloud SQL's "HA (regional)
instances bill twice", Azure's "zone-redundant HA bills the standby's compute and storage as well" (one standby:
two copies).
"""

from __future__ import annotations

import re

from components.catalog import fixed_costs as fc
from components.catalog import fixed_sources as src
from components.spec.enums import Cloud


def test_each_ha_multiplier_is_the_one_its_pricing_source_states() -> None:
    rds = re.search(r"\$([\d.]+)/h Single-AZ, \$([\d.]+)/h Multi-AZ", src.RDS_T4G_PRICING.title)
    assert rds is not None
    stated = {
        Cloud.AWS: float(rds[2]) / float(rds[1]),
        Cloud.GCP: 2 if "HA (regional) instances bill twice" in src.CLOUD_SQL_PRICING.title else 0,
        Cloud.AZURE: 2 if "HA bills the standby's compute and storage as well" in src.AZURE_POSTGRES_PRICING.title
        else 0,
    }

    assert dict(fc.HA_MULTIPLIER) == stated
