"""What a render recorded: every registration with its JSON-safe inputs, in registration order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

JsonValue = Any  # JSON-safe: dict / list / str / float / bool / None


@dataclass(frozen=True)
class Registration:
    """One resource as the engine would have received it (inputs in wire names, secrets masked)."""

    urn: str
    type: str
    name: str
    parent: str
    custom: bool
    inputs: Mapping[str, JsonValue]
    dependencies: tuple[str, ...] = ()
    protect: bool = False
    retain_on_delete: bool = False
    provider: str = ""
    aliases: tuple[str, ...] = ()
    ignore_changes: tuple[str, ...] = ()
    delete_before_replace: bool = False
    replace_on_changes: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, JsonValue]:
        out = asdict(self)
        out["inputs"] = dict(self.inputs)
        out["dependencies"] = list(self.dependencies)
        out["aliases"] = list(self.aliases)
        out["ignore_changes"] = list(self.ignore_changes)
        out["replace_on_changes"] = list(self.replace_on_changes)
        out["property_dependencies"] = {k: list(v) for k, v in self.property_dependencies.items()}
        return out


@dataclass
class Inventory:
    """Registrations of one stack render, plus the stack outputs it exported."""

    stack: str
    registrations: list[Registration] = field(default_factory=list)
    outputs: dict[str, JsonValue] = field(default_factory=dict)
    invokes: list[str] = field(default_factory=list)  # invoke tokens the program called, in order

    def __iter__(self) -> Iterator[Registration]:
        return iter(self.registrations)

    def __len__(self) -> int:
        return len(self.registrations)

    def of_type(self, type_token: str) -> list[Registration]:
        return [r for r in self.registrations if r.type == type_token]

    def named(self, name: str) -> Registration:
        """The one registration with this logical name (raises if absent or ambiguous)."""
        found = [r for r in self.registrations if r.name == name]
        if len(found) != 1:
            raise KeyError(f"{len(found)} registrations named {name!r}; names: {sorted(r.name for r in self)}")
        return found[0]

    def children_of(self, urn: str) -> list[Registration]:
        return [r for r in self.registrations if r.parent == urn]

    def custom(self) -> list[Registration]:
        return [r for r in self.registrations if r.custom]

    def to_json(self) -> dict[str, JsonValue]:
        """Resources sorted by URN: registration order follows async scheduling, which is not stable."""
        resources = sorted(self.registrations, key=lambda r: r.urn)
        return {"stack": self.stack, "resources": [r.to_json() for r in resources], "outputs": self.outputs}
