"""AWS-only blueprint rules: the MLflow database identifier RDS must accept, checked before anything registers."""

from __future__ import annotations

import pytest

from components.spec import BlueprintError, load_blueprint
from components.spec.rules_aws import RDS_IDENTIFIER, mlflow_rds_identifier
from tests.blueprints import ADMINS


def _blueprint(name: str, mlflow: bool = True) -> dict[str, object]:
    return {"name": name, "cloud": "aws", "region": "us-east-1", "environment": "dev",
            "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["aws"]},
            "services": {"mlflow": {"enabled": mlflow}}}


def test_identifier_is_the_cluster_name_and_the_database_name() -> None:
    assert mlflow_rds_identifier("mlplatform-prod") == "mlplatform-prod-mlflow"
    assert RDS_IDENTIFIER.match("mlplatform-prod-mlflow")
    assert not RDS_IDENTIFIER.match("1ml-dev-mlflow")
    assert not RDS_IDENTIFIER.match("ml--x-dev-mlflow")
    assert not RDS_IDENTIFIER.match("a" * 64)


def test_a_name_rds_refuses_is_rejected_at_the_name_path() -> None:
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(_blueprint("9lives"))
    assert [str(p) for p in caught.value.problems] == [
        "name: '9lives' makes the MLflow database identifier '9lives-dev-mlflow', which RDS refuses: it must start "
        "with a letter, have at most 63 characters and no '--'; use a shorter name that starts with a letter"
    ]


def test_the_rule_applies_only_when_mlflow_is_enabled() -> None:
    load_blueprint(_blueprint("9lives", mlflow=False))
