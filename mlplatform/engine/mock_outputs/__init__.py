"""Computed outputs and invoke results a real provider would return, one table per cloud.

A row is keyed by the resource type token (or invoke token) and returns only what the provider
computes (ids, ARNs, endpoints, generated names); inputs are echoed by the mocks already.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import chain
from types import MappingProxyType
from typing import Any

from mlplatform.engine.mock_outputs import aws, azure, common, gcp

Outputs = Callable[[str, Mapping[str, Any]], dict[str, Any]]

RESOURCE_OUTPUTS: Mapping[str, Outputs] = MappingProxyType(
    dict(chain(common.OUTPUTS.items(), aws.OUTPUTS.items(), gcp.OUTPUTS.items(), azure.OUTPUTS.items()))
)
INVOKE_RESULTS: Mapping[str, Outputs] = MappingProxyType(
    dict(chain(common.INVOKES.items(), aws.INVOKES.items(), gcp.INVOKES.items(), azure.INVOKES.items()))
)


def computed_outputs(type_token: str, name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    row = RESOURCE_OUTPUTS.get(type_token)
    return row(name, inputs) if row else {}


def invoke_result(token: str, args: Mapping[str, Any]) -> dict[str, Any]:
    row = INVOKE_RESULTS.get(token)
    if row is None:
        raise LookupError(f"no mock result for invoke {token}; add it to mlplatform/engine/mock_outputs/")
    return row(token, args)
