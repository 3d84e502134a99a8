"""Nearest equivalent catalog region on another cloud, for `mlplatform migrate` (overridable with --region).

Chosen by geography among the catalog's regions (``components.catalog.regions.REGIONS``): the same metro
where the clouds share one (Northern Virginia, the Netherlands), else the nearest. A test checks every
catalog region has an entry for both other clouds and every entry is a catalog region.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.spec import Cloud

_AWS, _GCP, _AZ = Cloud.AWS, Cloud.GCP, Cloud.AZURE

# (cloud, region) -> where it is, and its nearest catalog region on each other cloud.
NEAREST: Mapping[tuple[Cloud, str], tuple[str, Mapping[Cloud, str]]] = MappingProxyType({
    (_AWS, "us-east-1"): ("Northern Virginia", {_GCP: "us-east4", _AZ: "eastus"}),
    (_AWS, "us-east-2"): ("Ohio", {_GCP: "us-east5", _AZ: "eastus2"}),
    (_AWS, "us-west-2"): ("Oregon", {_GCP: "us-west4", _AZ: "westus3"}),
    (_AWS, "eu-west-1"): ("Ireland", {_GCP: "europe-west4", _AZ: "westeurope"}),
    (_AWS, "eu-central-1"): ("Frankfurt", {_GCP: "europe-west4", _AZ: "westeurope"}),
    (_GCP, "us-central1"): ("Iowa", {_AWS: "us-east-2", _AZ: "southcentralus"}),
    (_GCP, "us-east4"): ("Northern Virginia", {_AWS: "us-east-1", _AZ: "eastus"}),
    (_GCP, "us-east5"): ("Columbus, Ohio", {_AWS: "us-east-2", _AZ: "eastus2"}),
    (_GCP, "us-west4"): ("Las Vegas", {_AWS: "us-west-2", _AZ: "westus3"}),
    (_GCP, "europe-west4"): ("the Netherlands", {_AWS: "eu-west-1", _AZ: "westeurope"}),
    (_AZ, "eastus"): ("Virginia", {_AWS: "us-east-1", _GCP: "us-east4"}),
    (_AZ, "eastus2"): ("Virginia", {_AWS: "us-east-1", _GCP: "us-east4"}),
    (_AZ, "southcentralus"): ("Texas", {_AWS: "us-east-2", _GCP: "us-central1"}),
    (_AZ, "westus3"): ("Arizona", {_AWS: "us-west-2", _GCP: "us-west4"}),
    (_AZ, "westeurope"): ("the Netherlands", {_AWS: "eu-west-1", _GCP: "europe-west4"}),
    (_AZ, "swedencentral"): ("Sweden", {_AWS: "eu-central-1", _GCP: "europe-west4"}),
})


def nearest_region(cloud: Cloud, region: str, to: Cloud) -> str:
    """The catalog region of ``to`` nearest ``region`` of ``cloud`` (the same region when ``to`` is ``cloud``)."""
    if to is cloud:
        return region
    try:
        return NEAREST[(cloud, region)][1][to]
    except KeyError:
        raise ValueError(f"no region mapping from {cloud} {region!r}; pass --region") from None
