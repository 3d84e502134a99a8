"""Negotiated price overrides: a YAML file of absolute prices and per-cloud discounts, applied after a book.

File format (every key optional; clouds are ``aws``, ``gcp``, ``azure``; prices are USD per node-hour)::

    aws:                          # absolute prices for one node of a machine type, any subset of tiers
      p5.48xlarge:
        onDemand: 30.0
        spot: 12.5
        reserved: 21.0
    gcp:
      a3-highgpu-8g: {onDemand: 60.0}
    discountPercent:              # per cloud, 0 <= x < 100, applied to every tier not set absolutely above
      azure: 15

Rules: a machine type must be one the catalog knows for that cloud; prices are positive numbers; when both
are given, spot <= onDemand and reserved <= onDemand. Every problem is reported at once with its path,
e.g. ``aws["p5.48xlarge"].onDemand``. Overridden prices carry ``overridden=True`` and the file as source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import yaml

from components.catalog.errors import InvalidPriceOverrides
from components.catalog.shapes import ACCELERATOR_SHAPES, SYSTEM_SHAPES
from components.catalog.types import Price, Source
from components.spec.enums import Cloud

_TIERS: Mapping[str, str] = MappingProxyType({"onDemand": "on_demand", "spot": "spot", "reserved": "reserved"})
DISCOUNT_KEY = "discountPercent"


@dataclass(frozen=True)
class TierPrices:
    """Absolute USD/h per node for the tiers given in the file (None: not overridden)."""

    on_demand: float | None = None
    spot: float | None = None
    reserved: float | None = None


@dataclass(frozen=True)
class PriceOverrides:
    """Validated overrides: absolute prices per (cloud, machine type) and a discount per cloud."""

    source: Source
    prices: Mapping[tuple[Cloud, str], TierPrices]
    discount_percent: Mapping[Cloud, float]

    def apply(self, cloud: Cloud, machine_type: str, p: Price) -> Price:
        """``p`` with this file's absolute prices, then its discount on the tiers it did not set."""
        absolute = self.prices.get((cloud, machine_type), TierPrices())
        factor = 1 - self.discount_percent.get(cloud, 0.0) / 100
        if absolute == TierPrices() and factor == 1:
            return p
        spot = None if p.spot is None else round(p.spot * factor, 5)
        return replace(
            p,
            on_demand=absolute.on_demand if absolute.on_demand is not None else round(p.on_demand * factor, 5),
            spot=absolute.spot if absolute.spot is not None else spot,
            reserved=absolute.reserved if absolute.reserved is not None else round(p.reserved * factor, 5),
            source=self.source,
            overridden=True,
        )


def _known_machine_types(cloud: Cloud) -> frozenset[str]:
    accelerated = {s.machine_type for (c, _, _), shapes in ACCELERATOR_SHAPES.items() if c is cloud for s in shapes}
    return frozenset(accelerated | {s.machine_type for (c, _), s in SYSTEM_SHAPES.items() if c is cloud})


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _tiers(cloud: Cloud, machine_type: str, body: object, problems: list[str]) -> TierPrices | None:
    where = f'{cloud}["{machine_type}"]'
    if machine_type not in _known_machine_types(cloud):
        known = ", ".join(sorted(_known_machine_types(cloud)))
        problems.append(f"{where}: unknown {cloud} machine type {machine_type!r}; the catalog knows: {known}")
        return None
    if not isinstance(body, Mapping) or not body:
        problems.append(f"{where}: expected a mapping with any of {', '.join(_TIERS)}; got {body!r}")
        return None
    values: dict[str, float] = {}
    for key, value in body.items():
        if key not in _TIERS:
            problems.append(f"{where}.{key}: unknown tier; allowed: {', '.join(_TIERS)}")
            continue
        number = _number(value)
        if number is None or number <= 0:
            problems.append(f"{where}.{key}: {value!r} must be a positive number of USD per node-hour")
            continue
        values[_TIERS[key]] = number
    on_demand = values.get("on_demand")
    for tier in ("spot", "reserved"):
        if on_demand is not None and values.get(tier, 0.0) > on_demand:
            key = next(k for k, v in _TIERS.items() if v == tier)
            problems.append(f"{where}.{key}: {values[tier]} exceeds onDemand {on_demand}; it must not")
    return TierPrices(**values)


def _discounts(body: object, problems: list[str]) -> dict[Cloud, float]:
    if not isinstance(body, Mapping):
        problems.append(f"{DISCOUNT_KEY}: expected a mapping of cloud to percent; got {body!r}")
        return {}
    result: dict[Cloud, float] = {}
    for key, value in body.items():
        if key not in {c.value for c in Cloud}:
            problems.append(f"{DISCOUNT_KEY}.{key}: unknown cloud; allowed: {', '.join(c.value for c in Cloud)}")
            continue
        number = _number(value)
        if number is None or not 0 <= number < 100:
            problems.append(f"{DISCOUNT_KEY}.{key}: {value!r} must be a number from 0 to below 100")
            continue
        result[Cloud(key)] = number
    return result


def parse_overrides(data: object, source: Source) -> PriceOverrides:
    """Validate already-parsed YAML ``data``; raises InvalidPriceOverrides listing every problem by path."""
    problems: list[str] = []
    prices: dict[tuple[Cloud, str], TierPrices] = {}
    discounts: dict[Cloud, float] = {}
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        problems.append(f"(top level): expected a mapping of clouds and {DISCOUNT_KEY}; got {type(data).__name__}")
        data = {}
    allowed = [*(c.value for c in Cloud), DISCOUNT_KEY]
    for key, body in data.items():
        if key == DISCOUNT_KEY:
            discounts = _discounts(body, problems)
        elif key in {c.value for c in Cloud}:
            cloud = Cloud(key)
            if not isinstance(body, Mapping):
                problems.append(f"{key}: expected a mapping of machine type to prices; got {body!r}")
                continue
            for machine_type, tiers in body.items():
                parsed = _tiers(cloud, str(machine_type), tiers, problems)
                if parsed is not None:
                    prices[(cloud, str(machine_type))] = parsed
        else:
            problems.append(f"{key}: unknown key; allowed: {', '.join(allowed)}")
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise InvalidPriceOverrides(f"{source.url}: {count} in price overrides\n  " + "\n  ".join(problems))
    return PriceOverrides(source, MappingProxyType(prices), MappingProxyType(discounts))


def load_overrides(path: Path) -> PriceOverrides:
    """Read and validate the overrides file at ``path``; raises InvalidPriceOverrides (path-qualified)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidPriceOverrides(f"{path}: cannot read price overrides: {exc.strerror}") from None
    modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
    source = Source(f"negotiated price overrides ({path.name})", str(path), modified)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidPriceOverrides(f"{path}: not valid YAML: {exc}") from None
    return parse_overrides(data, source)
