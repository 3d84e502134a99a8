"""Internet egress priced across a tier boundary (`egress.one_off_usd`): the gigabytes just past a tier are priced at
the next tier's rate, down to the last half gigabyte. A mutation run stopped the sum up to 1 GB early and no test
noticed (tools/README.md). Rates are the catalog rows' (AWS: 100 GB free, $0.09/GB to 10 TB, then $0.085,
https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer, 2026-02-24; GCP Premium Tier: $0.12/GiB to 1 TiB,
then $0.11, https://cloud.google.com/vpc/network-pricing#internet_egress, 2026-11-30)."""

from __future__ import annotations

import pytest

from components.catalog.egress import one_off_usd
from components.spec import Cloud


@pytest.mark.parametrize(("cloud", "gb", "usd"), [
    (Cloud.AWS, 100, 0.0),  # the free allowance
    (Cloud.AWS, 10240, 912.6),  # 10,140 GB at $0.09: the first tier exactly
    (Cloud.AWS, 10240.5, 912.64),  # + 0.5 GB at $0.085
    (Cloud.AWS, 10241, 912.69),  # + 1 GB at $0.085
    (Cloud.GCP, 1024, 122.88),  # 1,024 GiB at $0.12
    (Cloud.GCP, 1025, 122.99),  # + 1 GiB at $0.11
])
def test_gigabytes_past_a_tier_are_priced_at_the_next_rate(cloud: Cloud, gb: float, usd: float) -> None:
    assert one_off_usd(cloud, gb) == usd
