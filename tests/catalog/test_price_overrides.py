"""Negotiated price overrides: a good file applies, every bad input fails with a path-qualified message."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.catalog import InvalidPriceOverrides, load_overrides, price
from components.spec.enums import Cloud

GOOD = """
gcp:
  a3-highgpu-8g: {onDemand: 60.0, spot: 12.5}
discountPercent:
  aws: 10
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_applies_absolute_prices_then_discounts(tmp_path: Path) -> None:
    overrides = load_overrides(write(tmp_path, GOOD))
    base = price(Cloud.GCP, "a3-highgpu-8g", "us-east4")
    got = price(Cloud.GCP, "a3-highgpu-8g", "us-east4", overrides=overrides)
    assert (got.on_demand, got.spot, got.reserved) == (60.0, 12.5, base.reserved)
    assert got.overridden and got.source.url == str(tmp_path / "overrides.yaml")
    aws = price(Cloud.AWS, "g4dn.12xlarge", "us-east-1", overrides=overrides)
    assert aws.on_demand == pytest.approx(3.912 * 0.9) and aws.overridden
    untouched = price(Cloud.GCP, "a2-highgpu-1g", "us-central1", overrides=overrides)
    assert not untouched.overridden


def test_empty_file_is_no_overrides(tmp_path: Path) -> None:
    overrides = load_overrides(write(tmp_path, ""))
    assert not overrides.prices and not overrides.discount_percent


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("aws: {p9.huge: {onDemand: 1}}", 'aws["p9.huge"]: unknown aws machine type'),
        ("aws: {g4dn.12xlarge: {onDemand: -1}}", 'aws["g4dn.12xlarge"].onDemand: -1 must be a positive number'),
        ("aws: {g4dn.12xlarge: {onDemand: cheap}}", "aws[\"g4dn.12xlarge\"].onDemand: 'cheap' must be a positive"),
        ("aws: {g4dn.12xlarge: {ondemand: 1}}", 'aws["g4dn.12xlarge"].ondemand: unknown tier'),
        ("aws: {g4dn.12xlarge: {onDemand: 1, spot: 2}}", 'aws["g4dn.12xlarge"].spot: 2.0 exceeds onDemand 1.0'),
        ("aws: {g4dn.12xlarge: 3}", 'aws["g4dn.12xlarge"]: expected a mapping'),
        ("aws: [1, 2]", "aws: expected a mapping of machine type to prices"),
        ("oracle: {}", "oracle: unknown key; allowed: aws, gcp, azure, discountPercent"),
        ("discountPercent: {azure: 100}", "discountPercent.azure: 100 must be a number from 0 to below 100"),
        ("discountPercent: {ibm: 5}", "discountPercent.ibm: unknown cloud"),
        ("discountPercent: 15", "discountPercent: expected a mapping of cloud to percent"),
        ("- 1\n- 2", "(top level): expected a mapping"),
        ("aws: {g4dn.12xlarge: {onDemand: 1}", "not valid YAML"),
    ],
)
def test_bad_input_names_its_path(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidPriceOverrides) as err:
        load_overrides(path)
    assert str(err.value).startswith(str(path)), str(err.value)
    assert fragment in str(err.value), str(err.value)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "aws: {p9.huge: {}}\ndiscountPercent: {azure: -5}\nfoo: 1\n")
    with pytest.raises(InvalidPriceOverrides, match="3 problems") as err:
        load_overrides(path)
    assert str(err.value).count("\n  ") == 3


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidPriceOverrides, match="cannot read price overrides"):
        load_overrides(tmp_path / "absent.yaml")
