"""A Kubernetes version is refused from the day after its end of standard support, never on the day itself (the
cloud's calendar names the last supported day): both sides of the boundary for every catalog row. (A row the
catalog cannot build yet, e.g. without pinned EKS add-ons, is refused for that reason on the day itself.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from components.catalog.kubernetes import VERSIONS, KubernetesVersion, version_problem

ROWS = sorted(VERSIONS.values(), key=lambda row: (row.cloud.value, row.version))


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.cloud.value}-{r.version}" for r in ROWS])
def test_last_day_of_standard_support_is_accepted_and_the_next_refused(row: KubernetesVersion) -> None:
    end = row.end_of_standard_support
    on_the_day = version_problem(row.cloud, row.version, end) or ""  # an unbuildable row says so, not this
    assert not on_the_day.startswith("left standard support"), on_the_day
    after = version_problem(row.cloud, row.version, end + timedelta(days=1))
    assert after is not None and after.startswith(f"left standard support on {row.cloud} on {end}; ")


def test_a_buildable_version_is_accepted_on_its_last_day() -> None:
    accepted = [r for r in ROWS if version_problem(r.cloud, r.version, r.end_of_standard_support) is None]
    assert len(accepted) >= len(ROWS) - 2
