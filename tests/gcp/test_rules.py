"""GCP-only blueprint rules: rejected with a path-qualified message before anything is built."""

from __future__ import annotations

from typing import Any

import pytest

from components.spec import load_blueprint
from components.spec.errors import BlueprintError
from tests.gcp.conftest import BASE

MLFLOW = {"mlflow": {"enabled": True}}


@pytest.mark.parametrize("name", ["google-ml", "googly", "my-google"])
def test_a_platform_name_cloud_storage_refuses_is_rejected_with_mlflow(name: str) -> None:
    with pytest.raises(BlueprintError) as err:
        load_blueprint({**BASE, "name": name, "services": MLFLOW})
    assert [str(p) for p in err.value.problems] == [
        f"name: {name!r} makes the MLflow bucket name start with '{name}-dev'; Cloud Storage refuses bucket names "
        "containing 'google' or starting with 'goog': rename the platform"
    ]


@pytest.mark.parametrize(
    "overrides", [{"name": "google-ml"}, {"name": "gemini-ml", "services": MLFLOW}, {"name": "ml", "services": MLFLOW}]
)
def test_names_are_accepted_without_mlflow_or_without_the_reserved_word(overrides: dict[str, Any]) -> None:
    assert load_blueprint({**BASE, **overrides}).name == overrides["name"]
