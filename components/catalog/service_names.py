"""Names the in-cluster services and the clouds' identity bindings agree on, with no imports, so that the
blueprint rules (which load while the catalog package is still initialising) can use them too."""

MLFLOW_NAMESPACE = "mlflow"
MLFLOW_SERVICE_ACCOUNT = "mlflow"
MLFLOW_DATABASE = "mlflow"
MLFLOW_DATABASE_USER = "mlflow"
MLFLOW_ARTIFACT_PREFIX = "mlflow"  # artifacts live under <bucket>/mlflow/
KSERVE_NAMESPACE = "kserve"
RAY_NAMESPACE = "ray"
CERT_MANAGER_NAMESPACE = "cert-manager"
