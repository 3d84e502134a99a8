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
)
from components.catalog.types import Source
from components.spec.enums import ServiceSize

__all__ = [
    "CERT_MANAGER_NAMESPACE",
    "KSERVE_NAMESPACE",
    "MLFLOW_ARTIFACT_PREFIX",
    "MLFLOW_DATABASE",
    "MLFLOW_DATABASE_USER",
    "MLFLOW_NAMESPACE",
    "MLFLOW_SERVICE_ACCOUNT",
    "RAY_NAMESPACE",
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

# --- Ray -----------------------------------------------------------------------------------------
RAY_VERSION = "2.52.0"
RAY_PYTHON = "py312"
RAY_IMAGE = Image("rayproject/ray", f"{RAY_VERSION}-{RAY_PYTHON}", RAY_IMAGES, why="CPU image: head and TPU workers")
RAY_GPU_IMAGE = Image(
    "rayproject/ray", f"{RAY_VERSION}-{RAY_PYTHON}-gpu", RAY_IMAGES, why="CUDA image of the same Ray for GPU workers"
)
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
