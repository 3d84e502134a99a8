"""Regions and zones: lookups, zone naming per cloud, and where shapes are offered."""

from __future__ import annotations

import pytest

from components.catalog import REGIONS, SHAPE_REGIONS, UnknownRegion, region, regions_offering, zones_offering
from components.spec.enums import Cloud


def test_zone_naming_per_cloud() -> None:
    assert region(Cloud.AWS, "us-east-1").zones[0] == "us-east-1a"
    assert region(Cloud.GCP, "us-central1").zones == (
        "us-central1-a",
        "us-central1-b",
        "us-central1-c",
        "us-central1-f",
    )
    assert region(Cloud.AZURE, "westeurope").zones == ("1", "2", "3")
    for r in REGIONS.values():
        assert r.zones and r.source.url.startswith("https://")


def test_unknown_region_lists_known_ones() -> None:
    with pytest.raises(UnknownRegion) as err:
        region(Cloud.GCP, "mars-north1")
    assert "'mars-north1'" in str(err.value) and "us-central1" in str(err.value)


def test_shape_regions_stay_within_catalog_regions() -> None:
    for (cloud, _), regions in SHAPE_REGIONS.items():
        assert regions, "an availability row without a catalog region"
        assert all((cloud, r) in REGIONS for r in regions)


def test_published_zones_narrow_the_region() -> None:
    assert zones_offering(Cloud.GCP, "us-central1", "a2-ultragpu-8g") == ("us-central1-a", "us-central1-c")
    assert zones_offering(Cloud.GCP, "us-east5", "ct5p-hightpu-4t") == ("us-east5-a", "us-east5-b", "us-east5-c")
    assert zones_offering(Cloud.GCP, "us-east4", "a2-highgpu-8g") == ()
    assert zones_offering(Cloud.AWS, "us-east-2", "g4dn.12xlarge") == ("us-east-2a", "us-east-2b", "us-east-2c")
    with pytest.raises(UnknownRegion):
        zones_offering(Cloud.AWS, "mars-1", "g4dn.12xlarge")


def test_regions_offering() -> None:
    assert regions_offering(Cloud.GCP, "ct6e-standard-4t") == {"us-central1", "us-east4", "us-east5", "europe-west4"}
    assert "us-west4" not in regions_offering(Cloud.GCP, "ct5p-hightpu-4t")
    assert regions_offering(Cloud.AZURE, "Standard_Imaginary") == frozenset()


def test_aws_and_azure_availability_follows_the_price_snapshots() -> None:
    assert regions_offering(Cloud.AWS, "p5.48xlarge") == {"us-east-1", "us-east-2", "us-west-2"}
    assert regions_offering(Cloud.AWS, "p4de.24xlarge") == {"us-east-1", "us-west-2"}
    assert "eu-west-1" not in regions_offering(Cloud.AWS, "g6.xlarge")
    assert zones_offering(Cloud.AWS, "eu-west-1", "g6.xlarge") == ()
    assert regions_offering(Cloud.AZURE, "Standard_ND96isr_H100_v5") == {"eastus", "eastus2"}
    assert zones_offering(Cloud.AZURE, "westus3", "Standard_D4s_v5") == ("1", "2", "3")
    assert regions_offering(Cloud.GCP, "n2-standard-8") == {r for c, r in REGIONS if c is Cloud.GCP}
    assert "us-east5" not in regions_offering(Cloud.GCP, "g2-standard-4")
