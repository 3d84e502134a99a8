"""Mock provider outputs for common resources (see package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

Outputs = Callable[[str, Mapping[str, Any]], dict[str, Any]]

OUTPUTS: Mapping[str, Outputs] = MappingProxyType({})
INVOKES: Mapping[str, Outputs] = MappingProxyType({})
