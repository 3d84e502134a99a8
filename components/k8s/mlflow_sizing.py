"""The MLflow artifact proxy's scratch volume, sized from the pools (connections: catalog/mlflow_sizing.py).

The artifact proxy stages every proxied upload and download whole on local disk (mlflow_pod's /tmp), so the scratch
volume holds the largest artifact the pools produce (a checkpoint of a model that fills one node's accelerator
memory) twice over: one upload and one download at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from components.catalog import services as svc
from components.plan import PoolPlan


def scratch_gib(pools: Sequence[PoolPlan]) -> int:
    """Scratch for the artifact proxy: twice the largest node's accelerator memory, at least MLFLOW_SCRATCH_MIN_GIB."""
    largest = max((p.shape.accelerator_memory_gib * max(p.shape.accelerator_count, p.shape.tpu_chips_per_host)
                   for p in pools), default=0)
    return max(svc.MLFLOW_SCRATCH_MIN_GIB, largest * svc.MLFLOW_SCRATCH_FACTOR)
