"""Validation never raises anything but BlueprintError, whatever the catalog lacks (issue 11).

Every rule that asks the catalog is guarded by the fact it depends on: an unknown region stops placement
checks (it is reported once, under `region`), a shape listed in no region is not offered in this one, a region
without zones places nothing. Gaps are made by patching the catalog's lookups, as a partial price or
availability refresh would leave them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from components import catalog
from components.plan import plan_platform
from components.spec import AcceleratorKind, BlueprintError, Cloud, load_blueprint
from mlplatform.economics.cost import estimate
from tests.blueprints import ADMINS

REGION = {Cloud.AWS: "us-east-1", Cloud.GCP: "us-central1", Cloud.AZURE: "eastus"}
UNKNOWN_REGION = {Cloud.AWS: "us-central1", Cloud.GCP: "eastus", Cloud.AZURE: "us-east-1"}


def blueprint(cloud: Cloud, region: str, pool: dict[str, Any]) -> dict[str, Any]:
    return {
        "cloud": cloud.value, "region": region, "environment": "dev",
        "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS[cloud.value]},
        "nodePools": [{"name": "pool", "maxNodes": 1, "capacity": "on-demand", **pool}],
    }


def every_offering() -> list[tuple[Cloud, dict[str, Any]]]:
    """One pool per accelerator and count each cloud offers (TPUs by single-host topology)."""
    cases: list[tuple[Cloud, dict[str, Any]]] = []
    for cloud in Cloud:
        for accel, counts in sorted(catalog.offered(cloud).items()):
            if accel.kind is AcceleratorKind.TPU:
                topo = next(t for t in catalog.topologies(accel) if not catalog.tpu_topology(accel, t).multi_host)
                cases.append((cloud, {"accelerator": accel.value, "topology": topo}))
            else:
                cases += [(cloud, {"accelerator": accel.value, "acceleratorsPerNode": n}) for n in counts]
    return cases


OFFERINGS = every_offering()
IDS = [f"{c}-{p['accelerator']}-x{p.get('acceleratorsPerNode', p.get('topology'))}" for c, p in OFFERINGS]


@pytest.mark.parametrize(("cloud", "pool"), OFFERINGS, ids=IDS)
def test_unknown_region_is_one_clean_problem_for_every_offering(cloud: Cloud, pool: dict[str, Any]) -> None:
    """The reported crash (AWS, us-central1, H100 x1) and its neighbours: every accelerator and count."""
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(blueprint(cloud, UNKNOWN_REGION[cloud], pool))
    assert [p.path for p in caught.value.problems] == ["region"]
    assert "is not in the catalog" in caught.value.problems[0].message


def gap(monkeypatch: pytest.MonkeyPatch, name: str, replacement: Callable[..., Any]) -> None:
    monkeypatch.setattr(catalog, name, replacement)


def no_regions(cloud: Cloud, machine_type: str, *, reserved: bool = False) -> frozenset[str]:
    return frozenset()


def no_zones_offering(cloud: Cloud, region: str, machine_type: str, *, reserved: bool = False) -> tuple[str, ...]:
    return ()


@pytest.mark.parametrize(("cloud", "pool"), OFFERINGS, ids=IDS)
def test_a_shape_listed_in_no_region_is_not_offered_here(
    monkeypatch: pytest.MonkeyPatch, cloud: Cloud, pool: dict[str, Any]
) -> None:
    gap(monkeypatch, "regions_offering", no_regions)
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(blueprint(cloud, REGION[cloud], pool))
    [problem] = caught.value.problems
    assert problem.path == "nodePools[0].accelerator"
    assert f"is not offered in {REGION[cloud]}; the catalog knows no {cloud} region offering" in problem.message


@pytest.mark.parametrize("cloud", list(Cloud))
def test_a_region_without_zones_places_nothing(monkeypatch: pytest.MonkeyPatch, cloud: Cloud) -> None:
    real = catalog.region

    def zoneless(c: Cloud, name: str) -> catalog.Region:
        return dataclasses.replace(real(c, name), zones=())

    gap(monkeypatch, "region", zoneless)
    gap(monkeypatch, "zones_offering", no_zones_offering)
    pool = {"accelerator": "nvidia-t4", "acceleratorsPerNode": 1}
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(blueprint(cloud, REGION[cloud], pool))
    assert [p.path for p in caught.value.problems] == ["region"]
    assert "lists no zones" in caught.value.problems[0].message


@pytest.mark.parametrize("cloud", list(Cloud))
def test_zones_without_prices_are_missing_figures_not_errors(monkeypatch: pytest.MonkeyPatch, cloud: Cloud) -> None:
    def unpriced(*args: Any, **kwargs: Any) -> catalog.Price:
        raise catalog.MissingPrice("no price in this book")

    valid = load_blueprint(blueprint(cloud, REGION[cloud], {"accelerator": "nvidia-t4", "acceleratorsPerNode": 1}))
    gap(monkeypatch, "price", unpriced)
    cost = estimate(plan_platform(valid))
    assert cost.missing == ("system", "pool")
    fixed = round(sum(f.idle or 0.0 for f in cost.fixed), 2)  # the node lines add nothing; fixed costs remain
    assert fixed > 0
    assert (cost.idle_usd_per_hour, cost.full_usd_per_hour) == (fixed, fixed)
