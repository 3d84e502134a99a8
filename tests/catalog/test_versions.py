"""Kubernetes support windows, the rules and warnings built on them, and the pins each version needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from components import catalog
from components.catalog import (
    CLUSTER_AUTOSCALER_IMAGES,
    Manager,
    supported_versions,
    traits,
)
from components.k8s.device_plugin import device_plugin_values
from components.plan import plan_platform
from components.spec import BlueprintError, load_blueprint
from components.spec.enums import Cloud
from tests.blueprints import ADMINS

UPSTREAM = Path(__file__).resolve().parents[3] / "shared" / "reference" / "upstream"


def blueprint(cloud: Cloud, version: str, **pool: Any) -> dict[str, Any]:
    region = {Cloud.AWS: "us-east-1", Cloud.GCP: "us-central1", Cloud.AZURE: "eastus"}[cloud]
    pools = [{"name": "gpu", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 1, **pool}]
    return {"cloud": cloud.value, "region": region, "environment": "dev",
            "cluster": {"kubernetesVersion": version, "admins": ADMINS[cloud.value]},
            "nodePools": pools}


@pytest.mark.parametrize("cloud", [c for c in Cloud if traits(c).node_autoscaler is Manager.PLATFORM])
def test_every_supported_version_has_an_autoscaler_pin_of_its_minor(cloud: Cloud) -> None:
    for version in supported_versions(cloud):
        assert catalog.cluster_autoscaler_image_tag(version).startswith(f"v{version}."), (cloud, version)
    assert CLUSTER_AUTOSCALER_IMAGES["1.35"].tag == "v1.35.2"  # the latest 1.35 patch (2026-07-22)
    assert {m for m, pin in CLUSTER_AUTOSCALER_IMAGES.items() if not pin.verified} == {"1.37"}


def test_spot_is_rejected_where_the_cloud_offers_none() -> None:
    with pytest.raises(BlueprintError) as err:
        load_blueprint(blueprint(Cloud.AZURE, "1.35", accelerator="nvidia-h100-80gb"))
    assert [(p.path, p.message) for p in err.value.problems] == [
        ("nodePools[0].capacity", "azure offers no spot capacity of Standard_ND96isr_H100_v5 (nvidia-h100-80gb x8); "
         "use on-demand, or another accelerator"),  # not reserved: Azure reserves no ND-series capacity
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
