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

# --- The ML workflow's workloads (issue: train on Ray, track in MLflow, serve with KServe) -------------------
# Every cloud binds these exact Kubernetes service accounts to its own least-privilege identity; the in-cluster
# layer runs the pods as them. Renaming one breaks the identity chain, and the chain tests say so.
RAY_SERVICE_ACCOUNT = "ray"  # head and every worker group of the platform's RayCluster, in RAY_NAMESPACE
TEAM_NAMESPACE = "ml"  # the ML team's namespace: their InferenceServices and RayJobs run here
SERVING_NAMESPACE = TEAM_NAMESPACE  # KServe predictors (and their storage initializer) run in the team's namespace
SERVING_SERVICE_ACCOUNT = "model-server"  # InferenceServices set spec.predictor.serviceAccountName to it
TEAM_GROUP = "mlplatform:ml-team"  # the Kubernetes RBAC group the ML team's principals are mapped into

# Prefixes of the one artifact store (bucket / container), each granted to exactly the workloads that need it:
#   mlflow/       MLflow's artifact proxy reads and writes (runs, registered models); serving reads (models)
#   data/         Ray reads training data
#   checkpoints/  Ray reads and writes (Ray Train checkpoints; resume after a spot eviction)
DATA_PREFIX = "data"
CHECKPOINT_PREFIX = "checkpoints"

# Role keys of ClusterHandle.workloads (one cloud identity each).
WORKLOAD_MLFLOW = "mlflow"
WORKLOAD_RAY = "ray"
WORKLOAD_SERVING = "serving"
