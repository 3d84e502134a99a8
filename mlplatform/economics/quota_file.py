"""The quota file a user exports from their account: one cloud, one region, quota key -> limit and usage.

Format (YAML; JSON is YAML too, so the exports below write it directly)::

    cloud: aws                  # aws | gcp | azure
    region: us-east-1
    quotas:
      L-417A185B: {limit: 384, usage: 96}   # limit and what is already used, in the quota's own unit
      L-7212CCBC: 0                          # a bare number is the limit, nothing used

Keys are the cloud's own quota codes (``components/catalog/quotas.py``); a Cloud Quotas ID with a dimension is
written ``ID[dimension=value]``. Azure usage names compare case-insensitively (the API mixes cases). How to
export one per cloud is in ``docs/preflight.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from components.spec import Cloud


class QuotaFileError(ValueError):
    """A quota file that cannot be read; the message names the file and the key."""


@dataclass(frozen=True)
class QuotaValue:
    limit: float
    usage: float = 0.0

    @property
    def free(self) -> float:
        return self.limit - self.usage


@dataclass(frozen=True)
class QuotaFile:
    cloud: Cloud
    region: str
    quotas: Mapping[str, QuotaValue]
    path: str = ""

    def get(self, key: str) -> QuotaValue | None:
        """The quota under ``key``; on Azure the usage names compare case-insensitively."""
        if key in self.quotas:
            return self.quotas[key]
        if self.cloud is Cloud.AZURE:
            folded = {k.lower(): v for k, v in self.quotas.items()}
            return folded.get(key.lower())
        return None


def load_quota_file(path: Path) -> QuotaFile:
    """Read and check the quota file at ``path``; raises QuotaFileError naming the file and the bad key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuotaFileError(f"{path}: cannot read the quota file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise QuotaFileError(f"{path}: not valid YAML: {exc}") from None
    return parse_quota_file(data, str(path))


def parse_quota_file(data: object, where: str) -> QuotaFile:
    if not isinstance(data, dict):
        raise QuotaFileError(f"{where}: expected a mapping with cloud, region and quotas")
    unknown = sorted(set(data) - {"cloud", "region", "quotas"})
    if unknown:
        raise QuotaFileError(f"{where}: unknown keys {', '.join(map(str, unknown))}; allowed: cloud, region, quotas")
    try:
        cloud = Cloud(str(data.get("cloud")))
    except ValueError:
        raise QuotaFileError(f"{where}: cloud: {data.get('cloud')!r} is not one of aws, gcp, azure") from None
    region = data.get("region")
    if not isinstance(region, str) or not region:
        raise QuotaFileError(f"{where}: region: name the region the quotas were exported from")
    quotas = data.get("quotas")
    if not isinstance(quotas, dict):
        raise QuotaFileError(f"{where}: quotas: expected a mapping of quota code -> limit or {{limit, usage}}")
    return QuotaFile(
        cloud, region, MappingProxyType({str(k): _value(where, str(k), v) for k, v in quotas.items()}), where
    )


def _value(where: str, key: str, raw: object) -> QuotaValue:
    at = f"{where}: quotas.{key}"
    if isinstance(raw, dict):
        extra = sorted(set(raw) - {"limit", "usage"})
        if extra or "limit" not in raw:
            raise QuotaFileError(f"{at}: expected {{limit, usage}} (usage optional), got keys {sorted(raw)}")
        return QuotaValue(_number(at + ".limit", raw["limit"]), _number(at + ".usage", raw.get("usage", 0)))
    return QuotaValue(_number(at, raw))


def _number(at: str, raw: object) -> float:
    if isinstance(raw, bool):
        raise QuotaFileError(f"{at}: {raw!r} is not a number")
    try:
        value = float(raw)  # type: ignore[arg-type]  # az exports limits as strings; anything else fails here
    except (TypeError, ValueError):
        raise QuotaFileError(f"{at}: {raw!r} is not a number") from None
    if value < 0:
        raise QuotaFileError(f"{at}: {raw!r} is negative")
    return value
