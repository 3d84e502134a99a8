"""Behaviours of `components/catalog` a mutation run (`tools/mutate.py`) found no test pinning, each at its
boundary: the clock's fallback when no date is pinned (with the system date faked, never read), and the error an
unpinned EKS add-on lookup raises."""

from __future__ import annotations

from datetime import date

import pytest

from components.catalog import CatalogError, clock
from components.catalog.eks_addons import ADDON_VERSIONS, addon_version

FAKE_SYSTEM_DAY = date(2031, 5, 17)


class _FakeDate(date):
    @classmethod
    def today(cls) -> _FakeDate:
        return cls(FAKE_SYSTEM_DAY.year, FAKE_SYSTEM_DAY.month, FAKE_SYSTEM_DAY.day)


def test_today_is_the_pinned_day_else_the_system_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "date", _FakeDate)
    monkeypatch.setenv(clock.TODAY_ENV, "2026-01-02")
    assert clock.today() == date(2026, 1, 2)
    monkeypatch.setenv(clock.TODAY_ENV, "  ")
    assert clock.today() == FAKE_SYSTEM_DAY
    monkeypatch.delenv(clock.TODAY_ENV)
    assert clock.today() == FAKE_SYSTEM_DAY
    monkeypatch.setenv(clock.TODAY_ENV, "2026-13-01")
    with pytest.raises(ValueError, match=r"^MLPLATFORM_TODAY='2026-13-01' is not a date; use YYYY-MM-DD$"):
        clock.today()


def test_an_unpinned_addon_lookup_names_the_minors_pinned_for_that_addon_only() -> None:
    assert addon_version("vpc-cni", "1.35") == ADDON_VERSIONS[("vpc-cni", "1.35")]
    with pytest.raises(CatalogError) as old:
        addon_version("vpc-cni", "1.20")
    assert str(old.value) == "no EKS add-on 'vpc-cni' pinned for Kubernetes 1.20; pinned for: 1.34, 1.35, 1.36"
    with pytest.raises(CatalogError) as unknown:
        addon_version("no-such-addon", "1.35")
    assert str(unknown.value) == "no EKS add-on 'no-such-addon' pinned for Kubernetes 1.35; pinned for: none"
