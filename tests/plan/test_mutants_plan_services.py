"""MLflow's replicas by environment when the blueprint sets none: one in dev and staging, two only in prod.

`catalog.services.MLFLOW_DEFAULT_REPLICAS` keeps a second replica for prod alone (a rolling update or a node drain
never takes tracking down there); staging stays at one, as cheap as dev. A count the blueprint sets wins everywhere.
"""

from __future__ import annotations

import pytest

from components.plan import plan_platform
from components.spec import load_blueprint
from tests.plan.test_access_and_services import raw


@pytest.mark.parametrize(("environment", "replicas"), [("dev", 1), ("staging", 1), ("prod", 2)])
def test_mlflow_replicas_default_by_environment_and_a_set_count_wins(environment: str, replicas: int) -> None:
    database = {"database": {"size": "medium"}}  # prod refuses the small class (no HA on every cloud)
    default = plan_platform(load_blueprint(raw("gcp", environment, services={"mlflow": database}))).services.mlflow
    chosen = plan_platform(load_blueprint(raw("gcp", environment, services={"mlflow": {**database, "replicas": 3}})))

    assert default is not None and default.replicas == replicas
    assert chosen.services.mlflow is not None and chosen.services.mlflow.replicas == 3
