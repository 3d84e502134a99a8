"""Fixed-cost and egress rows: one per catalog region, sourced and dated, estimates flagged, figures pinned."""

from __future__ import annotations

from datetime import date

import pytest

from components.catalog import egress
from components.catalog import fixed_costs as fc
from components.catalog.regions import REGIONS
from components.spec import Availability, Cloud, Environment

TB = 1024


def test_every_catalog_region_has_every_fixed_row() -> None:
    for cloud, region in REGIONS:
        assert (cloud, region) in fc.NAT
        assert (cloud, region) in fc.OBJECT_STORAGE
        assert (cloud, region) in fc.DATABASE_STORAGE
        for size in fc.DatabaseSize:
            assert (cloud, region, size) in fc.DATABASE


def _all_rates() -> list[fc.FixedRate]:
    nat = [r for n in fc.NAT.values() for r in (n.gateway_hour, n.per_gb, n.vm_hour) if r is not None]
    return [*fc.CONTROL_PLANE.values(), *nat, *fc.OBJECT_STORAGE.values(), *fc.DATABASE.values(),
            *fc.DATABASE_STORAGE.values()]


def test_every_row_names_a_public_source_and_the_date_of_its_data() -> None:
    for rate in _all_rates():
        assert rate.source.url.startswith("https://")
        assert date(2022, 1, 1) <= rate.source.as_of <= date(2026, 11, 30)
        assert rate.usd >= 0


def test_a_region_without_its_own_figure_says_whose_figure_stands_in() -> None:
    assert fc.DATABASE[(Cloud.AZURE, "eastus", fc.DatabaseSize.MEDIUM)].estimated == ""
    assert fc.DATABASE[(Cloud.AZURE, "westeurope", fc.DatabaseSize.MEDIUM)].estimated == (
        "no westeurope figure found; the eastus figure stands in"
    )
    assert fc.DATABASE[(Cloud.GCP, "us-central1", fc.DatabaseSize.SMALL)].estimated == ""
    assert fc.OBJECT_STORAGE[(Cloud.GCP, "us-east4")] == fc.FixedRate(0.023, fc.GB_MONTH, fc.OBJECT_STORAGE[
        (Cloud.GCP, "us-east4")].source)
    # The RDS m7g figures are MySQL figures (PostgreSQL not found): flagged even in their own region.
    assert fc.DATABASE[(Cloud.AWS, "us-east-1", fc.DatabaseSize.LARGE)].estimated.startswith("RDS for MySQL")


def test_control_plane_figures_per_cloud_and_tier() -> None:
    assert {(c.value, t): r.usd for (c, t), r in fc.CONTROL_PLANE.items()} == {
        ("aws", "EKS standard support"): 0.10, ("aws", "EKS extended support"): 0.60,
        ("gcp", "GKE Standard, regional"): 0.10, ("gcp", "GKE Standard, zonal"): 0.10,
        ("azure", "AKS Free"): 0.0, ("azure", "AKS Standard"): 0.10, ("azure", "AKS Premium"): 0.60,
    }
    assert fc.GKE_FREE_TIER_USD_PER_MONTH == 74.40


@pytest.mark.parametrize(("cloud", "environment", "availability", "tier"), [
    (Cloud.AWS, Environment.PROD, Availability.REGIONAL, "EKS standard support"),
    (Cloud.GCP, Environment.DEV, Availability.REGIONAL, "GKE Standard, regional"),
    (Cloud.GCP, Environment.DEV, Availability.ZONAL, "GKE Standard, zonal"),
    (Cloud.AZURE, Environment.DEV, Availability.REGIONAL, "AKS Free"),
    (Cloud.AZURE, Environment.STAGING, Availability.REGIONAL, "AKS Standard"),
    (Cloud.AZURE, Environment.PROD, Availability.ZONAL, "AKS Standard"),
])
def test_control_plane_tier_follows_environment_and_availability(
    cloud: Cloud, environment: Environment, availability: Availability, tier: str
) -> None:
    assert fc.control_plane_tier(cloud, environment, availability) == tier


def test_database_classes_are_the_ones_asked_for_and_priced_per_size() -> None:
    assert {(c.value, s.value): k.instance_class for (c, s), k in fc.DATABASE_CLASSES.items()} == {
        ("aws", "small"): "db.t4g.small", ("aws", "medium"): "db.m7g.large", ("aws", "large"): "db.m7g.xlarge",
        ("gcp", "small"): "db-custom-1-3840", ("gcp", "medium"): "db-custom-2-7680",
        ("gcp", "large"): "db-custom-4-15360",
        ("azure", "small"): "Standard_B1ms", ("azure", "medium"): "Standard_D2ds_v5",
        ("azure", "large"): "Standard_D4ds_v5",
    }
    gcp = {s: fc.DATABASE[(Cloud.GCP, "us-central1", s)].usd for s in fc.DatabaseSize}
    # Cloud SQL Enterprise: $0.0413 per vCPU-hour + $0.007 per GB-hour of memory.
    assert gcp == {fc.DatabaseSize.SMALL: 0.06755, fc.DatabaseSize.MEDIUM: 0.1351, fc.DatabaseSize.LARGE: 0.2702}
    azure = {s: fc.DATABASE[(Cloud.AZURE, "eastus", s)].usd for s in fc.DatabaseSize}
    assert azure == {fc.DatabaseSize.SMALL: 0.017, fc.DatabaseSize.MEDIUM: 0.178, fc.DatabaseSize.LARGE: 0.356}
    assert fc.HA_MULTIPLIER == {Cloud.AWS: 2, Cloud.GCP: 2, Cloud.AZURE: 2}


def test_nat_gateways_one_per_zone_only_in_aws_prod() -> None:
    assert fc.nat_gateways(Cloud.AWS, Environment.PROD, 3) == 3
    assert fc.nat_gateways(Cloud.AWS, Environment.PROD, 1) == 2  # a zonal cluster's network spans two zones
    assert fc.nat_gateways(Cloud.AWS, Environment.DEV, 3) == 1
    assert fc.nat_gateways(Cloud.GCP, Environment.PROD, 3) == fc.nat_gateways(Cloud.AZURE, Environment.PROD, 3) == 1
    gcp = fc.NAT[(Cloud.GCP, "europe-west4")]
    assert (gcp.vm_hour and gcp.vm_hour.usd, gcp.vm_cap, gcp.gateway_hour.usd, gcp.per_gb.usd) == (0.0014, 32, 0.044,
                                                                                                0.045)


def test_egress_of_100_tb_walks_the_tiers_after_the_free_allowance() -> None:
    gb = 100 * TB
    assert egress.one_off_usd(Cloud.AWS, gb) == round((10 * TB - 100) * 0.09 + 40 * TB * 0.085 + 50 * TB * 0.07, 2)
    assert egress.one_off_usd(Cloud.AWS, gb) == 7978.2
    assert egress.one_off_usd(Cloud.GCP, gb) == round(1 * TB * 0.12 + 9 * TB * 0.11 + 90 * TB * 0.08, 2)
    assert egress.one_off_usd(Cloud.AZURE, gb) == round((10 * TB - 100) * 0.087 + 40 * TB * 0.083 + 50 * TB * 0.07, 2)
    assert egress.one_off_usd(Cloud.AWS, 100) == egress.one_off_usd(Cloud.AZURE, 60) == 0.0
    assert egress.one_off_usd(Cloud.AWS, 200 * TB) == round(
        (10 * TB - 100) * 0.09 + 40 * TB * 0.085 + 100 * TB * 0.07 + 50 * TB * 0.05, 2)


def test_every_cloud_states_its_exit_waiver_and_its_transfer_tools() -> None:
    for cloud in Cloud:
        waiver = egress.EGRESS[cloud].exit_waiver
        assert "60 days" in waiver.conditions and waiver.source.url.startswith("https://")
    assert [egress.transfer_tool(c, 100) for c in Cloud] == ["AWS DataSync", "Google Storage Transfer Service",
                                                             "AzCopy"]
    assert [egress.transfer_tool(c, 1024) for c in Cloud] == ["AWS Snowball", "Google Transfer Appliance",
                                                              "Azure Data Box"]
