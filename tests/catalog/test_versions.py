"""Kubernetes support windows, the rules and warnings built on them, and the pins each version needs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from components import catalog
from components.catalog import (
    CATALOG_REVIEWED,
    CLUSTER_AUTOSCALER_IMAGES,
    SUPPORT_WARNING_DAYS,
    Manager,
    kubernetes_version,
    support_warning,
    supported_versions,
    traits,
)
from components.catalog.kubernetes import VERSIONS
from components.k8s.device_plugin import device_plugin_values
from components.plan import plan_platform
from components.spec import BlueprintError, load_blueprint
from components.spec.enums import Cloud
from components.spec.rules import check
from tests.blueprints import ADMINS

UPSTREAM = Path(__file__).resolve().parents[3] / "shared" / "reference" / "upstream"


def blueprint(cloud: Cloud, version: str, **pool: Any) -> dict[str, Any]:
    region = {Cloud.AWS: "us-east-1", Cloud.GCP: "us-central1", Cloud.AZURE: "eastus"}[cloud]
    pools = [{"name": "gpu", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 1, **pool}]
    return {"cloud": cloud.value, "region": region, "environment": "dev",
            "cluster": {"kubernetesVersion": version, "admins": ADMINS[cloud.value]},
            "nodePools": pools}


def test_supported_versions_on_the_review_day() -> None:
    assert {c: supported_versions(c) for c in Cloud} == {
        Cloud.AWS: ("1.34", "1.35", "1.36", "1.37"),
        Cloud.GCP: ("1.35", "1.36", "1.37"),
        Cloud.AZURE: ("1.34", "1.35", "1.36"),
    }
    assert kubernetes_version(Cloud.AWS, "1.34").end_of_standard_support == date(2026, 12, 2)
    assert kubernetes_version(Cloud.GCP, "1.35").end_of_standard_support == date(2027, 2, 28)
    assert "1.34" not in supported_versions(Cloud.GCP)  # left standard support 2026-08-30


def test_every_calendar_row_is_sourced_and_estimates_say_how() -> None:
    for row in VERSIONS.values():
        assert row.source.url.startswith("https://") and row.source.as_of <= CATALOG_REVIEWED, row
        assert (row.note.startswith("estimated")) is row.end_estimated, row
    read = {(r.cloud, r.version) for r in VERSIONS.values() if not r.end_estimated}
    assert read == {(Cloud.AWS, "1.34"), (Cloud.AWS, "1.35"), (Cloud.GCP, "1.34"), (Cloud.GCP, "1.35")}


@pytest.mark.parametrize("cloud", [c for c in Cloud if traits(c).node_autoscaler is Manager.PLATFORM])
def test_every_supported_version_has_an_autoscaler_pin_of_its_minor(cloud: Cloud) -> None:
    for version in supported_versions(cloud):
        assert catalog.cluster_autoscaler_image_tag(version).startswith(f"v{version}."), (cloud, version)
    assert CLUSTER_AUTOSCALER_IMAGES["1.35"].tag == "v1.35.2"  # the latest 1.35 patch (2026-07-22)
    assert {m for m, pin in CLUSTER_AUTOSCALER_IMAGES.items() if not pin.verified} == {"1.37"}


def test_past_the_end_of_standard_support_is_a_validation_error() -> None:
    bp = load_blueprint(blueprint(Cloud.AWS, "1.34"))
    assert check(bp, today=date(2026, 12, 2)) == []
    [problem] = check(bp, today=date(2026, 12, 3))
    assert problem.path == "cluster.kubernetesVersion"
    assert problem.message == "'1.34' left standard support on aws on 2026-12-02; upgrade to 1.35, 1.36, 1.37"


def test_validation_uses_the_injected_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(catalog.TODAY_ENV, "2027-03-01")
    with pytest.raises(BlueprintError, match="'1.35' left standard support on gcp on 2027-02-28"):
        load_blueprint(blueprint(Cloud.GCP, "1.35"))
    monkeypatch.setenv(catalog.TODAY_ENV, "not-a-date")
    with pytest.raises(ValueError, match="MLPLATFORM_TODAY='not-a-date' is not a date"):
        catalog.today()


def test_plan_warning_within_the_window_only() -> None:
    assert SUPPORT_WARNING_DAYS == 60
    assert support_warning(Cloud.AWS, "1.34", CATALOG_REVIEWED) == (
        "Kubernetes 1.34 leaves standard support on aws on 2026-12-02, in 2 days; upgrade to 1.35, 1.36, 1.37"
    )
    assert support_warning(Cloud.AZURE, "1.34", CATALOG_REVIEWED) == (
        "Kubernetes 1.34 leaves standard support on azure on 2026-12-31 (estimated date), in 31 days; "
        "upgrade to 1.35, 1.36"
    )
    assert support_warning(Cloud.GCP, "1.35", CATALOG_REVIEWED) is None  # 90 days left
    assert support_warning(Cloud.GCP, "1.35", date(2026, 12, 30)) is not None  # 60 days left
    assert support_warning(Cloud.AWS, "1.34", date(2026, 12, 3)) is None  # past: validation's job


def test_spot_is_rejected_where_the_cloud_offers_none() -> None:
    with pytest.raises(BlueprintError) as err:
        load_blueprint(blueprint(Cloud.AZURE, "1.35", accelerator="nvidia-h100-80gb"))
    assert [(p.path, p.message) for p in err.value.problems] == [
        ("nodePools[0].capacity", "azure offers no spot capacity of Standard_ND96isr_H100_v5 (nvidia-h100-80gb x8); "
         "use on-demand or reserved, or another accelerator"),
    ]
    load_blueprint(blueprint(Cloud.AZURE, "1.35", accelerator="nvidia-h100-80gb", capacity="on-demand"))


def test_a_reserved_tpu_pool_may_use_a_reservation_only_zone_and_others_may_not() -> None:
    tpu = {"accelerator": "tpu-v6e", "topology": "2x4", "acceleratorsPerNode": None}
    open_pool = plan_platform(load_blueprint(blueprint(Cloud.GCP, "1.35", **tpu)))
    reserved = plan_platform(load_blueprint(blueprint(Cloud.GCP, "1.35", **tpu, capacity="reserved",
                                                      reservation="v6e-res", reservationZone="us-central1-c")))
    assert open_pool.pools[0].zones == ("us-central1-b",)
    assert reserved.pools[0].zones == ("us-central1-c",)  # its reservation's zone, open to reservations only
    raw = blueprint(Cloud.GCP, "1.35", **tpu)
    raw["region"] = "us-east4"
    with pytest.raises(BlueprintError, match=r"ct6e-standard-8t \(tpu-v6e x\?\) is not offered in us-east4"):
        load_blueprint(raw)


def test_device_plugin_values_keys_exist_in_the_upstream_chart() -> None:
    values_file = UPSTREAM / "nvidia-device-plugin" / "deployments" / "helm" / "nvidia-device-plugin" / "values.yaml"
    if not values_file.exists():
        pytest.skip(f"{values_file} is absent (the shared upstream reference is not in a user's clone)")
    upstream = yaml.safe_load(values_file.read_text(encoding="utf-8"))
    ours = device_plugin_values(["nvidia-t4"], [{"key": "nvidia.com/gpu", "operator": "Exists"}])
    assert set(ours) <= set(upstream), set(ours) - set(upstream)
    assert catalog.chart("nvidia-device-plugin").version == "0.20.0"
    for key in ours:  # the keys the platform sets are the ones 0.20.0 did not change
        assert key in catalog.chart("nvidia-device-plugin").source.title
