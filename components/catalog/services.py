"""Names the in-cluster services and the clouds' identity bindings agree on (one home for each)."""

from __future__ import annotations

MLFLOW_NAMESPACE = "mlflow"
MLFLOW_SERVICE_ACCOUNT = "mlflow"
MLFLOW_DATABASE = "mlflow"
MLFLOW_DATABASE_USER = "mlflow"
MLFLOW_ARTIFACT_PREFIX = "mlflow"  # artifacts live under <bucket>/mlflow/
KSERVE_NAMESPACE = "kserve"
RAY_NAMESPACE = "ray"
