"""Ray checkpoints under the artifact store's `checkpoints/` prefix: how long they live, and each cloud's lifecycle
mechanism that enforces it (with its source and date).

Why a retention of its own: a checkpoint exists to resume a run after an eviction or a failure; what a finished run
keeps is the model it registers in MLflow (under mlflow/, never expired). 30 days covers a paused or repeatedly
interrupted run with room to spare, while a full node's checkpoint (hundreds of GiB) does not stay forever.
"""

from __future__ import annotations

from datetime import date

from components.catalog.service_names import CHECKPOINT_PREFIX
from components.catalog.types import Source

_READ = date(2026, 12, 6)

CHECKPOINT_RETENTION_DAYS = 30
"""A checkpoint object is deleted this many days after it was written (on versioned stores it becomes an old
version first, which the store's old-version rule then deletes)."""
CHECKPOINT_KEY_PREFIX = f"{CHECKPOINT_PREFIX}/"
"""The object key prefix the lifecycle rules match (the trailing slash keeps `checkpoints-old/` out)."""
CHECKPOINT_RULE = "expire-checkpoints"

S3_LIFECYCLE_PREFIX = Source(
    "Amazon S3 lifecycle configuration: Filter.Prefix limits a rule to keys with the prefix; Expiration.Days",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html",
    _READ,
)
GCS_LIFECYCLE_PREFIX = Source(
    "Cloud Storage Object Lifecycle Management: condition matchesPrefix with age, action Delete",
    "https://cloud.google.com/storage/docs/lifecycle#matchesprefix-suffix",
    _READ,
)
AZURE_LIFECYCLE_PREFIX = Source(
    "Azure Blob Storage lifecycle management: filters.prefixMatch begins with the container name; "
    "baseBlob.delete.daysAfterModificationGreaterThan",
    "https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview",
    _READ,
)
