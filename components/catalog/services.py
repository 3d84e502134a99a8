"""Names the in-cluster services and the clouds' identity bindings agree on (one home for each), and the services'
image pins, ports and sizes. Chart pins live in `charts.py`; the sources of both are here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from components.catalog.service_names import (
    CERT_MANAGER_NAMESPACE,
    KSERVE_NAMESPACE,
    MLFLOW_ARTIFACT_PREFIX,
    MLFLOW_DATABASE,
    MLFLOW_DATABASE_USER,
    MLFLOW_NAMESPACE,
    MLFLOW_SERVICE_ACCOUNT,
    RAY_NAMESPACE,
    RAY_SERVICE_ACCOUNT,
    SERVING_NAMESPACE,
    SERVING_SERVICE_ACCOUNT,
    TEAM_GROUP,
    TEAM_NAMESPACE,
    WORKLOAD_MLFLOW,
    WORKLOAD_RAY,
    WORKLOAD_SERVING,
)
from components.catalog.types import Source
from components.spec.enums import Cloud, ServiceSize

__all__ = [
    "CERT_MANAGER_NAMESPACE",
    "KSERVE_NAMESPACE",
    "MLFLOW_ARTIFACT_PREFIX",
    "MLFLOW_DATABASE",
    "MLFLOW_DATABASE_USER",
    "MLFLOW_NAMESPACE",
    "MLFLOW_SERVICE_ACCOUNT",
    "RAY_NAMESPACE",
    "RAY_SERVICE_ACCOUNT",
    "SERVING_NAMESPACE",
    "SERVING_SERVICE_ACCOUNT",
    "TEAM_GROUP",
    "TEAM_NAMESPACE",
    "WORKLOAD_MLFLOW",
    "WORKLOAD_RAY",
    "WORKLOAD_SERVING",
]

_READ = date(2026, 11, 30)

# --- Sources of the services' pins -----------------------------------------------------------------
CERT_MANAGER_CHART = Source(
    "cert-manager: Helm installation (chart repository https://charts.jetstack.io, crds.enabled)",
    "https://cert-manager.io/docs/installation/helm/",
    _READ,
)
KSERVE_CHARTS = Source(
    "KServe v0.20.0 charts published to oci://ghcr.io/kserve/charts (kserve-crd, kserve-resources, "
    "kserve-runtime-configs; charts/*/README.md at tag v0.20.0)",
    "https://github.com/kserve/kserve/tree/v0.20.0/charts",
    _READ,
)
KUBERAY_CHART = Source(
    "KubeRay operator Helm chart 1.7.0 (repository https://ray-project.github.io/kuberay-helm/)",
    "https://github.com/ray-project/kuberay/tree/v1.7.0/helm-chart/kuberay-operator",
    _READ,
)
RAY_IMAGES = Source(
    "Ray Docker images: tags {version}-{python}[-gpu]; KubeRay v1.7.0 samples run rayVersion 2.52.0",
    "https://github.com/ray-project/kuberay/blob/v1.7.0/ray-operator/config/samples/ray-cluster.autoscaler.yaml",
    _READ,
)
MLFLOW_AUTH = Source(
    "MLflow basic HTTP auth: `mlflow server --app-name basic-auth`, MLFLOW_FLASK_SERVER_SECRET_KEY, the INI file at "
    "MLFLOW_AUTH_CONFIG_PATH ([mlflow] default_permission, database_uri, admin_username, admin_password; read with "
    "configparser, so '%' is written '%%'), admin created on first start",
    "https://mlflow.org/docs/latest/self-hosting/security/basic-http-auth",
    _READ,
)
MLFLOW_SQLALCHEMY_POOL = Source(
    "MLflow environment variables MLFLOW_SQLALCHEMYSTORE_POOL_SIZE / MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW (SQLAlchemy "
    "QueuePool defaults 5 + 10 per engine), `mlflow server --workers` (default 4)",
    "https://mlflow.org/docs/latest/api_reference/python_api/mlflow.environment_variables.html",
    _READ,
)
MLFLOW_PROXY_UPLOADS = Source(
    "MLflow artifact proxy (mlflow/server/handlers.py): a proxied upload or download is staged whole in a temporary "
    "file; proxied multipart upload hands out presigned part URLs, which the Azure Blob repository signs with an "
    "account key (self.client.credential.account_key) and so cannot do under workload identity",
    "https://github.com/mlflow/mlflow/blob/v3.18.0/mlflow/store/artifact/azure_blob_artifact_repo.py",
    _READ,
)
KUBERAY_AUTH = Source(
    "KubeRay authOptions (v1.6+): mode token; with secretName the operator uses that Secret's `auth_token` key "
    "instead of generating one, and injects RAY_AUTH_MODE=token and RAY_AUTH_TOKEN into every Ray container",
    "https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/kuberay-auth.html",
    _READ,
)
KUBERAY_REPLICAS = Source(
    "KubeRay PR #1443: workerGroupSpecs[].replicas is optional so that a declarative tool which does not set it never "
    "reverts the Ray autoscaler's writes; the autoscaler owns replicas between minReplicas and maxReplicas",
    "https://github.com/ray-project/kuberay/pull/1443",
    _READ,
)
TPU_WEBHOOK = Source(
    "KubeRay TPU webhook (ai-on-gke/kuberay-tpu-webhook): chart 0.3.1 / webhook 1.3.1 for KubeRay >= 1.4 at "
    "oci://us-docker.pkg.dev/ai-on-gke/kuberay-tpu-webhook-helm; injects TPU_WORKER_ID, TPU_WORKER_HOSTNAMES and "
    "TPU_NAME per multi-host replica, validates numOfHosts against the topology; needs cert-manager; binds 443",
    "https://github.com/ai-on-gke/kuberay-tpu-webhook",
    _READ,
)
JAX_TPU = Source(
    "Ray on TPUs: TPU workers run the Ray image and install jax[tpu] (with libtpu) through the job's runtime_env; "
    "no rayproject/ray -tpu tag is published for 2.52.0",
    "https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/tpu.html",
    _READ,
)
MLFLOW_IMAGES = Source(
    "MLflow Docker images: the VERSION-full variant ships the PostgreSQL driver and the S3, Azure Blob and GCS "
    "clients; the plain variant has no database driver or storage client (docker/README.md)",
    "https://github.com/mlflow/mlflow/pkgs/container/mlflow",
    _READ,
)


@dataclass(frozen=True)
class Image:
    """A container image pinned to an exact tag, with why this variant."""

    repository: str
    tag: str
    source: Source
    why: str = ""

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}"


@dataclass(frozen=True)
class Resources:
    """CPU and memory of one container, Kubernetes quantities; requests equal limits unless stated."""

    cpu: str
    memory: str
    cpu_request: str = ""

    def as_k8s(self) -> dict[str, dict[str, str]]:
        return {
            "requests": {"cpu": self.cpu_request or self.cpu, "memory": self.memory},
            "limits": {"cpu": self.cpu, "memory": self.memory},
        }


# --- MLflow --------------------------------------------------------------------------------------
MLFLOW_VERSION = "3.18.0"
MLFLOW_DEFAULT_REPLICAS: Mapping[str, int] = MappingProxyType({"dev": 1, "staging": 1, "prod": 2})
"""Replicas of the MLflow server by environment when the blueprint sets none (two in prod: a rolling update or a
node drain never takes tracking down)."""
MLFLOW_IMAGE = Image(
    "ghcr.io/mlflow/mlflow",
    f"v{MLFLOW_VERSION}-full",
    MLFLOW_IMAGES,
    why="the -full variant: psycopg2 for Postgres and boto3 / google-cloud-storage / azure-storage-blob for the "
    "artifact store; the plain image has neither, so `mlflow db upgrade` and --artifacts-destination would fail",
)
MLFLOW_SERVICE = "mlflow"  # Deployment, Service and app label
MLFLOW_DATABASE_SECRET = "mlflow-database"
MLFLOW_DATABASE_SECRET_KEY = "uri"
MLFLOW_PORT = 5000
MLFLOW_USER_ID = 1000  # any non-root uid: the image's Python and mlflow are world-readable
MLFLOW_SERVER = Resources(cpu="1", memory="2Gi", cpu_request="250m")
MLFLOW_MIGRATION = Resources(cpu="500m", memory="512Mi", cpu_request="100m")
MLFLOW_AUTH_SECRET = "mlflow-auth"  # admin credentials, the Flask secret key and the auth INI; cluster admins only
MLFLOW_AUTH_USERNAME_KEY = "username"
MLFLOW_AUTH_PASSWORD_KEY = "password"
MLFLOW_AUTH_FLASK_KEY = "flask-secret-key"
MLFLOW_AUTH_INI_KEY = "basic_auth.ini"
MLFLOW_ADMIN_USER = "admin"
# Non-admin MLflow users the platform creates (mlflow_users.py): Ray's jobs and the ML team each log as their own,
# never as the admin. Each password lives in MLFLOW_USER_SECRET_PREFIX + user in MLflow's namespace.
MLFLOW_RAY_USER = "ray"
MLFLOW_TEAM_USER = "ml-team"
MLFLOW_USER_SECRET_PREFIX = "mlflow-user-"
MLFLOW_USERS_JOB = "mlflow-users"
# Scratch for proxied uploads and downloads (staged whole): the largest artifact a pool produces is a checkpoint of
# a model that fills one node's accelerator memory; twice that, so one upload and one download fit at once.
MLFLOW_SCRATCH_MIN_GIB = 20
MLFLOW_SCRATCH_FACTOR = 2
# GKE and AKS ship these classes on every cluster: GKE's PD CSI driver (on by default for new clusters) installs
# standard-rwo (https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver), AKS
# has built-in managed-csi (Standard SSD, https://learn.microsoft.com/en-us/azure/aks/azure-disk-csi). EKS ships no
# usable class (its gp2 is the in-tree name, unencrypted, and needs the EBS CSI driver anyway): the AWS layer
# creates this gp3, encrypted class itself, with the driver add-on (components/aws/block_storage.py).
SCRATCH_STORAGE = Source(
    "Block storage classes: GKE standard-rwo (PD CSI), AKS managed-csi (Azure Disk CSI), EKS the platform's own "
    "gp3 class on the EBS CSI driver add-on",
    "https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/#generic-ephemeral-volumes",
    _READ,
)
SCRATCH_STORAGE_CLASS: Mapping[Cloud, str] = MappingProxyType({
    Cloud.AWS: "mlplatform-gp3", Cloud.GCP: "standard-rwo", Cloud.AZURE: "managed-csi",
})

# --- Ray -----------------------------------------------------------------------------------------
RAY_VERSION = "2.52.0"
RAY_PYTHON = "py312"
RAY_IMAGE = Image("rayproject/ray", f"{RAY_VERSION}-{RAY_PYTHON}", RAY_IMAGES, why="CPU image: head and TPU workers")
RAY_GPU_IMAGE = Image(
    "rayproject/ray", f"{RAY_VERSION}-{RAY_PYTHON}-gpu", RAY_IMAGES, why="CUDA image of the same Ray for GPU workers"
)
RAY_TPU_IMAGE = RAY_IMAGE  # TPU workers: jax[tpu] arrives with the job's runtime_env (source: JAX_TPU)
JAX_TPU_REQUIREMENT = "jax[tpu]==0.8.1"
RAY_AUTH_SECRET = "ray-auth-token"  # generated token (key auth_token) that KubeRay injects into every Ray container
RAY_AUTH_TOKEN_KEY = "auth_token"
RAY_CLUSTER = "ray"  # the RayCluster; KubeRay names its head Service "<cluster>-head-svc"
RAY_HEAD_SERVICE = f"{RAY_CLUSTER}-head-svc"
RAY_GCS_PORT = 6379
RAY_DASHBOARD_PORT = 8265
RAY_CLIENT_PORT = 10001
RAY_USER_ID, RAY_GROUP_ID = 1000, 100  # the images' `ray` user (base-deps Dockerfile: RAY_UID=1000, RAY_GID=100)
RAY_IDLE_TIMEOUT_SECONDS = 300  # idle workers (and then their GPU nodes) go away after five minutes
# The head only runs the GCS, dashboard and autoscaler (num-cpus 0): sized to fit the smallest system node.
RAY_HEAD_SIZES: Mapping[ServiceSize, Resources] = MappingProxyType({
    ServiceSize.SMALL: Resources(cpu="1", memory="4Gi"),
    ServiceSize.MEDIUM: Resources(cpu="2", memory="8Gi"),
    ServiceSize.LARGE: Resources(cpu="4", memory="12Gi"),
})
# A worker asks for this share of its slice of the node's vCPUs and memory, leaving the rest to the kubelet's
# reservation and the daemonsets (CNI, device plugin, log agents), so one worker per accelerator set always fits.
RAY_WORKER_NODE_SHARE = 0.7
# The capped CPU worker group (on the system pool): CPU-only tasks land here and never start a GPU node.
RAY_CPU_GROUP = "cpu"
RAY_CPU_WORKER_SIZES: Mapping[ServiceSize, Resources] = MappingProxyType({
    ServiceSize.SMALL: Resources(cpu="1", memory="4Gi"),
    ServiceSize.MEDIUM: Resources(cpu="2", memory="8Gi"),
    ServiceSize.LARGE: Resources(cpu="4", memory="12Gi"),
})
