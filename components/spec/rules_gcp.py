"""GCP-only rules: names the GCP data plane derives from the cluster's name must be accepted by Google.

The MLflow bucket is named ``<cluster>-mlflow-<hex>``; Cloud Storage refuses bucket names that contain
"google" or start with "goog" (https://cloud.google.com/storage/docs/buckets#naming, read 2026-11-30).
"""

from __future__ import annotations

from components.spec.enums import Cloud
from components.spec.errors import Problem, show
from components.spec.models import Blueprint

RESERVED_BUCKET_WORD = "google"
RESERVED_BUCKET_PREFIX = "goog"


def check_gcp(bp: Blueprint) -> list[Problem]:
    mlflow = bp.services.mlflow
    if bp.cloud is not Cloud.GCP or mlflow is None or not mlflow.enabled:
        return []
    name = bp.cluster_name
    if RESERVED_BUCKET_WORD in name or name.startswith(RESERVED_BUCKET_PREFIX):
        return [Problem("name", f"{show(bp.name)} makes the MLflow bucket name start with {name!r}; Cloud Storage "
                        "refuses bucket names containing 'google' or starting with 'goog': rename the platform")]
    return []
