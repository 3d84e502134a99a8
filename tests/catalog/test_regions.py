"""Regions and zones: lookups, zone naming per cloud, and where shapes are offered."""

from __future__ import annotations

import re

import pytest

from components.catalog import (
    REGIONS,
    SHAPE_REGIONS,
    UnknownRegion,
    published_zones,
    region,
    regions_offering,
    reservation_only_zones,
    spot_offered,
    zones_offering,
)
from components.catalog.availability import OFFERED, RESERVATION_ONLY
from components.catalog.prices_aws import SPOT_BY_ZONE
from components.catalog.regions import EKS_DISALLOWED_AZ_IDS
from components.catalog.sources import EKS_SUBNET_REQUIREMENTS
from components.spec.enums import Cloud


def test_zone_naming_per_cloud() -> None:
    assert region(Cloud.AWS, "us-east-1").zones[0] == "use1-az1"
    assert region(Cloud.GCP, "us-central1").zones == (
        "us-central1-a",
        "us-central1-b",
        "us-central1-c",
        "us-central1-f",
    )
    assert region(Cloud.AZURE, "westeurope").zones == ("1", "2", "3")
    for r in REGIONS.values():
        assert r.zones and r.source.url.startswith("https://")


def test_aws_zones_are_az_ids_that_eks_accepts_for_the_control_plane() -> None:
    aws = {r.name: r for r in REGIONS.values() if r.cloud is Cloud.AWS}
    assert {name: r.zones for name, r in aws.items()} == {
        "us-east-1": ("use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"),
        "us-east-2": ("use2-az1", "use2-az2", "use2-az3"),
        "us-west-2": ("usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"),
        "eu-west-1": ("euw1-az1", "euw1-az2", "euw1-az3"),
        "eu-central-1": ("euc1-az1", "euc1-az2", "euc1-az3"),
    }
    for name, r in aws.items():
        geo, direction, number = name.split("-")  # AZ ID: us-east-1 -> use1-az<n>
        prefix = f"{geo}{direction[0]}{number}"
        assert all(re.fullmatch(rf"{prefix}-az\d+", z) for z in r.zones), r.zones
        assert not set(r.zones) & EKS_DISALLOWED_AZ_IDS.get(name, frozenset()), name
        assert r.source.url.startswith("https://") and r.source.as_of is not None
    assert "use1-az3" in EKS_DISALLOWED_AZ_IDS["us-east-1"]
    assert EKS_SUBNET_REQUIREMENTS.url == "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html"


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
    assert zones_offering(Cloud.GCP, "us-east5", "ct5p-hightpu-4t") == ("us-east5-a",)
    assert zones_offering(Cloud.GCP, "us-east5", "ct5p-hightpu-4t", reserved=True) == (
        "us-east5-a",
        "us-east5-b",
        "us-east5-c",
    )
    assert zones_offering(Cloud.GCP, "us-east4", "a2-highgpu-8g") == ()
    assert zones_offering(Cloud.AWS, "us-east-2", "g4dn.12xlarge") == ("use2-az1", "use2-az2", "use2-az3")
    assert zones_offering(Cloud.AWS, "us-east-1", "p4d.24xlarge") == ("use1-az1", "use1-az2", "use1-az6")
    with pytest.raises(UnknownRegion):
        zones_offering(Cloud.AWS, "mars-1", "g4dn.12xlarge")


def test_regions_offering() -> None:
    assert regions_offering(Cloud.GCP, "ct6e-standard-4t") == {"us-central1", "us-east5", "europe-west4"}
    assert "us-west4" not in regions_offering(Cloud.GCP, "ct5p-hightpu-4t")
    assert regions_offering(Cloud.AZURE, "Standard_Imaginary") == frozenset()


def test_aws_and_azure_availability_follows_the_price_snapshots() -> None:
    assert regions_offering(Cloud.AWS, "p5.48xlarge") == {"us-east-1", "us-east-2", "us-west-2"}
    assert regions_offering(Cloud.AWS, "p4de.24xlarge") == {"us-east-1", "us-west-2", "eu-central-1"}
    assert "eu-west-1" not in regions_offering(Cloud.AWS, "g6.xlarge")
    assert zones_offering(Cloud.AWS, "eu-west-1", "g6.xlarge") == ()
    assert regions_offering(Cloud.AZURE, "Standard_ND96isr_H100_v5") == {"eastus", "eastus2"}
    assert zones_offering(Cloud.AZURE, "westus3", "Standard_D4s_v5") == ("1", "2", "3")
    assert regions_offering(Cloud.GCP, "n2-standard-8") == {r for c, r in REGIONS if c is Cloud.GCP}
    assert "us-east5" not in regions_offering(Cloud.GCP, "g2-standard-4")


def test_tpu_v6e_zones_are_the_documented_ones_and_reservation_only_zones_are_not_open() -> None:
    """Cloud TPU regions-and-zones lists v6e in us-central1-b, us-east5-a/-b and europe-west4-a (not us-east4)."""
    v6e = {r: published_zones(Cloud.GCP, r, "ct6e-standard-8t") for r in ("us-central1", "us-east4", "us-east5")}
    assert v6e == {
        "us-central1": ("us-central1-b",),
        "us-east4": (),
        "us-east5": ("us-east5-a", "us-east5-b"),
    }
    assert published_zones(Cloud.GCP, "europe-west4", "ct6e-standard-8t") == ("europe-west4-a",)
    assert reservation_only_zones(Cloud.GCP, "us-central1", "ct6e-standard-8t") == ("us-central1-c",)
    assert "us-east4" not in regions_offering(Cloud.GCP, "ct6e-standard-8t", reserved=True)
    for (cloud, machine), by_region in RESERVATION_ONLY.items():
        for name, zones in by_region.items():
            assert not set(zones) & set(OFFERED.get((cloud, machine), {}).get(name, ())), (machine, name)


def test_aws_zones_are_read_per_shape_without_the_zones_eks_refuses() -> None:
    assert published_zones(Cloud.AWS, "us-east-1", "p5.48xlarge") == (
        "use1-az1",
        "use1-az2",
        "use1-az4",
        "use1-az5",
        "use1-az6",
    )
    assert published_zones(Cloud.AWS, "us-east-1", "g6.48xlarge") == ("use1-az1", "use1-az2", "use1-az4", "use1-az6")
    assert published_zones(Cloud.AWS, "us-east-1", "m7i.xlarge") == ()  # zones not read: regional
    for machine, by_region in SPOT_BY_ZONE.items():
        for name in by_region:
            zones = published_zones(Cloud.AWS, name, machine)
            assert zones and not set(zones) & EKS_DISALLOWED_AZ_IDS.get(name, frozenset()), (machine, name)


def test_spot_offered_is_a_catalog_fact() -> None:
    assert not spot_offered(Cloud.AZURE, "Standard_ND96isr_H100_v5")
    assert spot_offered(Cloud.AZURE, "Standard_ND96amsr_A100_v4")
    assert spot_offered(Cloud.AWS, "p5.4xlarge")  # offered; its spot price is just not in the feeds read
