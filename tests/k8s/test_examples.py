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


def test_ray_job_checkpoints_every_epoch_and_resumes_from_the_latest_after_an_eviction() -> None:
    """Ray Train restarts the workers after a node loss (FailureConfig.max_failures) and hands them the latest
    reported checkpoint through `train.get_checkpoint()`
    (https://docs.ray.io/en/latest/train/user-guides/fault-tolerance.html): the loop must read it before training
    and start after its epoch, and the run must store checkpoints under the platform's URI."""
    tree = ast.parse((EXAMPLES / "train.py").read_text())
    [loop] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "train_loop"]
    calls = [ast.unparse(n.func) for n in ast.walk(loop) if isinstance(n, ast.Call)]
    assert calls.index("train.get_checkpoint") < calls.index("train.report")
    [for_loop] = [n for n in ast.walk(loop) if isinstance(n, ast.For)]
    assert ast.unparse(for_loop.iter) == "range(start, EPOCHS)"
    assert any(ast.unparse(n.func) == "train.report" for n in ast.walk(for_loop) if isinstance(n, ast.Call))
    [run_config] = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "RunConfig"]
    keywords = {k.arg: ast.unparse(k.value) for k in run_config.keywords}
    assert keywords == {
        "name": "MODEL_NAME",
        "storage_path": f"os.environ['{CHECKPOINT_URI_ENV}']",
        "failure_config": "FailureConfig(max_failures=MAX_FAILURES)",
        "checkpoint_config": "CheckpointConfig(num_to_keep=2)",
    }
