"""Train a small classifier on Ray, checkpoint every epoch to the platform's checkpoint URI, resume from the latest
checkpoint after an eviction, log and register the model in MLflow. The same code on every cloud.

Resuming: when a worker's node is evicted (a spot interruption drains it, or it just vanishes), Ray Train restarts
the worker group on new nodes, up to `MAX_FAILURES` times, and hands each worker the latest checkpoint it reported
(`train.get_checkpoint()`); the loop continues from the epoch after it. Checkpoints live under
`<MLPLATFORM_CHECKPOINT_URI>/<MODEL_NAME>/` (RunConfig storage_path and name), where the platform's lifecycle rule
deletes them after 30 days; the two newest are kept (CheckpointConfig num_to_keep). Ray Train's fault tolerance:
https://docs.ray.io/en/latest/train/user-guides/fault-tolerance.html

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
from ray.train import Checkpoint, CheckpointConfig, FailureConfig, RunConfig, ScalingConfig
from ray.train.data_parallel_trainer import DataParallelTrainer

MODEL_NAME = os.environ.get("MODEL_NAME", "iris")
EPOCHS = int(os.environ.get("EPOCHS", "20"))
MAX_FAILURES = int(os.environ.get("MAX_FAILURES", "10"))  # evictions survived before the run fails
STATE = "state.pkl"  # the model and the last finished epoch, in each checkpoint


def train_loop(config: dict[str, float]) -> None:
    import numpy as np
    from sklearn.datasets import load_iris
    from sklearn.linear_model import SGDClassifier

    x, y = load_iris(return_X_y=True)
    model, start = SGDClassifier(alpha=config["alpha"], random_state=0), 0
    latest = train.get_checkpoint()  # set when Ray Train restarted the workers after a failure
    if latest is not None:
        with latest.as_directory() as ckpt, open(os.path.join(ckpt, STATE), "rb") as f:
            model, done = pickle.load(f)
        start = done + 1
    for epoch in range(start, EPOCHS):
        model.partial_fit(x, y, classes=np.unique(y))
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, STATE), "wb") as f:
                pickle.dump((model, epoch), f)
            train.report({"epoch": epoch, "accuracy": float(model.score(x, y))},
                         checkpoint=Checkpoint.from_directory(tmp))


def main() -> None:
    ray.init()
    # CPU only: lands on the capped `cpu` worker group, never on an accelerator node.
    result = DataParallelTrainer(
        train_loop,
        train_loop_config={"alpha": 1e-4},
        scaling_config=ScalingConfig(num_workers=1, use_gpu=False, resources_per_worker={"CPU": 1}),
        run_config=RunConfig(
            name=MODEL_NAME,
            storage_path=os.environ["MLPLATFORM_CHECKPOINT_URI"],
            failure_config=FailureConfig(max_failures=MAX_FAILURES),
            checkpoint_config=CheckpointConfig(num_to_keep=2),
        ),
    ).fit()
    assert result.checkpoint is not None
    with result.checkpoint.as_directory() as ckpt, open(os.path.join(ckpt, STATE), "rb") as f:
        model, _ = pickle.load(f)

    mlflow.set_experiment(MODEL_NAME)
    with mlflow.start_run() as run:
        mlflow.log_metrics(result.metrics_dataframe.iloc[-1][["accuracy"]].to_dict())
        mlflow.log_param("checkpoint", result.checkpoint.path)
        info = mlflow.sklearn.log_model(model, name="model", registered_model_name=MODEL_NAME)
    # MLflow 3 keeps a logged model's files under <artifact root>/<experiment id>/models/<model id>/artifacts.
    print(f"storageUri: {os.environ['SERVING_URI']}/{run.info.experiment_id}/models/{info.model_id}/artifacts")


if __name__ == "__main__":
    main()
