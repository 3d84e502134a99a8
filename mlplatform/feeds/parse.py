"""Parse the clouds' public price feeds into catalog price rows (pure: documents in, rows out, no network).

- AWS Price List bulk offer file (``.../offers/v1.0/aws/AmazonEC2/current/<region>/index.json``): ``products`` keyed
  by SKU with ``attributes`` (``instanceType``, ``regionCode``, ``operatingSystem``, ``tenancy``, ``preInstalledSw``,
  ``capacitystatus``), and ``terms.OnDemand`` / ``terms.Reserved`` keyed by SKU with ``priceDimensions`` in USD per
  ``Hrs``. Reserved: ``LeaseContractLength`` 1yr, ``OfferingClass`` standard, ``PurchaseOption`` No Upfront. The
  feed's date is its ``publicationDate``. The price list has no spot prices.
- GCP Cloud Billing Catalog (``cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus``): ``skus`` with
  ``description``, ``category.usageType`` (OnDemand, Preemptible = spot, Commit1Yr), ``serviceRegions`` and
  ``pricingInfo[].pricingExpression.tieredRates[].unitPrice`` (``units`` + ``nanos``). A GPU VM's machine part is
  vCPUs x the family's core SKU + GiB x its RAM SKU; each GPU is its own SKU. TPU SKUs are not parsed.
- Azure Retail Prices (``prices.azure.com/api/retail/prices``): ``Items`` with ``armSkuName``, ``armRegionName``,
  ``type`` (Consumption, Reservation), ``skuName`` (a `` Spot`` suffix marks spot), ``productName`` (Windows
  excluded) and ``retailPrice``; a 1-year reservation's price is for the whole term (8760 hours).

GCP and Azure documents carry no publication date: the caller passes the day they were retrieved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from components.catalog.price_rows import gpu_part
from components.catalog.types import Source
from components.spec.enums import Cloud

HOURS_PER_YEAR = 8760
GCP_EXCLUDED = ("Custom", "Sole Tenancy", "Extended", "DWS", "Flex", "Calendar", "Reserved")
"""SKU description words of GCP offers that are not the list price of a plain VM (flex-start, sole tenancy...)."""
GCP_GPU_SKU_NAMES: Mapping[str, str] = {
    "nvidia-h100-80gb": "Nvidia H100 80GB GPU",
    "nvidia-a100-80gb": "Nvidia Tesla A100 80GB GPU",
    "nvidia-tesla-a100": "Nvidia Tesla A100 GPU",
    "nvidia-l4": "Nvidia L4 GPU",
    "nvidia-tesla-t4": "Nvidia Tesla T4 GPU",
}
GCP_FAMILY_SKU_NAMES: Mapping[str, str] = {"a2": "A2", "a3": "A3", "g2": "G2", "n2": "N2", "n1": "N1 Predefined"}
_GCP_TIERS = {"OnDemand": "on_demand", "Preemptible": "spot", "Commit1Yr": "reserved"}


@dataclass(frozen=True)
class FeedRow:
    """USD/h of one machine type or billed part in one region, per tier (None: not in the feed)."""

    item: str
    region: str
    on_demand: float
    spot: float | None = None
    reserved: float | None = None


@dataclass(frozen=True)
class FeedTable:
    """The rows one feed gave for one cloud, with the feed as their source."""

    cloud: Cloud
    source: Source
    rows: tuple[FeedRow, ...]

    def to_json(self) -> dict[str, Any]:
        meta = {"title": self.source.title, "url": self.source.url, "asOf": self.source.as_of.isoformat()}
        rows = [
            {"item": r.item, "region": r.region, "onDemand": r.on_demand, "spot": r.spot, "reserved": r.reserved}
            for r in sorted(self.rows, key=lambda r: (r.item, r.region))
        ]
        return {"source": meta, "rows": rows}


def _table(cloud: Cloud, source: Source, found: Mapping[tuple[str, str], dict[str, float]]) -> FeedTable:
    rows = tuple(
        FeedRow(item, region, round(t["on_demand"], 6), _round(t.get("spot")), _round(t.get("reserved")))
        for (item, region), t in sorted(found.items())
        if "on_demand" in t
    )
    return FeedTable(cloud, source, rows)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _usd_per_hour(term: Mapping[str, Any]) -> float | None:
    for dim in term.get("priceDimensions", {}).values():
        if dim.get("unit") == "Hrs" and "USD" in dim.get("pricePerUnit", {}):
            return float(dim["pricePerUnit"]["USD"])
    return None


def parse_aws_offer(
    doc: Mapping[str, Any], machine_types: Iterable[str], regions: Iterable[str], url: str
) -> FeedTable:
    """On-demand and 1-year standard no-upfront reserved USD/h of ``machine_types`` in ``regions`` (Linux, shared)."""
    wanted, where = set(machine_types), set(regions)
    skus: dict[str, tuple[str, str]] = {}
    for sku, product in doc.get("products", {}).items():
        a = product.get("attributes", {})
        if (a.get("instanceType") in wanted and a.get("regionCode") in where and a.get("operatingSystem") == "Linux"
                and a.get("tenancy") == "Shared" and a.get("preInstalledSw") == "NA"
                and a.get("capacitystatus") == "Used"):
            skus[sku] = (a["instanceType"], a["regionCode"])
    found: dict[tuple[str, str], dict[str, float]] = {}
    for sku, terms in doc.get("terms", {}).get("OnDemand", {}).items():
        for term in terms.values():
            if sku in skus and (usd := _usd_per_hour(term)) is not None:
                found.setdefault(skus[sku], {})["on_demand"] = usd
    for sku, terms in doc.get("terms", {}).get("Reserved", {}).items():
        for term in terms.values():
            t = term.get("termAttributes", {})
            one_year = (t.get("LeaseContractLength"), t.get("OfferingClass"), t.get("PurchaseOption")) == (
                "1yr", "standard", "No Upfront")
            if sku in skus and one_year and (usd := _usd_per_hour(term)) is not None:
                found.setdefault(skus[sku], {})["reserved"] = usd
    published = date.fromisoformat(str(doc["publicationDate"])[:10])
    title = f"AWS Price List bulk offer file AmazonEC2, version {doc.get('version', '?')}, published {published}"
    return _table(Cloud.AWS, Source(title, url, published), found)


def _unit_price(sku: Mapping[str, Any]) -> float | None:
    for info in sku.get("pricingInfo", []):
        for rate in info.get("pricingExpression", {}).get("tieredRates", []):
            if float(rate.get("startUsageAmount", 0)) == 0:
                price = rate["unitPrice"]
                return int(price.get("units", 0)) + int(price.get("nanos", 0)) / 1e9
    return None


def _gcp_component(description: str, tier: str) -> tuple[str, str] | None:
    """(kind, key) of a SKU: ("gpu", accelerator type) or ("core"/"ram", family); None when not a catalog part."""
    if any(word in description for word in GCP_EXCLUDED):
        return None
    for accelerator, name in GCP_GPU_SKU_NAMES.items():
        if name in description:
            return "gpu", accelerator
    for family, name in GCP_FAMILY_SKU_NAMES.items():
        core, ram = (f"{name} Cpu", f"{name} Ram") if tier == "reserved" else (
            f"{name} Instance Core", f"{name} Instance Ram")
        if core in description:
            return "core", family
        if ram in description:
            return "ram", family
    return None


def parse_gcp_skus(
    doc: Mapping[str, Any],
    machine_types: Mapping[str, tuple[int, float]],
    regions: Iterable[str],
    url: str,
    retrieved: date,
) -> FeedTable:
    """Machine parts (vCPUs x core + GiB x RAM) of ``machine_types`` {name: (vcpus, GiB)} and GPU parts per region."""
    where = set(regions)
    parts: dict[tuple[str, str, str], dict[str, float]] = {}  # (kind, key, region) -> tier -> USD
    for sku in doc.get("skus", []):
        tier = _GCP_TIERS.get(sku.get("category", {}).get("usageType", ""))
        component = _gcp_component(str(sku.get("description", "")), tier or "")
        price = _unit_price(sku)
        if tier is None or component is None or price is None:
            continue
        for region in set(sku.get("serviceRegions", [])) & where:
            parts.setdefault((*component, region), {})[tier] = price
    found: dict[tuple[str, str], dict[str, float]] = {}
    for (kind, key, region), tiers in parts.items():
        if kind == "gpu":
            found[(gpu_part(key), region)] = tiers
    for machine, (vcpus, memory) in machine_types.items():
        family = machine.split("-")[0]
        for region in where:
            core, ram = parts.get(("core", family, region), {}), parts.get(("ram", family, region), {})
            tiers = {t: vcpus * core[t] + memory * ram[t] for t in core if t in ram}
            if tiers:
                found[(machine, region)] = tiers
    title = f"GCP Cloud Billing Catalog, Compute Engine SKUs, retrieved {retrieved}"
    return _table(Cloud.GCP, Source(title, url, retrieved), found)


def parse_azure_retail(
    doc: Mapping[str, Any], sizes: Iterable[str], regions: Iterable[str], url: str, retrieved: date
) -> FeedTable:
    """Pay-as-you-go, spot and 1-year reservation USD/h of Linux ``sizes`` in ``regions``."""
    wanted, where = set(sizes), set(regions)
    found: dict[tuple[str, str], dict[str, float]] = {}
    for item in doc.get("Items", []):
        size, region = item.get("armSkuName"), item.get("armRegionName")
        name = f"{item.get('skuName', '')} {item.get('productName', '')}"
        if size not in wanted or region not in where or "Windows" in name or "Low Priority" in name:
            continue
        price = float(item.get("retailPrice", 0.0))
        if item.get("type") == "Consumption":
            tier = "spot" if str(item.get("skuName", "")).endswith(" Spot") else "on_demand"
            found.setdefault((size, region), {})[tier] = price
        elif item.get("type") == "Reservation" and item.get("reservationTerm") == "1 Year":
            found.setdefault((size, region), {})["reserved"] = price / HOURS_PER_YEAR
    title = f"Azure Retail Prices API, Virtual Machines, retrieved {retrieved}"
    return _table(Cloud.AZURE, Source(title, url, retrieved), found)
