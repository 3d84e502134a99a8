"""Mock provider outputs for common resources (see package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

Outputs = Callable[[str, Mapping[str, Any]], dict[str, Any]]



def _random_password(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """A fixed, obviously fake value of the requested length (the inventory masks it as a secret anyway)."""
    return {"result": "x" * int(inputs.get("length", 16)), "bcryptHash": "[mock]"}


# pulumi_random, used by every cloud's data plane (database passwords).
OUTPUTS: Mapping[str, Outputs] = MappingProxyType({
    "random:index/randomPassword:RandomPassword": _random_password,
})
INVOKES: Mapping[str, Outputs] = MappingProxyType({})
