"""Blueprints Azure cannot build fail in the user's terms before a single resource is registered."""

from __future__ import annotations

from typing import Any

import pytest

from components.azure import build
from components.plan import plan_platform
from components.spec import BlueprintError, load_blueprint
from mlplatform.engine.inventory import Inventory
from tests.azure.conftest import SPOT_POOL, blueprint
from tests.cloud_build import build_under_mocks


def deploy(raw: dict[str, Any], mocks: Inventory) -> None:
    """The composition order of the real program: validate and plan first, then construct resources."""
    build_under_mocks(build, plan_platform(load_blueprint(raw)), mocks)


CASES = {
    "spot system pool": (
        blueprint(systemPool={"capacity": "spot"}),
        "cluster.systemPool.capacity: 'spot' is not allowed; the system pool runs the cluster's add-ons and must "
        "survive evictions: use on-demand (or reserved)",
    ),
    "tpu on azure": (
        blueprint(pools=[{"name": "tpu", "accelerator": "tpu-v5e", "topology": "2x4"}]),
        # 2x4 v5e = 8 chips x 16 GiB: the closest GPU fit by accelerator memory comes first.
        "nodePools[0].accelerator: 'tpu-v5e' is not offered on azure (TPUs are only offered on gcp); use one of: "
        "nvidia-a100-80gb x2, nvidia-a100-40gb x8",
    ),
    "spot price with six decimals": (
        blueprint(pools=[{**SPOT_POOL, "spotMaxPrice": 0.123456}]),
        "nodePools[0].spotMaxPrice: 0.123456 has more than 5 decimal places; Azure accepts at most 5 (e.g. 0.12346)",
    ),
    "spot price below -1": (
        blueprint(pools=[{**SPOT_POOL, "spotMaxPrice": -2}]),
        "nodePools[0].spotMaxPrice: -2.0 is not a price; use -1 (pay up to the on-demand price) or a positive USD "
        "per hour",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_rejected_blueprint_registers_nothing(case: str, mocks: Inventory) -> None:
    raw, message = CASES[case]
    with pytest.raises(BlueprintError) as err:
        deploy(raw, mocks)
    [problem] = err.value.problems
    assert str(problem).startswith(message)
    assert str(err.value).startswith(f"1 problem in mlplatform:blueprint\n  {message}")
    assert len(mocks) == 0


def test_a_tpu_pool_names_the_gpu_shapes_azure_offers_instead(mocks: Inventory) -> None:
    with pytest.raises(BlueprintError) as err:
        deploy(blueprint(pools=[{"name": "tpu", "accelerator": "tpu-v5p", "topology": "2x2x1"}]), mocks)
    [problem] = err.value.problems
    assert problem.path == "nodePools[0].accelerator"
    assert "TPUs are only offered on gcp" in problem.message
    assert all(gpu in problem.message for gpu in ("nvidia-a100-80gb", "nvidia-h100-80gb", "nvidia-t4"))
    assert len(mocks) == 0


def test_a_valid_blueprint_does_register_through_the_same_path(mocks: Inventory) -> None:
    """The control case: the `deploy` helper above really constructs resources when nothing is wrong."""
    deploy(blueprint(), mocks)
    assert any(r.type == "azure-native:containerservice:ManagedCluster" for r in mocks)
