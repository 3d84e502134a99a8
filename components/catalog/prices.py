"""Price books: USD per hour per node, per capacity tier, with the source of every figure.

A book is one named set of figures, each row dated by its source. Books are never mixed silently: the caller
names the book (default ``DEFAULT_PRICE_BOOK``), a missing figure raises ``MissingPrice``, and every stand-in
is flagged on the returned ``Price``.

Which figure prices a node, per tier (on-demand, spot, reserved): the region's own figure first, from any dated
source the book holds (its part rows summed, or a whole-node row in ``node_rows``), the newest data winning;
only when no source has the region's own figure does a reference region's figure stand in, last and flagged:

- ``fallback_region``: the region's own figure is unknown and the book allows its reference region's figure
  for the same shape to stand in (only books with ``reference_regions`` for that cloud do).
- ``reserved_estimated``: the book has no reserved (1-year commitment) figure for the shape; it is the
  on-demand figure times the book's ``reserved_ratio`` for the cloud, which the book documents.
- ``spot`` None: no spot figure is published for a part; the node has no spot price (never a stand-in).

A price whose parts do not all come from the asked region is never presented as that region's: the reference
region is named in ``fallback_region`` and ``Price.flags()`` says so in words.

GCP bills a GPU VM as two parts: the VM (vCPUs + memory of the machine type) and each attached GPU. A node's
price is ``VM part + accelerator_count x GPU part``; a TPU host is ``chips x chip price`` (the host VM is
included in the chip price). Rows for the parts are keyed ``gpu:<guest accelerator type>`` and
``tpu:<accelerator>``. A row marked ``whole_node`` already includes the accelerators.

GCP machine types with bundled Local SSD (``gke_local_ssd``) add GiB x the book's ``local-ssd`` per GiB-hour row to
every tier (``Price.local_ssd`` shows it). ``Price.spot_as_of`` is the date of the spot figure's oldest data.

Negotiated discounts come from a YAML file (see ``components.catalog.price_overrides``), applied last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from components.catalog import prices_aws, prices_azure, prices_design, prices_gcp
from components.catalog.errors import MissingPrice, UnknownPriceBook
from components.catalog.gke_local_ssd import bundled_local_ssd_gib
from components.catalog.price_overrides import PriceOverrides, load_overrides, parse_overrides
from components.catalog.price_rows import HOURS_PER_MONTH, LOCAL_SSD_PART, Rate, gpu_part, tpu_part
from components.catalog.shapes import ACCELERATOR_SHAPES, SYSTEM_SHAPES
from components.catalog.types import LocalSsdCharge, Price, Shape, Source
from components.spec.enums import AcceleratorKind, Cloud

__all__ = [
    "DEFAULT_PRICE_BOOK",
    "PRICE_BOOKS",
    "PriceBook",
    "PriceOverrides",
    "Rate",
    "gpu_part",
    "load_overrides",
    "parse_overrides",
    "price",
    "price_book",
    "price_parts",
    "tpu_part",
]


@dataclass(frozen=True)
class PriceBook:
    """One consistent set of prices. ``rows`` key: (cloud, machine type or part key, region)."""

    name: str
    description: str
    source: Source
    rows: Mapping[tuple[Cloud, str, str], Rate]
    # Per cloud: regions, in order, whose figure may stand in when a region's own figure is unknown (flagged).
    reference_regions: Mapping[Cloud, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Per cloud: reserved / on-demand ratio used when a row has no reserved figure (flagged).
    reserved_ratio: Mapping[Cloud, float] = field(default_factory=lambda: MappingProxyType({}))
    # Per cloud: the vendor's advertised maximum spot saving, in percent (informational).
    spot_savings_up_to: Mapping[Cloud, int] = field(default_factory=lambda: MappingProxyType({}))
    # Whole-node figures (key: cloud, machine type, region) that compete with the parts' sum, newest own first.
    node_rows: Mapping[tuple[Cloud, str, str], Rate] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every distinct source of the book's rows, oldest data first."""
        rates = [*self.rows.values(), *self.node_rows.values()]
        found = {r.source for r in rates} | {r.spot_source for r in rates if r.spot_source}
        return tuple(sorted(found, key=lambda s: (s.as_of, s.title)))

    @property
    def data_dates(self) -> tuple[date, date]:
        """(oldest, newest) date of the data behind the book's rows."""
        dates = [s.as_of for s in self.sources]
        return min(dates), max(dates)


PRICE_BOOKS: Mapping[str, PriceBook] = MappingProxyType(
    {
        prices_design.NAME: PriceBook(
            name=prices_design.NAME,
            description=prices_design.DESCRIPTION,
            source=prices_design.SOURCE,
            rows=prices_design.ROWS,
            reference_regions=prices_design.REFERENCE_REGIONS,
            spot_savings_up_to=prices_design.SPOT_SAVINGS_UP_TO,
        ),
        "list-2026": PriceBook(
            name="list-2026",
            description=(
                "Public list prices: AWS P4/P5 on-demand and reserved from the 2026-08-26 AWS Price List (after the "
                "2025-06 GPU price cut); GCP A2/A3/G2/N1/N2 and Local SSD from the 2026-07-30 Cloud Billing Catalog "
                "mirror; spot elsewhere and the other shapes from older billing snapshots (spot per zone, never from "
                "a zone EKS refuses; Azure: US regions only). Reserved is the published 1-year rate where one was "
                "read (AWS P4d/P4de, GCP A2 High/A3/G2/N1/N2), else ESTIMATED (flagged) from the design-2025 "
                "commitment ratio. Every spot figure carries its data date."
            ),
            source=prices_aws.SOURCE,
            rows=MappingProxyType({**prices_aws.ROWS, **prices_gcp.ROWS, **prices_azure.ROWS}),
            reference_regions=MappingProxyType({Cloud.GCP: prices_gcp.REFERENCE_REGIONS}),
            reserved_ratio=prices_design.COMMITMENT_RATIO,
            node_rows=prices_gcp.NODE_ROWS,
        ),
    }
)

DEFAULT_PRICE_BOOK = "list-2026"

_SHAPES: Mapping[tuple[Cloud, str], Shape] = MappingProxyType(
    {
        **{(s.cloud, s.machine_type): s for shapes in ACCELERATOR_SHAPES.values() for s in shapes},
        **{(s.cloud, s.machine_type): s for s in SYSTEM_SHAPES.values()},
    }
)


def price_book(name: str) -> PriceBook:
    """The book called ``name``; raises UnknownPriceBook listing the books."""
    try:
        return PRICE_BOOKS[name]
    except KeyError:
        raise UnknownPriceBook(f"price book {name!r} does not exist; books: {', '.join(PRICE_BOOKS)}") from None


def price_parts(cloud: Cloud, machine_type: str, book: str = DEFAULT_PRICE_BOOK) -> tuple[tuple[str, int], ...]:
    """The billed parts of one node as (row key, count): the machine itself, plus GCP's accelerator parts and
    bundled Local SSD (count in GiB)."""
    rows = price_book(book).rows
    if any(c is cloud and item == machine_type and r.whole_node for (c, item, _), r in rows.items()):
        return ((machine_type, 1),)
    shape = _SHAPES.get((cloud, machine_type))
    if cloud is not Cloud.GCP or shape is None or shape.accelerator is None:
        return ((machine_type, 1),)
    if shape.accelerator.kind is AcceleratorKind.TPU:
        return ((tpu_part(shape.accelerator), shape.accelerator_count),)
    ssd = bundled_local_ssd_gib(machine_type)
    local_ssd = ((LOCAL_SSD_PART, ssd),) if ssd else ()
    if shape.gcp_accelerator_type is None:
        return ((machine_type, 1), *local_ssd)
    return ((machine_type, 1), (gpu_part(shape.gcp_accelerator_type), shape.accelerator_count), *local_ssd)


def _rate(pb: PriceBook, cloud: Cloud, item: str, region: str, machine_type: str) -> tuple[Rate, str | None]:
    found = pb.rows.get((cloud, item, region))
    if found is not None:
        return found, None
    for reference in pb.reference_regions.get(cloud, ()):
        if (cloud, item, reference) in pb.rows:
            return pb.rows[(cloud, item, reference)], reference
    priced_in = sorted(r for c, i, r in pb.rows if c is cloud and i == item)
    other_books = sorted(
        name
        for name, b in PRICE_BOOKS.items()
        if name != pb.name and any(c is cloud and i == item for c, i, _ in b.rows)
    )
    what = machine_type if item == machine_type else f"{machine_type} (part {item})"
    raise MissingPrice(
        f"book {pb.name!r} has no {cloud} price for {what} in {region}; "
        f"this book prices it in: {', '.join(priced_in) or 'no region'}; "
        f"other books pricing it: {', '.join(other_books) or 'none'}"
    )


@dataclass(frozen=True)
class _Figure:
    """One tier's USD/h of the node's machine (Local SSD aside), the source of its oldest data, any stand-in."""

    usd: float
    source: Source
    fallback: str | None = None
    spot_zone: str | None = None


@dataclass(frozen=True)
class _Tiers:
    on_demand: _Figure
    spot: _Figure | None
    reserved: _Figure | None


def _oldest(sources: list[Source]) -> Source:
    return min(sources, key=lambda s: (s.as_of, s.title))


def _summed(pb: PriceBook, cloud: Cloud, parts: list[tuple[str, int]], region: str, machine: str) -> _Tiers:
    """The parts' sum per tier (a tier is None when any part lacks it); raises MissingPrice for a missing part."""
    found = [(_rate(pb, cloud, item, region, machine), count) for item, count in parts]
    fallback = next((used for (_, used), _ in found if used), None)
    zones = [r.spot_zone for (r, _), _ in found if r.spot_zone]
    on_demand = _Figure(sum(n * r.on_demand for (r, _), n in found), _oldest([r.source for (r, _), _ in found]),
                        fallback)
    spot = None
    if all(r.spot is not None for (r, _), _ in found):
        spot = _Figure(sum(n * (r.spot or 0.0) for (r, _), n in found),
                       _oldest([r.spot_source or r.source for (r, _), _ in found]), fallback,
                       zones[0] if len(zones) == 1 else None)
    reserved = None
    if all(r.reserved is not None for (r, _), _ in found):
        reserved = _Figure(sum(n * (r.reserved or 0.0) for (r, _), n in found),
                           _oldest([r.source for (r, _), _ in found]), fallback)
    return _Tiers(on_demand, spot, reserved)


def _node(rate: Rate) -> _Tiers:
    return _Tiers(
        _Figure(rate.on_demand, rate.source),
        None if rate.spot is None else _Figure(rate.spot, rate.spot_source or rate.source, spot_zone=rate.spot_zone),
        None if rate.reserved is None else _Figure(rate.reserved, rate.source),
    )


def _pick(figures: list[_Figure | None]) -> _Figure | None:
    """The region's own figure with the newest data; a stand-in only when no own figure exists."""
    present = [f for f in figures if f is not None]
    own = [f for f in present if f.fallback is None]
    return max(own or present, key=lambda f: f.source.as_of, default=None)


def _local_ssd(pb: PriceBook, cloud: Cloud, gib: int, region: str, machine: str) -> tuple[LocalSsdCharge, str | None]:
    rate, used = _rate(pb, cloud, LOCAL_SSD_PART, region, machine)
    charge = LocalSsdCharge(
        gib=gib,
        usd_per_gib_month=round(rate.on_demand * HOURS_PER_MONTH, 6),
        on_demand=gib * rate.on_demand,
        spot=None if rate.spot is None else gib * rate.spot,
        reserved=None if rate.reserved is None else gib * rate.reserved,
        source=rate.source,
    )
    return charge, used


def price(
    cloud: Cloud,
    machine_type: str,
    region: str,
    *,
    book: str = DEFAULT_PRICE_BOOK,
    overrides: PriceOverrides | None = None,
) -> Price:
    """USD/h of one node of ``machine_type`` in ``region`` from ``book``, then negotiated ``overrides``.

    Raises UnknownPriceBook or MissingPrice (naming the regions and books that do price the shape).
    """
    pb = price_book(book)
    parts = price_parts(cloud, machine_type, book)
    machine_parts = [(item, n) for item, n in parts if item != LOCAL_SSD_PART]
    candidates: list[_Tiers] = []
    node = pb.node_rows.get((cloud, machine_type, region))
    if node is not None:
        candidates.append(_node(node))
    try:
        candidates.append(_summed(pb, cloud, machine_parts, region, machine_type))
    except MissingPrice:
        if not candidates:
            raise
    on_demand = _pick([c.on_demand for c in candidates])
    spot = _pick([c.spot for c in candidates])
    reserved = _pick([c.reserved for c in candidates])
    assert on_demand is not None  # every candidate has an on-demand figure
    ssd_gib = sum(n for item, n in parts if item == LOCAL_SSD_PART)
    ssd, ssd_fallback = _local_ssd(pb, cloud, ssd_gib, region, machine_type) if ssd_gib else (None, None)
    estimated = reserved is None
    if reserved is None:
        if cloud not in pb.reserved_ratio:
            raise MissingPrice(
                f"book {pb.name!r} has no reserved price for {cloud} {machine_type} in {region} "
                "and no commitment ratio to estimate one"
            )
        reserved = _Figure(on_demand.usd * pb.reserved_ratio[cloud], on_demand.source, on_demand.fallback)
    ssd_reserved = 0.0
    if ssd is not None:
        estimated = estimated or ssd.reserved is None
        ssd_reserved = ssd.reserved if ssd.reserved is not None else ssd.on_demand * pb.reserved_ratio.get(cloud, 1.0)
    ssd_spot = 0.0 if ssd is None else ssd.spot
    spot_usd = None if spot is None or ssd_spot is None else spot.usd + ssd_spot
    spot_dates = [] if spot_usd is None or spot is None else [spot.source.as_of, *([ssd.source.as_of] if ssd else [])]
    fallback = next((f.fallback for f in (on_demand, spot, reserved) if f and f.fallback), None) or ssd_fallback
    result = Price(
        on_demand=round(on_demand.usd + (ssd.on_demand if ssd else 0.0), 5),
        spot=None if spot_usd is None else round(spot_usd, 5),
        reserved=round(reserved.usd + ssd_reserved, 5),
        source=on_demand.source,
        book=pb.name,
        fallback_region=fallback,
        reserved_estimated=estimated,
        spot_zone=spot.spot_zone if spot is not None else None,
        spot_as_of=min(spot_dates) if spot_dates else None,
        local_ssd=ssd,
    )
    return overrides.apply(cloud, machine_type, result) if overrides is not None else result
