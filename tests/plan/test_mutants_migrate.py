"""A `migrate` edge no test reached (mutant `migrate.py:61 and -> or`, tools/README.md 2026-12-07 section): a GPU
pool the target's rules refuse (here a stray TPU `topology`) is offered replacements for its own GPU count, as a TPU
pool with a topology is offered them for its chips per host.
"""

from __future__ import annotations

import copy
from typing import Any

from components import catalog
from components.spec import Accelerator, Cloud, load_blueprint
from mlplatform.economics.migrate import Retarget, retarget
from tests.plan.test_migrate import config


def _moved(edit: dict[str, Any], pool: dict[str, Any] | None = None) -> Retarget:
    doc = config("gcp-dev")
    raw = copy.deepcopy(doc["mlplatform:blueprint"])
    raw.update(edit)
    if pool is not None:
        raw["nodePools"] = [{**p, **pool} if p["name"] == "a100-train" else p for p in raw["nodePools"]]
    return retarget(load_blueprint(doc["mlplatform:blueprint"]), raw, doc, Cloud.AWS, "us-east-1")


def test_a_refused_gpu_pool_is_offered_replacements_for_its_own_gpu_count() -> None:
    moved = _moved({}, {"topology": "2x4"})
    refused = {u.pool: u for u in moved.unmovable}
    assert refused["a100-train"].reason == "topology: '2x4' applies to TPU pools only; remove it"
    assert refused["a100-train"].alternatives == catalog.gpu_alternatives(Accelerator.A100_80GB, 8, Cloud.AWS)
    assert refused["a100-train"].alternatives[0] == "nvidia-a100-80gb x8"
    # The TPU pool's 2x4 v5e slice: 8 chips per host, so GPU offerings of 8 per node come first.
    assert refused["v5e-dev"].alternatives == catalog.gpu_alternatives(Accelerator.TPU_V5E, 8, Cloud.AWS)
