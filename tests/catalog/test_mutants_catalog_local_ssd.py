"""Bundled Local SSD counts agree with the accelerator-optimized machine family's published rule.

Compute Engine's accelerator-optimized page (https://cloud.google.com/compute/docs/accelerator-optimized-machines,
`gke_local_ssd.ACCELERATOR_OPTIMIZED`) bundles one 375 GiB Local SSD per GPU on A2 Ultra (a2-ultragpu-Ng has N)
and 16 on A3 High (2 per GPU on a3-highgpu-8g). The GPU counts come from the shape table, a record of its own, so a
count moved in either table fails here.
"""

from __future__ import annotations

from components.catalog import ACCELERATOR_SHAPES
from components.catalog.gke_local_ssd import BUNDLED_LOCAL_SSD, bundled_local_ssd_gib, bundled_local_ssds
from components.spec.enums import Cloud

GPUS = {s.machine_type: s.accelerator_count for (c, _, _), v in ACCELERATOR_SHAPES.items() if c is Cloud.GCP
        for s in v}
PER_GPU = {"a2-ultragpu-": 1, "a3-highgpu-": 2}


def test_bundled_disks_follow_the_series_rule_per_gpu() -> None:
    bundled = {t for t in GPUS if any(t.startswith(p) for p in PER_GPU)}

    assert set(BUNDLED_LOCAL_SSD) == bundled
    for machine_type in bundled:
        per_gpu = next(n for p, n in PER_GPU.items() if machine_type.startswith(p))
        assert bundled_local_ssds(machine_type) == per_gpu * GPUS[machine_type], machine_type
        assert bundled_local_ssd_gib(machine_type) == 375 * per_gpu * GPUS[machine_type]
    assert bundled_local_ssd_gib("a2-highgpu-8g") == bundled_local_ssds("g2-standard-96") == 0
