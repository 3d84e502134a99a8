"""Scheduling tokens, Kubernetes versions, pinned charts and cloud traits."""

from __future__ import annotations

import re

import pytest

from components.catalog import (
    CATALOG_REVIEWED,
    CHARTS,
    LABEL_ACCELERATOR,
    TRAITS,
    CatalogError,
    Taint,
    accelerator_taints,
    chart,
    cloud_added_taints,
    cloud_labels,
    supported_versions,
    traits,
)
from components.catalog.clouds import Manager
from components.spec.enums import Accelerator, Capacity, Cloud


def test_accelerator_taints_match_what_each_cloud_expects() -> None:
    assert accelerator_taints(Cloud.AWS, Accelerator.H100_80GB) == (Taint("nvidia.com/gpu", "true", "NoSchedule"),)
    assert accelerator_taints(Cloud.AZURE, Accelerator.T4) == (Taint("nvidia.com/gpu", "true", "NoSchedule"),)
    assert accelerator_taints(Cloud.GCP, Accelerator.L4) == (Taint("nvidia.com/gpu", "present", "NoSchedule"),)
    assert str(accelerator_taints(Cloud.GCP, Accelerator.TPU_V6E)[0]) == "google.com/tpu=present:NoSchedule"
    assert accelerator_taints(Cloud.AWS, Accelerator.TPU_V5E) == ()
    assert LABEL_ACCELERATOR == "mlplatform.io/accelerator"


def test_cloud_added_taints_and_labels() -> None:
    assert cloud_added_taints(Cloud.AZURE, Capacity.SPOT) == (
        Taint("kubernetes.azure.com/scalesetpriority", "spot", "NoSchedule"),
    )
    assert cloud_added_taints(Cloud.GCP, Capacity.SPOT) == ()
    assert cloud_labels(Cloud.AWS, Capacity.SPOT) == {"eks.amazonaws.com/capacityType": "SPOT"}
    assert cloud_labels(Cloud.AWS, Capacity.ON_DEMAND) == {"eks.amazonaws.com/capacityType": "ON_DEMAND"}
    assert cloud_labels(Cloud.GCP, Capacity.SPOT) == {"cloud.google.com/gke-spot": "true"}
    assert cloud_labels(Cloud.AZURE, Capacity.SPOT) == {"kubernetes.azure.com/scalesetpriority": "spot"}
    assert cloud_labels(Cloud.GCP, Capacity.ON_DEMAND) == {}


@pytest.mark.parametrize("cloud", list(Cloud))
def test_supported_versions_are_minor_versions_oldest_first(cloud: Cloud) -> None:
    versions = supported_versions(cloud, CATALOG_REVIEWED)
    assert versions
    assert all(re.fullmatch(r"1\.\d+", v) for v in versions)
    assert list(versions) == sorted(versions, key=lambda v: int(v.split(".")[1]))


def test_charts_are_pinned_to_their_official_repositories() -> None:
    assert chart("cluster-autoscaler").repository == "https://kubernetes.github.io/autoscaler"
    assert chart("nvidia-device-plugin").repository == "https://nvidia.github.io/k8s-device-plugin"
    for c in CHARTS.values():
        assert re.fullmatch(r"v?\d+\.\d+\.\d+", c.version)  # cert-manager and KServe publish charts as vX.Y.Z
    with pytest.raises(CatalogError, match="pinned: cluster-autoscaler, nvidia-device-plugin"):
        chart("kserve")


def test_cluster_autoscaler_matches_a_kubernetes_minor_supported_on_every_cloud() -> None:
    pinned = chart("cluster-autoscaler")
    minor = ".".join(pinned.app_version.split(".")[:2])
    assert (pinned.version, pinned.app_version) == ("9.59.0", "1.35.0")
    assert all(minor in supported_versions(cloud) for cloud in Cloud)


def test_traits_list_the_unavoidable_differences() -> None:
    assert [c for c in Cloud if traits(c).tpus] == [Cloud.GCP]
    assert traits(Cloud.AWS).node_autoscaler is Manager.PLATFORM
    assert traits(Cloud.GCP).device_plugin is Manager.CLOUD
    assert traits(Cloud.AZURE).device_plugin is Manager.PLATFORM
    assert set(TRAITS) == set(Cloud)


@pytest.mark.parametrize(
    ("cloud", "name", "ok"),
    [
        (Cloud.AZURE, "gpu1", True),
        (Cloud.AZURE, "gpupoolh100x8", False),
        (Cloud.AZURE, "GPU", False),
        (Cloud.AZURE, "1gpu", False),
        (Cloud.GCP, "h100-spot", True),
        (Cloud.GCP, "x" * 41, False),
        (Cloud.GCP, "bad-", False),
        (Cloud.AWS, "h100_spot-1", True),
        (Cloud.AWS, "x" * 64, False),
    ],
)
def test_node_pool_name_rules(cloud: Cloud, name: str, ok: bool) -> None:
    assert (traits(cloud).node_pool_name.problems(name) == ()) is ok


def test_every_eks_version_has_a_matching_cluster_autoscaler_image() -> None:
    from components import catalog
    from components.spec import Cloud

    for version in catalog.supported_versions(Cloud.AWS):
        assert catalog.cluster_autoscaler_image_tag(version).startswith(f"v{version}.")
