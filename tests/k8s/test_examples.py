"""The walk-through in examples/: the InferenceService is valid against the pinned KServe CRD and serves with the
serving service account in the team namespace; the Ray job reads exactly the environment the platform's Ray pods
carry."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from string import Template
from typing import Any

import jsonschema
import yaml

from components.catalog import services as svc
from components.k8s.kuberay import CHECKPOINT_URI_ENV, DATA_URI_ENV
from tests.engine.stacks import ROOT
from tests.k8s.reference import crd_schema, requires_reference

EXAMPLES = ROOT / "examples"
STORAGE_URI = "gs://mlplatform-prod-artifacts/mlflow/1/models/m-0123/artifacts"


def inference_service() -> dict[str, Any]:
    text = Template((EXAMPLES / "inferenceservice.yaml").read_text()).substitute(STORAGE_URI=STORAGE_URI)
    body: dict[str, Any] = yaml.safe_load(text)
    return body


def test_inference_service_serves_as_the_serving_account_in_the_team_namespace() -> None:
    body = inference_service()
    assert body["metadata"]["namespace"] == svc.SERVING_NAMESPACE
    predictor = body["spec"]["predictor"]
    assert predictor["serviceAccountName"] == svc.SERVING_SERVICE_ACCOUNT
    assert predictor["model"]["storageUri"] == STORAGE_URI


@requires_reference
def test_inference_service_is_valid_against_the_pinned_kserve_crd() -> None:
    schema = crd_schema("serving.kserve.io/v1beta1", "InferenceService")
    validator = jsonschema.Draft7Validator(schema)
    body = inference_service()
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)] == []
    body["spec"]["predictor"]["serviceAcount"] = "model-server"  # a misspelt field is caught (the predictor
    # inlines the PodSpec, whose deprecated `serviceAccount` is a real field, so the typo must be a non-field)
    assert list(validator.iter_errors(body))


def test_ray_job_reads_what_the_platform_sets_and_parses() -> None:
    source = (EXAMPLES / "train.py").read_text()
    tree = ast.parse(source)
    names = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert CHECKPOINT_URI_ENV in names and "SERVING_URI" in names
    assert DATA_URI_ENV in source  # documented in its docstring
    env = yaml.safe_load(Template((EXAMPLES / "runtime-env.yaml").read_text()).safe_substitute(
        SERVING_URI="gs://b/mlflow"))
    assert env["env_vars"]["SERVING_URI"] == "gs://b/mlflow"
    assert all("==" in p for p in env["pip"]), "the example's libraries are pinned"
    assert f"mlflow-skinny=={svc.MLFLOW_VERSION}" in env["pip"]
    assert os.path.basename(Path(EXAMPLES / "train.py")) == "train.py"
