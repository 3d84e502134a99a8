"""Recorded Kubernetes inputs as a manifest an external validator can read."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from mlplatform.engine.mocks import MASKED

# Maps the provider keeps secret as a whole; the validator sees a placeholder entry instead of the mask.
SECRET_MAPS = ("data", "stringData")


def manifest(inputs: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(inputs))
    assert out.get("apiVersion") and out.get("kind"), out
    for key in SECRET_MAPS:
        if out.get(key) == MASKED:
            out[key] = {"masked": MASKED}
    return out
