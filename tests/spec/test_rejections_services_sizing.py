"""Service problems that only the catalog can see are refused by validation, with their paths, before anything
registers: a database class too small for MLflow's replicas, and a TPU worker group without the webhook's
cert-manager. Both sides of each boundary."""

from __future__ import annotations

from typing import Any

import pytest

from components.spec import BlueprintError, load_blueprint
from tests.blueprints import ADMINS


def azure_dev(replicas: int) -> dict[str, Any]:
    return {"cloud": "azure", "region": "eastus", "environment": "dev",
            "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["azure"]},
            "services": {"mlflow": {"database": {"size": "small"}, "replicas": replicas}}}


def test_a_burstable_database_holds_three_mlflow_replicas_and_not_four() -> None:
    load_blueprint(azure_dev(3))  # B1ms: 35 user connections, 28 for MLflow: 4 pods x 1 worker x 3 engines x 2
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(azure_dev(4))
    assert [(p.path, p.message) for p in caught.value.problems] == [(
        "services.mlflow.replicas",
        "Standard_B1ms admits 35 user connections, too few for 4 MLflow replica(s) (5 pods while rolling, 3 engines "
        "of 2 connections each); choose a larger services.mlflow.database.size or fewer services.mlflow.replicas",
    )]


def gcp_tpu(kserve: bool) -> dict[str, Any]:
    services: dict[str, Any] = {"mlflow": {}, "ray": {"workers": [{"pool": "v5e", "maxWorkers": 4}]}}
    if kserve:
        services["kserve"] = {}
    return {"cloud": "gcp", "region": "us-central1", "environment": "dev",
            "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["gcp"]},
            "nodePools": [{"name": "v5e", "accelerator": "tpu-v5e", "topology": "4x4"}], "services": services}


def test_a_tpu_worker_group_needs_kserves_cert_manager() -> None:
    load_blueprint(gcp_tpu(kserve=True))
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(gcp_tpu(kserve=False))
    [problem] = caught.value.problems
    assert problem.path == "services.ray.workers[0].pool"
    assert problem.message.startswith("'v5e' is a TPU pool: its worker group needs the KubeRay TPU webhook")
