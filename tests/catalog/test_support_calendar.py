"""The Kubernetes support calendar: each row as its provider's calendar gives it, one rule for what `validate`
accepts on a day, and advice that only ever names versions that rule accepts on that same day.

Every test passes its day explicitly (or through MLPLATFORM_TODAY): none depends on the real clock.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from components import catalog
from components.catalog import kubernetes_version, support_warning, supported_versions, version_problem
from components.catalog.kubernetes import CALENDARS_REVIEWED, VERSIONS
from components.spec import BlueprintError, load_blueprint
from components.spec.enums import Cloud
from components.spec.rules import check
from tests.blueprints import ADMINS

REGION = {Cloud.AWS: "us-east-1", Cloud.GCP: "us-central1", Cloud.AZURE: "eastus"}

# (cloud, version) -> (offered from, end of standard support): as the providers' calendars give them.
CALENDAR = {
    (Cloud.AWS, "1.33"): (date(2025, 5, 29), date(2026, 7, 29)),  # EKS calendar
    (Cloud.AWS, "1.34"): (date(2025, 10, 2), date(2026, 12, 2)),  # EKS calendar
    (Cloud.AWS, "1.35"): (date(2026, 1, 28), date(2027, 3, 27)),
    (Cloud.AWS, "1.36"): (date(2026, 6, 2), date(2027, 8, 2)),
    (Cloud.AWS, "1.37"): (date(2026, 10, 1), date(2027, 12, 1)),  # estimated
    (Cloud.GCP, "1.33"): (date(2025, 6, 3), date(2026, 8, 3)),  # end of standard support, not of "active" support
    (Cloud.GCP, "1.34"): (date(2025, 9, 30), date(2026, 10, 1)),
    (Cloud.GCP, "1.35"): (date(2026, 2, 11), date(2027, 4, 11)),
    (Cloud.GCP, "1.36"): (date(2026, 5, 26), date(2027, 7, 26)),  # estimated
    (Cloud.GCP, "1.37"): (date(2026, 9, 29), date(2027, 11, 29)),  # estimated
    (Cloud.AZURE, "1.33"): (date(2025, 6, 30), date(2026, 7, 31)),  # AKS calendar: a month is its last day
    (Cloud.AZURE, "1.34"): (date(2025, 11, 30), date(2026, 11, 30)),  # Nov 2026, not 2026-12-31
    (Cloud.AZURE, "1.35"): (date(2026, 4, 7), date(2027, 3, 31)),
    (Cloud.AZURE, "1.36"): (date(2026, 6, 30), date(2027, 6, 30)),
    (Cloud.AZURE, "1.37"): (date(2026, 10, 31), date(2027, 10, 31)),
}


def blueprint(cloud: Cloud, version: str) -> dict[str, Any]:
    return {"cloud": cloud.value, "region": REGION[cloud], "environment": "dev",
            "cluster": {"kubernetesVersion": version, "admins": ADMINS[cloud.value]},
            "nodePools": [{"name": "gpu", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 1}]}


def test_every_row_is_the_calendars_and_cites_it() -> None:
    assert {key: (r.available_from, r.end_of_standard_support) for key, r in VERSIONS.items()} == CALENDAR
    for row in VERSIONS.values():
        assert row.source.url.startswith("https://") and row.source.as_of <= CALENDARS_REVIEWED, row
        assert row.note.startswith("estimated") is row.estimated, row
        assert row.available_from < row.end_of_standard_support, row
    estimated = {(r.cloud, r.version) for r in VERSIONS.values() if r.estimated}
    assert estimated == {(Cloud.AWS, "1.37"), (Cloud.GCP, "1.36"), (Cloud.GCP, "1.37")}


def test_estimates_sit_on_the_safe_side_of_their_rule() -> None:
    """An estimated end never comes later than its rule's shortest observed gap allows: warnings come early."""
    aws = kubernetes_version(Cloud.AWS, "1.37")
    assert (aws.available_from - date(2026, 8, 26)).days == 36
    for version, upstream in (("1.36", date(2026, 4, 22)), ("1.37", date(2026, 8, 26))):
        row = kubernetes_version(Cloud.GCP, version)
        assert (row.available_from - upstream).days == 34
        month = row.available_from.month + 14
        assert row.end_of_standard_support == row.available_from.replace(
            year=row.available_from.year + (month - 1) // 12, month=(month - 1) % 12 + 1)


def test_accepted_versions_on_the_day_this_was_reviewed() -> None:
    day = date(2026, 12, 6)
    assert {c: supported_versions(c, day) for c in Cloud} == {
        Cloud.AWS: ("1.35", "1.36"),  # 1.34 ended 2026-12-02; 1.37 has no pinned add-on builds
        Cloud.GCP: ("1.35", "1.36", "1.37"),  # 1.34 ended 2026-10-01
        Cloud.AZURE: ("1.35", "1.36", "1.37"),  # 1.34 ended 2026-11-30; 1.37 GA in October 2026
    }


@pytest.mark.parametrize(
    ("cloud", "version", "day", "message"),
    [
        (Cloud.AWS, "1.34", date(2026, 12, 3), "left standard support on aws on 2026-12-02; upgrade to 1.35, 1.36"),
        (Cloud.AZURE, "1.34", date(2026, 12, 1),
         "left standard support on azure on 2026-11-30; upgrade to 1.35, 1.36, 1.37"),
        (Cloud.GCP, "1.34", date(2026, 10, 2), "left standard support on gcp on 2026-10-01; upgrade to 1.35, 1.36, "
         "1.37"),
        (Cloud.AZURE, "1.37", date(2026, 10, 30), "is not offered on azure before 2026-10-31; use one of 1.34, 1.35, "
         "1.36"),
        (Cloud.GCP, "1.37", date(2026, 9, 1), "is not offered on gcp before 2026-09-29 (estimated); use one of 1.34, "
         "1.35, 1.36"),
        (Cloud.AWS, "1.37", date(2026, 12, 6), "has no pinned EKS add-on versions (vpc-cni, kube-proxy, coredns, "
         "metrics-server, eks-node-monitoring-agent, aws-ebs-csi-driver) yet: AWS publishes add-on builds per minor, "
         "and none are "
         "pinned in components/catalog/eks_addons.py (check `aws eks describe-addon-versions`); use one of 1.35, "
         "1.36"),
        (Cloud.AWS, "1.99", date(2026, 12, 6), "is not a supported version on aws; use MAJOR.MINOR, one of 1.35, "
         "1.36"),
    ],
)
def test_each_refusal_says_why_and_what_to_use(cloud: Cloud, version: str, day: date, message: str) -> None:
    assert version_problem(cloud, version, day) == message


def test_the_last_day_of_support_is_accepted_and_the_next_is_not() -> None:
    for (cloud, version), (start, end) in CALENDAR.items():
        if cloud is Cloud.AWS and not catalog.eks_addon_pinned(version):
            continue  # 1.33 and 1.37: no pinned add-on builds, refused on every day (tested above)
        assert version_problem(cloud, version, start) is None, (cloud, version)
        assert version_problem(cloud, version, end) is None, (cloud, version)
        assert version_problem(cloud, version, start - timedelta(days=1)) is not None, (cloud, version)
        assert version_problem(cloud, version, end + timedelta(days=1)) is not None, (cloud, version)


def _recommended(message: str) -> list[str]:
    tail = message.rsplit("; ", 1)[-1]
    return re.findall(r"\b1\.\d+\b", tail) if tail.startswith(("upgrade to", "use one of", "use MAJOR")) else []


def test_every_recommended_version_is_accepted_on_that_day_for_every_cloud_and_version() -> None:
    """Advice that holds: walk every week from the oldest row to past the newest end, on every cloud, for every
    version (known or not); whatever an error or a warning recommends, `version_problem` accepts that day."""
    day, last = date(2025, 5, 1), date(2028, 1, 31)
    checked = 0
    while day <= last:
        for cloud in Cloud:
            for version in ("1.32", "1.33", "1.34", "1.35", "1.36", "1.37", "1.38"):
                for text in (version_problem(cloud, version, day), support_warning(cloud, version, day)):
                    for recommended in _recommended(text or ""):
                        assert version_problem(cloud, recommended, day) is None, (cloud, version, day, text)
                        checked += 1
        day += timedelta(days=7)
    assert checked > 1000  # the walk recommended something on most days


def test_validate_and_warnings_judge_the_injected_day(monkeypatch: pytest.MonkeyPatch) -> None:
    bp = load_blueprint(blueprint(Cloud.AWS, "1.35"))  # the suite's day (2026-12-07) is inside 1.35's support
    assert check(bp, today=date(2027, 3, 27)) == []
    [problem] = check(bp, today=date(2027, 3, 28))
    assert (problem.path, problem.message) == (
        "cluster.kubernetesVersion", "'1.35' left standard support on aws on 2027-03-27; upgrade to 1.36")
    monkeypatch.setenv(catalog.TODAY_ENV, "2027-04-12")
    with pytest.raises(BlueprintError, match=r"'1.35' left standard support on gcp on 2027-04-11; upgrade to 1.36, "
                       r"1.37"):
        load_blueprint(blueprint(Cloud.GCP, "1.35"))
    monkeypatch.setenv(catalog.TODAY_ENV, "not-a-date")
    with pytest.raises(ValueError, match="MLPLATFORM_TODAY='not-a-date' is not a date"):
        catalog.today()


def test_plan_warns_within_the_window_only_and_names_accepted_versions() -> None:
    assert support_warning(Cloud.AWS, "1.34", date(2026, 11, 30)) == (
        "Kubernetes 1.34 leaves standard support on aws on 2026-12-02, in 2 days; upgrade to 1.35, 1.36"
    )
    assert support_warning(Cloud.AZURE, "1.34", date(2026, 11, 1)) == (
        "Kubernetes 1.34 leaves standard support on azure on 2026-11-30, in 29 days; upgrade to 1.35, 1.36, 1.37"
    )
    assert support_warning(Cloud.GCP, "1.37", date(2027, 10, 1)) == (
        "Kubernetes 1.37 leaves standard support on gcp on 2027-11-29 (estimated date), in 59 days; upgrade to a "
        "newer version once the catalog lists one"
    )
    assert support_warning(Cloud.GCP, "1.35", date(2027, 2, 9)) is None  # 61 days left
    assert support_warning(Cloud.GCP, "1.35", date(2027, 2, 10)) is not None  # 60 days left
    assert support_warning(Cloud.AWS, "1.34", date(2026, 12, 3)) is None  # past: validation's job
