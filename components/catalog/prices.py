"""Price books: USD per hour per node, per capacity tier, with the source of every figure.

A book is one consistent set of figures (one date, one method). Books are never mixed silently: the caller
names the book (default ``DEFAULT_PRICE_BOOK``), a missing figure raises ``MissingPrice``, and every stand-in
is flagged on the returned ``Price``:

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

Negotiated discounts come from a YAML file (see ``components.catalog.price_overrides``), applied last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from components.catalog import prices_aws, prices_azure, prices_design, prices_gcp
from components.catalog.errors import MissingPrice, UnknownPriceBook
from components.catalog.price_overrides import PriceOverrides, load_overrides, parse_overrides
from components.catalog.price_rows import Rate, gpu_part, tpu_part
from components.catalog.shapes import ACCELERATOR_SHAPES, SYSTEM_SHAPES
from components.catalog.types import Price, Shape, Source
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

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every distinct source of the book's rows, oldest data first."""
        found = {r.source for r in self.rows.values()} | {r.spot_source for r in self.rows.values() if r.spot_source}
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
                "2025-06 GPU price cut); spot and the other shapes from older billing snapshots (spot per zone, "
                "never from a zone EKS refuses; Azure: US regions only). Reserved is the published 1-year rate where "
                "one was read (AWS P4d/P4de), else ESTIMATED (flagged) from the design-2025 commitment ratio."
            ),
            source=prices_aws.SOURCE,
            rows=MappingProxyType({**prices_aws.ROWS, **prices_gcp.ROWS, **prices_azure.ROWS}),
            reference_regions=MappingProxyType({Cloud.GCP: prices_gcp.REFERENCE_REGIONS}),
            reserved_ratio=prices_design.COMMITMENT_RATIO,
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
    """The billed parts of one node as (row key, count): the machine itself, plus GCP's accelerator parts."""
    rows = price_book(book).rows
    if any(c is cloud and item == machine_type and r.whole_node for (c, item, _), r in rows.items()):
        return ((machine_type, 1),)
    shape = _SHAPES.get((cloud, machine_type))
    if cloud is not Cloud.GCP or shape is None or shape.accelerator is None:
        return ((machine_type, 1),)
    if shape.accelerator.kind is AcceleratorKind.TPU:
        return ((tpu_part(shape.accelerator), shape.accelerator_count),)
    if shape.gcp_accelerator_type is None:
        return ((machine_type, 1),)
    return ((machine_type, 1), (gpu_part(shape.gcp_accelerator_type), shape.accelerator_count))


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
    on_demand = reserved = 0.0
    spot: float | None = 0.0
    fallback: str | None = None
    estimated = False
    sources: list[Source] = []
    spot_zones: list[str] = []
    for item, count in price_parts(cloud, machine_type, book):
        rate, used = _rate(pb, cloud, item, region, machine_type)
        fallback = fallback or used
        sources.append(rate.source)
        on_demand += count * rate.on_demand
        spot = None if spot is None or rate.spot is None else spot + count * rate.spot
        spot_zones += [rate.spot_zone] if rate.spot_zone else []
        if rate.reserved is not None:
            reserved += count * rate.reserved
        elif cloud in pb.reserved_ratio:
            reserved += count * rate.on_demand * pb.reserved_ratio[cloud]
            estimated = True
        else:
            raise MissingPrice(
                f"book {pb.name!r} has no reserved price for {cloud} {machine_type} in {region} "
                "and no commitment ratio to estimate one"
            )
    result = Price(
        on_demand=round(on_demand, 5),
        spot=None if spot is None else round(spot, 5),
        reserved=round(reserved, 5),
        source=sources[0],
        book=pb.name,
        fallback_region=fallback,
        reserved_estimated=estimated,
        spot_zone=spot_zones[0] if len(spot_zones) == 1 else None,
    )
    return overrides.apply(cloud, machine_type, result) if overrides is not None else result
