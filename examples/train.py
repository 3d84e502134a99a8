"""Train a small classifier on Ray, checkpoint it to the platform's checkpoint URI, log and register it in MLflow.

Submitted to the platform's RayCluster (see README, Services): every Ray pod already carries MLPLATFORM_DATA_URI,
MLPLATFORM_CHECKPOINT_URI, MLFLOW_TRACKING_URI and MLflow credentials, and runs as the `ray` service account whose
cloud identity reads data/ and writes checkpoints/. SERVING_URI (stack output servingUri) comes with the job's
runtime_env; the script prints the storageUri to serve the registered model from.
"""

from __future__ import annotations

import os
import pickle
import tempfile

import mlflow
import ray
from ray import train
from ray.train import Checkpoint, RunConfig, ScalingConfig
from ray.train.data_parallel_trainer import DataParallelTrainer

MODEL_NAME = os.environ.get("MODEL_NAME", "iris")


def train_loop(config: dict[str, float]) -> None:
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    x, y = load_iris(return_X_y=True)
    model = LogisticRegression(C=config["c"], max_iter=500).fit(x, y)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "model.pkl"), "wb") as f:
            pickle.dump(model, f)
        train.report({"accuracy": float(model.score(x, y))}, checkpoint=Checkpoint.from_directory(tmp))


def main() -> None:
    ray.init()
    # CPU only: lands on the capped `cpu` worker group, never on an accelerator node.
    result = DataParallelTrainer(
        train_loop,
        train_loop_config={"c": 1.0},
        scaling_config=ScalingConfig(num_workers=1, use_gpu=False, resources_per_worker={"CPU": 1}),
        run_config=RunConfig(name=MODEL_NAME, storage_path=os.environ["MLPLATFORM_CHECKPOINT_URI"]),
    ).fit()
    assert result.checkpoint is not None
    with result.checkpoint.as_directory() as ckpt, open(os.path.join(ckpt, "model.pkl"), "rb") as f:
        model = pickle.load(f)

    mlflow.set_experiment(MODEL_NAME)
    with mlflow.start_run() as run:
        mlflow.log_metrics(result.metrics_dataframe.iloc[-1][["accuracy"]].to_dict())
        mlflow.log_param("checkpoint", result.checkpoint.path)
        info = mlflow.sklearn.log_model(model, name="model", registered_model_name=MODEL_NAME)
    # MLflow 3 keeps a logged model's files under <artifact root>/<experiment id>/models/<model id>/artifacts.
    print(f"storageUri: {os.environ['SERVING_URI']}/{run.info.experiment_id}/models/{info.model_id}/artifacts")


if __name__ == "__main__":
    main()
