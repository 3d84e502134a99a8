"""The pinned upstream files in ../shared/reference/upstream, and checks against them.

Helm ignores a values key it does not know, and a custom resource's unknown field is pruned by the API server:
neither fails at deploy time, so these checks compare with the charts' values.yaml and the CRDs' schemas.
Tests using them skip, saying why, where the folder is absent (a user's clone)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from typing import Any

import pytest
import yaml

from tests.engine.stacks import ROOT

UPSTREAM = ROOT.parent / "shared" / "reference" / "upstream"

requires_reference = pytest.mark.skipif(
    not UPSTREAM.is_dir(), reason=f"{UPSTREAM} is absent: upstream charts and CRDs are only on dev machines and CI"
)

# libyaml's safe loader when PyYAML was built with it: the same documents as yaml.safe_load, several times faster on
# the CRDs (2 MB of YAML); the pure-Python one otherwise.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CHART_DIRS = {
    "cert-manager": "cert-manager/deploy/charts/cert-manager",
    "kserve-crd": "kserve/charts/kserve-crd",
    "kserve-resources": "kserve/charts/kserve-resources",
    "kserve-runtime-configs": "kserve/charts/kserve-runtime-configs",
    "kuberay-operator": "kuberay/helm-chart/kuberay-operator",
    "nvidia-device-plugin": "nvidia-device-plugin/deployments/helm/nvidia-device-plugin",
}
CRDS = {
    ("ray.io/v1", "RayCluster"): "kuberay/ray-operator/config/crd/bases/ray.io_rayclusters.yaml",
    ("serving.kserve.io/v1beta1", "InferenceService"):
        "kserve/config/crd/full/serving.kserve.io_inferenceservices.yaml",
}


@cache
def chart_values(chart: str) -> Mapping[str, Any]:
    return yaml.load((UPSTREAM / CHART_DIRS[chart] / "values.yaml").read_text(), Loader=SAFE_LOADER) or {}


@cache
def chart_yaml(chart: str) -> Mapping[str, Any]:
    data: Mapping[str, Any] = yaml.safe_load((UPSTREAM / CHART_DIRS[chart] / "Chart.yaml").read_text())
    return data


@cache
def template_refs(chart: str) -> Mapping[str, Any]:
    path = UPSTREAM / CHART_DIRS[chart] / "template-refs.derived.json"
    return json.loads(path.read_text()) if path.exists() else {}


def unknown_values_keys(chart: str, values: Mapping[str, Any]) -> list[str]:
    """Paths in `values` that the chart's values.yaml does not declare, or (where a template scan exists) that no
    template reads. Below a map that is empty upstream or passed verbatim to toYaml, keys are free-form."""
    refs = template_refs(chart)
    free = set(refs.get("passed_verbatim_toYaml", ())) | set(refs.get("ranged_over", ()))
    read = set(refs.get("referenced", ()))
    unknown: list[str] = []

    def walk(ours: Mapping[str, Any], theirs: Any, path: str) -> None:
        for key, value in ours.items():
            at = f"{path}.{key}" if path else key
            if not isinstance(theirs, Mapping) or key not in theirs:
                unknown.append(at)
                continue
            if read and not any(r == at or r.startswith(f"{at}.") or at.startswith(f"{r}.") for r in read):
                unknown.append(f"{at} (declared, but no template reads it)")
                continue
            upstream = theirs[key]
            if at in free or (isinstance(upstream, Mapping) and not upstream):
                continue
            if isinstance(value, Mapping):
                walk(value, upstream, at)

    walk(values, chart_values(chart), "")
    return unknown


def _strict(schema: Any) -> Any:
    """The API server's view: an object with declared properties takes no others (unless it preserves unknowns)."""
    if isinstance(schema, dict):
        out = {k: _strict(v) for k, v in schema.items()}
        if ("properties" in out and "additionalProperties" not in out
                and not out.get("x-kubernetes-preserve-unknown-fields")):
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_strict(v) for v in schema]
    return schema


@cache
def crd_schema(api_version: str, kind: str) -> Mapping[str, Any]:
    """The strict OpenAPI schema of one served version of a pinned CRD."""
    crd = yaml.load((UPSTREAM / CRDS[(api_version, kind)]).read_text(), Loader=SAFE_LOADER)
    version = api_version.split("/")[1]
    [served] = [v for v in crd["spec"]["versions"] if v["name"] == version and v["served"]]
    assert crd["spec"]["names"]["kind"] == kind
    schema: Mapping[str, Any] = _strict(copy.deepcopy(served["schema"]["openAPIV3Schema"]))
    return schema
