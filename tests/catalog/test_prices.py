"""Price books: invariants on every row, the design figures, GCP part sums, coverage and lookups."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest

from components.catalog import (
    ACCELERATOR_SHAPES,
    DEFAULT_PRICE_BOOK,
    PRICE_BOOKS,
    REGIONS,
    SHAPE_REGIONS,
    SYSTEM_SHAPES,
    MissingPrice,
    UnknownPriceBook,
    price,
    prices,
    regions_offering,
)
from components.catalog.freshness import CATALOG_REVIEWED
from components.catalog.price_rows import LOCAL_SSD_PART, Rate, gpu_part, tpu_part
from components.catalog.prices import PriceBook, price_parts
from components.catalog.prices_azure import SPOT_NOT_OFFERED
from components.catalog.types import Price, Source
from components.spec.enums import Accelerator, Capacity, Cloud

TODAY = CATALOG_REVIEWED

# Shapes with no availability and no price read from any source. Shrink it as rows arrive:
# test_known_gaps_are_really_gaps fails once a gap is filled.
KNOWN_GAPS: frozenset[tuple[Cloud, str]] = frozenset()
# Catalog regions for which no availability of any shape was read: the Azure snapshot covers US regions only.
UNSOURCED_REGIONS = frozenset({(Cloud.AZURE, "westeurope"), (Cloud.AZURE, "swedencentral")})
# Shapes with no spot figure in any feed read (spot None, never a stand-in): AWS p5.4xlarge (not in the spot
# snapshot), AWS p4de in eu-central-1 (new since the snapshot) and the Azure H100 size (no spot offering).
NO_SPOT = frozenset({
    (Cloud.AWS, "p5.4xlarge", "us-east-1"),
    (Cloud.AWS, "p5.4xlarge", "us-east-2"),
    (Cloud.AWS, "p5.4xlarge", "us-west-2"),
    (Cloud.AWS, "p4de.24xlarge", "eu-central-1"),
    (Cloud.AZURE, "Standard_ND96isr_H100_v5", "eastus"),
    (Cloud.AZURE, "Standard_ND96isr_H100_v5", "eastus2"),
})


def check(p: Price) -> None:
    assert p.on_demand > 0 and p.reserved > 0, p
    assert p.spot is None or 0 < p.spot < p.on_demand, p
    assert p.reserved < p.on_demand, p
    assert p.on_demand < 1000, p  # no placeholder figures (the source uses 700.0 for "unknown")
    assert p.source.url.startswith("https://") and p.source.as_of <= TODAY


def accelerator_machine_types() -> set[tuple[Cloud, str]]:
    return {(s.cloud, s.machine_type) for shapes in ACCELERATOR_SHAPES.values() for s in shapes}


@pytest.mark.parametrize("book", PRICE_BOOKS.values(), ids=lambda b: b.name)
def test_every_row_is_a_real_price(book: PriceBook) -> None:
    assert book.rows
    for key, rate in book.rows.items():
        assert rate.on_demand > 0, key
        assert rate.spot is None or 0 < rate.spot < rate.on_demand, key
        assert rate.reserved is None or 0 < rate.reserved < rate.on_demand, key
        assert rate.on_demand not in (700.0, 999.0, 9999.0), key
        assert rate.source.as_of <= TODAY and rate.source.url.startswith("https://"), key
    for ratio in book.reserved_ratio.values():
        assert 0 < ratio < 1


def test_design_2025_reproduces_the_design_figures() -> None:
    expected = {
        (Cloud.AWS, "p4de.24xlarge"): (40.97, 12.29, 25.81),
        (Cloud.GCP, "a2-ultragpu-8g"): (40.22, 12.07, 25.34),
        (Cloud.AZURE, "Standard_ND96amsr_A100_v4"): (37.19, 11.16, 22.87),
    }
    reference = {Cloud.AWS: "us-east-1", Cloud.GCP: "us-central1", Cloud.AZURE: "eastus"}
    for (cloud, machine_type), figures in expected.items():
        p = price(cloud, machine_type, reference[cloud], book="design-2025")
        assert (p.on_demand, p.spot, p.reserved) == figures
        assert p.fallback_region is None and not p.reserved_estimated and p.book == "design-2025"
        assert [p.for_capacity(c) for c in (Capacity.ON_DEMAND, Capacity.SPOT, Capacity.RESERVED)] == list(figures)
    assert dict(PRICE_BOOKS["design-2025"].spot_savings_up_to) == {Cloud.AWS: 90, Cloud.GCP: 91, Cloud.AZURE: 80}


def test_design_2025_is_labelled_as_an_article_with_flat_ratios() -> None:
    from components.catalog import prices_design as design

    for (cloud, _, _), rate in design.ROWS.items():
        assert rate.spot == round(rate.on_demand * design.SPOT_FRACTION, 2), cloud
        assert rate.reserved == round(rate.on_demand * design.RESERVED_FRACTION[cloud], 2), cloud
    assert "not vendor list prices" in PRICE_BOOKS["design-2025"].description
    assert "article" in design.SOURCE.title
    assert design.SPOT_SAVINGS_UP_TO[Cloud.AZURE] == 80 and design.VENDOR_SPOT_SAVINGS_UP_TO[Cloud.AZURE] == 90
    assert any("Microsoft states up to 90%" in d for d in design.DISAGREEMENTS)


def test_design_2025_elsewhere_is_the_reference_figure_flagged() -> None:
    p = price(Cloud.GCP, "a2-ultragpu-8g", "europe-west4", book="design-2025")
    assert p.on_demand == 40.22 and p.fallback_region == "us-central1"
    with pytest.raises(MissingPrice, match="p5.48xlarge"):
        price(Cloud.AWS, "p5.48xlarge", "us-east-1", book="design-2025")


def test_gcp_node_price_is_vm_plus_count_times_gpu() -> None:
    rows = PRICE_BOOKS[DEFAULT_PRICE_BOOK].rows
    [t4] = ACCELERATOR_SHAPES[(Cloud.GCP, Accelerator.T4, 1)]
    vm = rows[(Cloud.GCP, t4.machine_type, "us-central1")]
    gpu = rows[(Cloud.GCP, gpu_part("nvidia-tesla-t4"), "us-central1")]
    p = price(Cloud.GCP, t4.machine_type, "us-central1")
    assert p.on_demand == pytest.approx(vm.on_demand + gpu.on_demand)
    assert p.spot == pytest.approx(vm.spot + gpu.spot)
    # The VM row is the 2026-07-30 mirror's, the T4 part the 2025-05-31 snapshot's: the spot is as old as its oldest.
    dates = (vm.source.as_of, gpu.source.as_of, p.spot_as_of)
    assert dates == (date(2026, 7, 30), date(2025, 5, 31), date(2025, 5, 31))
    assert price_parts(Cloud.GCP, "a2-highgpu-8g") == (("a2-highgpu-8g", 1), (gpu_part("nvidia-tesla-a100"), 8))
    assert price_parts(Cloud.GCP, "a3-highgpu-8g") == (
        ("a3-highgpu-8g", 1), (gpu_part("nvidia-h100-80gb"), 8), (LOCAL_SSD_PART, 6000))


def test_gcp_tpu_host_is_chips_times_chip_price() -> None:
    chip = PRICE_BOOKS[DEFAULT_PRICE_BOOK].rows[(Cloud.GCP, tpu_part(Accelerator.TPU_V6E), "us-east5")]
    p = price(Cloud.GCP, "ct6e-standard-8t", "us-east5")
    assert p.on_demand == pytest.approx(8 * chip.on_demand) and p.spot == pytest.approx(8 * chip.spot)


def all_machine_types() -> set[tuple[Cloud, str]]:
    return accelerator_machine_types() | {(s.cloud, s.machine_type) for s in SYSTEM_SHAPES.values()}


def test_every_shape_is_priced_in_every_region_offering_it() -> None:
    missing = []
    for cloud, machine_type in sorted(all_machine_types(), key=str):
        for region in sorted(regions_offering(cloud, machine_type)):
            try:
                check(price(cloud, machine_type, region))
            except MissingPrice as exc:
                missing.append(str(exc))
    assert not missing, "\n".join(missing)


def test_every_accelerator_shape_is_offered_in_a_catalog_region() -> None:
    unoffered = {k for k in accelerator_machine_types() if not regions_offering(*k)}
    assert unoffered == KNOWN_GAPS


def test_system_shapes_are_offered_in_every_sourced_catalog_region() -> None:
    for (cloud, size), shape in SYSTEM_SHAPES.items():
        sourced = {r for c, r in REGIONS if c is cloud and (c, r) not in UNSOURCED_REGIONS}
        assert regions_offering(cloud, shape.machine_type) == sourced, (cloud, size)


def test_every_offered_machine_type_is_a_catalog_shape() -> None:
    assert set(SHAPE_REGIONS) <= all_machine_types()


def test_known_gaps_are_really_gaps() -> None:
    for cloud, machine_type in KNOWN_GAPS:
        assert not regions_offering(cloud, machine_type)
        for c, region in REGIONS:
            if c is cloud:
                with pytest.raises(MissingPrice):
                    price(cloud, machine_type, region)
    for cloud, region in UNSOURCED_REGIONS:
        assert not any(region in regions for (c, _), regions in SHAPE_REGIONS.items() if c is cloud)


def test_spot_is_missing_only_where_no_feed_has_it_and_never_the_full_rate() -> None:
    rows = PRICE_BOOKS[DEFAULT_PRICE_BOOK].rows
    assert {key for key, rate in rows.items() if rate.spot is None} == NO_SPOT
    assert {(c, m) for c, m, _ in NO_SPOT if c is Cloud.AZURE} == {(Cloud.AZURE, m) for m in SPOT_NOT_OFFERED}
    p = price(Cloud.AZURE, "Standard_ND96isr_H100_v5", "eastus")
    assert p.spot is None and p.on_demand == 98.32
    with pytest.raises(MissingPrice, match="no spot price"):
        p.for_capacity(Capacity.SPOT)
    assert "NO SPOT PRICE: none is published for this shape here" in p.flags(Capacity.SPOT)


def test_aws_gpu_prices_are_after_the_june_2025_cut() -> None:
    expected = {  # (on-demand, 1-year reserved) from the 2026-08-26 price list
        ("p5.48xlarge", "us-east-1"): (55.04, None),
        ("p5.4xlarge", "us-east-1"): (6.88, None),
        ("p4de.24xlarge", "us-east-1"): (27.44705, 17.401365),
        ("p4d.24xlarge", "us-east-1"): (21.957642, 13.921094),
        ("p4d.24xlarge", "eu-central-1"): (27.43298, 17.392445),
    }
    rows = PRICE_BOOKS[DEFAULT_PRICE_BOOK].rows
    for (machine, region), (on_demand, reserved) in expected.items():
        rate = rows[(Cloud.AWS, machine, region)]
        assert (rate.on_demand, rate.reserved) == (on_demand, reserved), machine
        assert rate.source.as_of == date(2026, 8, 26)
    # 8x H100 and 8x A100 80GB: 44% and 33% below the pre-cut figures the old book used.
    assert price(Cloud.AWS, "p5.48xlarge", "us-east-1").on_demand == pytest.approx(98.32 * 0.56, abs=0.02)
    assert price(Cloud.AWS, "p4de.24xlarge", "us-east-1").on_demand == pytest.approx(40.96575 * 0.67, abs=0.02)


def test_published_reserved_is_used_and_estimated_reserved_is_below_today_on_demand() -> None:
    p4d = price(Cloud.AWS, "p4d.24xlarge", "us-east-1")
    assert (p4d.reserved, p4d.reserved_estimated) == (13.92109, False)  # rounded to 5 places
    assert p4d.flags(Capacity.RESERVED) == ()
    p5 = price(Cloud.AWS, "p5.48xlarge", "us-east-1")
    assert p5.reserved_estimated and p5.reserved == pytest.approx(55.04 * 25.81 / 40.97, rel=1e-3)
    assert p5.reserved < p5.on_demand
    assert p5.flags(Capacity.RESERVED)[0].startswith("ESTIMATED: reserved")
    assert p5.flags(Capacity.ON_DEMAND) == ()


def test_p5_4xlarge_is_priced_and_placeable_on_aws() -> None:
    p = price(Cloud.AWS, "p5.4xlarge", "us-east-2")
    assert (p.on_demand, p.spot, p.fallback_region) == (6.88, None, None)
    assert regions_offering(Cloud.AWS, "p5.4xlarge") == {"us-east-1", "us-east-2", "us-west-2"}


def test_list_book_figures_read_from_the_snapshots() -> None:
    expected = {
        (Cloud.AWS, "p5.48xlarge", "us-east-1"): (55.04, 25.3026),
        (Cloud.AWS, "m7i.xlarge", "eu-west-1"): (0.2247, 0.0988),
        (Cloud.AZURE, "Standard_ND96amsr_A100_v4", "eastus"): (32.77, 3.6047),
        (Cloud.AZURE, "Standard_D4s_v5", "southcentralus"): (0.23, 0.027416),
        # GCP from the 2026-07-30 Cloud Billing mirror: the VM row, and G2 as a whole node (VM + one L4).
        (Cloud.GCP, "n2-standard-4", "us-central1"): (0.19424, 0.09212),
        (Cloud.GCP, "g2-standard-4", "us-central1"): (0.70683, 0.39734),
    }
    for (cloud, machine_type, region), (on_demand, spot) in expected.items():
        p = price(cloud, machine_type, region)
        assert (p.on_demand, p.spot) == pytest.approx((on_demand, spot), abs=1e-5), machine_type
        assert p.fallback_region is None and p.book == DEFAULT_PRICE_BOOK


def test_reserved_is_estimated_and_flagged_in_the_list_book() -> None:
    p = price(Cloud.AWS, "g4dn.12xlarge", "us-east-1")
    assert p.reserved_estimated and p.reserved == pytest.approx(3.912 * 25.81 / 40.97, rel=1e-3)


def test_a_region_with_its_own_list_price_uses_it_not_a_stand_in() -> None:
    # us-central1 A100 80GB: the snapshot's row was omitted (a flex-start SKU) and us-east5's 4.4242 per GPU stood
    # in; the 2026-07-30 mirror publishes the region's own node price (3.92808 per GPU), 10% lower.
    p = price(Cloud.GCP, "a2-ultragpu-8g", "us-central1")
    assert (p.fallback_region, p.regional) == (None, True)
    assert p.on_demand == pytest.approx(40.22162 + 3000 * 0.08 / 730, abs=1e-5)
    assert p.source.as_of == date(2026, 7, 30)
    # us-west4 H100: us-east4's part stood in (10% low); its own figure is us-east5's list price.
    west = price(Cloud.GCP, "a3-highgpu-8g", "us-west4")
    assert (west.fallback_region, west.on_demand) == (None, pytest.approx(98.92567 + 6000 * 0.088 / 730, abs=1e-5))
    assert not any(f.startswith("FALLBACK") for f in west.flags())


def test_a_region_without_its_own_figure_gets_the_reference_stand_in_last_and_flagged() -> None:
    p = price(Cloud.GCP, "a2-ultragpu-8g", "europe-west4", book="design-2025")
    assert (p.on_demand, p.fallback_region) == (40.22, "us-central1")
    assert p.flags()[0] == "FALLBACK: part of this price is us-central1's, not this region's own"


def _book(rows: dict[tuple[Cloud, str, str], Rate], nodes: dict[tuple[Cloud, str, str], Rate]) -> PriceBook:
    return PriceBook("test", "test", SNAPSHOT, MappingProxyType(rows),
                     reference_regions=MappingProxyType({Cloud.GCP: ("us-east4",)}),
                     reserved_ratio=MappingProxyType({Cloud.GCP: 0.5}), node_rows=MappingProxyType(nodes))


SNAPSHOT = Source("snapshot", "https://example.org/old", date(2025, 5, 31))
MIRROR = Source("mirror", "https://example.org/new", date(2026, 7, 30))
FEED = Source("feed", "https://example.org/feed", date(2026, 11, 1))
A3, H100, SSD = "a3-highgpu-8g", gpu_part("nvidia-h100-80gb"), LOCAL_SSD_PART


def _with(monkeypatch: pytest.MonkeyPatch, book: PriceBook) -> None:
    monkeypatch.setattr(prices, "PRICE_BOOKS", MappingProxyType({book.name: book}))


def test_own_figure_beats_a_newer_stand_in_and_the_newest_own_figure_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    ssd = {(Cloud.GCP, SSD, r): Rate(0.0, 0.0, 0.0, SNAPSHOT) for r in ("us-west4", "us-east4")}
    rows = {(Cloud.GCP, A3, "us-west4"): Rate(10.0, 2.0, None, SNAPSHOT),
            (Cloud.GCP, H100, "us-east4"): Rate(9.0, 1.0, None, FEED), **ssd}
    _with(monkeypatch, _book(rows, {}))
    stand_in = price(Cloud.GCP, A3, "us-west4", book="test")
    assert (stand_in.on_demand, stand_in.fallback_region) == (82.0, "us-east4")
    # An older own figure (a whole-node row) comes before the newer stand-in.
    _with(monkeypatch, _book(rows, {(Cloud.GCP, A3, "us-west4"): Rate(98.0, 36.0, 68.0, MIRROR)}))
    own = price(Cloud.GCP, A3, "us-west4", book="test")
    assert (own.on_demand, own.spot, own.reserved, own.fallback_region) == (98.0, 36.0, 68.0, None)
    assert (own.spot_as_of, own.reserved_estimated) == (date(2025, 5, 31), False)  # the SSD part's spot is older
    # A refreshed own part newer than the node row wins; a tier it lacks keeps the node row's figure.
    fresh = {**rows, (Cloud.GCP, H100, "us-west4"): Rate(11.0, 4.0, None, FEED),
             (Cloud.GCP, SSD, "us-west4"): Rate(0.0, 0.0, 0.0, FEED)}
    _with(monkeypatch, _book(fresh, {(Cloud.GCP, A3, "us-west4"): Rate(98.0, 36.0, 68.0, MIRROR)}))
    newest = price(Cloud.GCP, A3, "us-west4", book="test")
    assert (newest.on_demand, newest.spot, newest.reserved, newest.fallback_region) == (98.0, 36.0, 68.0, None)
    fresh[(Cloud.GCP, A3, "us-west4")] = Rate(10.0, 2.0, None, FEED)
    _with(monkeypatch, _book(fresh, {(Cloud.GCP, A3, "us-west4"): Rate(98.0, 36.0, 68.0, MIRROR)}))
    newest = price(Cloud.GCP, A3, "us-west4", book="test")
    assert (newest.on_demand, newest.spot, newest.reserved) == (98.0, 34.0, 68.0)
    assert newest.spot_as_of == date(2026, 11, 1)


def test_bundled_local_ssd_is_priced_per_gib_month_in_every_tier() -> None:
    p = price(Cloud.GCP, "a3-highgpu-8g", "us-central1")
    assert p.local_ssd is not None
    ssd = p.local_ssd
    assert (ssd.gib, ssd.usd_per_gib_month, ssd.source.as_of) == (6000, 0.08, date(2026, 7, 30))
    assert (ssd.on_demand, ssd.spot, ssd.reserved) == pytest.approx((6000 * 0.08 / 730, 6000 * 0.0428 / 730,
                                                                      6000 * 0.0504 / 730))
    # The mirror's node total (88.49 with its 6000 GiB) and Google's published 1-year rate 60.97 plus the SSD's.
    assert (p.on_demand, p.reserved, p.reserved_estimated) == (88.49, pytest.approx(60.96943 + ssd.reserved), False)
    assert price(Cloud.GCP, "a2-ultragpu-1g", "us-east4").local_ssd.gib == 375  # type: ignore[union-attr]
    assert price(Cloud.GCP, "a2-highgpu-1g", "us-central1").local_ssd is None
    assert price(Cloud.GCP, "a2-ultragpu-8g", "us-central1", book="design-2025").local_ssd is None


def test_every_spot_figure_carries_its_data_date_and_is_flagged_after_90_days() -> None:
    for cloud, machine_type in sorted(all_machine_types(), key=str):
        for region in sorted(regions_offering(cloud, machine_type)):
            p = price(cloud, machine_type, region)
            assert (p.spot is None) is (p.spot_as_of is None), (machine_type, region)
    p = price(Cloud.GCP, "a3-highgpu-8g", "us-west4")
    assert p.spot_as_of == date(2026, 7, 30)
    assert p.flags(Capacity.SPOT, date(2026, 10, 28)) == ()  # 90 days: not yet
    assert p.flags(Capacity.SPOT, date(2026, 10, 29)) == (
        "OLD SPOT DATA: the spot figure's data is of 2026-07-30, 91 days before 2026-10-29 (over 90); spot moves "
        "daily, run `mlplatform catalog refresh`",
    )
    assert p.flags(Capacity.ON_DEMAND, date(2027, 1, 1)) == ()
    assert price(Cloud.AWS, "p5.48xlarge", "us-east-1").spot_as_of == date(2025, 5, 31)


def test_no_cross_region_blend_is_presented_as_regional() -> None:
    """Every node price is either the region's own figures (parts or a whole-node row), or flagged."""
    for book in PRICE_BOOKS.values():
        for cloud, machine_type in sorted(all_machine_types(), key=str):
            for region in sorted(regions_offering(cloud, machine_type)):
                try:
                    p = price(cloud, machine_type, region, book=book.name)
                except MissingPrice:
                    continue
                parts = price_parts(cloud, machine_type, book.name)
                machine = all((cloud, item, region) in book.rows for item, _ in parts if item != LOCAL_SSD_PART)
                own = (machine or (cloud, machine_type, region) in book.node_rows) and all(
                    (cloud, item, region) in book.rows for item, _ in parts if item == LOCAL_SSD_PART)
                assert p.regional is own, (book.name, machine_type, region)


def test_unknown_book_and_missing_price_say_what_exists() -> None:
    with pytest.raises(UnknownPriceBook) as err:
        price(Cloud.AWS, "p5.48xlarge", "us-east-1", book="list-2019")
    assert "design-2025" in str(err.value) and "list-2026" in str(err.value)
    with pytest.raises(MissingPrice) as missing:
        price(Cloud.AZURE, "Standard_ND96amsr_A100_v4", "westeurope")
    assert "other books pricing it: design-2025" in str(missing.value)
    with pytest.raises(MissingPrice, match="prices it in: eu-central-1, us-east-1, us-east-2, us-west-2"):
        price(Cloud.AWS, "g6.xlarge", "eu-west-1")


def test_no_spot_price_comes_from_an_excluded_zone() -> None:
    from components.catalog.prices_aws import SPOT_BY_ZONE, lowest_allowed_spot
    from components.catalog.regions import EKS_DISALLOWED_AZ_IDS

    rows = PRICE_BOOKS[DEFAULT_PRICE_BOOK].rows
    for (_, machine, region), rate in rows.items():
        if rate.spot_zone is not None:
            assert rate.spot_zone not in EKS_DISALLOWED_AZ_IDS.get(region, frozenset()), (machine, region)
            assert SPOT_BY_ZONE[machine][region][rate.spot_zone] == rate.spot, (machine, region)
    # The snapshot's cheapest us-east-1 zone for 8x H100 is use1-az3 (20.9934): never used.
    assert SPOT_BY_ZONE["p5.48xlarge"]["us-east-1"]["use1-az3"] == 20.9934
    assert lowest_allowed_spot("p5.48xlarge", "us-east-1") == (25.3026, "use1-az6")
    p = price(Cloud.AWS, "p5.48xlarge", "us-east-1")
    assert (p.spot, p.spot_zone) == (25.3026, "use1-az6")
    # Every AWS region that has an excluded zone and a spot figure read per zone says which zone it came from.
    for machine, by_region in SPOT_BY_ZONE.items():
        for region in set(by_region) & set(EKS_DISALLOWED_AZ_IDS):
            rate = rows[(Cloud.AWS, machine, region)]
            assert rate.spot is None or rate.spot_zone is not None, (machine, region)
