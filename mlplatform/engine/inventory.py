"""What a render recorded: every registration with its JSON-safe inputs, and its versioned export.

The export (`Inventory.to_json`, documented in docs/inventory-export.md) is what `plan --format json`
prints, what the cache stores and what `diff` compares. A change to its shape bumps SCHEMA_VERSION.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

JsonValue = Any  # JSON-safe: dict / list / str / float / bool / None

SCHEMA_VERSION = 1


class InventoryFormatError(ValueError):
    """An export this code cannot read (another schemaVersion, or not an export at all)."""


class RenderError(RuntimeError):
    """The program failed for this stack; the message is the program's own (e.g. blueprint problems).

    `inventory` holds what was registered before the failure (empty when validation stopped it); `internal` is
    True when the program failed on something other than the stack's input (a bug, not bad input).
    """

    def __init__(self, message: str, inventory: Inventory, *, internal: bool = False) -> None:
        super().__init__(message)
        self.inventory = inventory
        self.internal = internal


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
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "parent": self.parent,
            "custom": self.custom,
            "provider": self.provider,
            "inputs": _sorted_keys(self.inputs),
            "dependencies": list(self.dependencies),
            "propertyDependencies": {k: list(v) for k, v in sorted(self.property_dependencies.items())},
            "options": {
                "protect": self.protect,
                "retainOnDelete": self.retain_on_delete,
                "deleteBeforeReplace": self.delete_before_replace,
                "ignoreChanges": list(self.ignore_changes),
                "aliases": list(self.aliases),
                "replaceOnChanges": list(self.replace_on_changes),
            },
        }

    @staticmethod
    def from_json(doc: Mapping[str, JsonValue]) -> Registration:
        options = doc.get("options", {})
        return Registration(
            urn=doc["urn"],
            type=doc["type"],
            name=doc["name"],
            parent=doc["parent"],
            custom=doc["custom"],
            inputs=doc["inputs"],
            dependencies=tuple(doc["dependencies"]),
            protect=options.get("protect", False),
            retain_on_delete=options.get("retainOnDelete", False),
            provider=doc.get("provider", ""),
            aliases=tuple(options.get("aliases", ())),
            ignore_changes=tuple(options.get("ignoreChanges", ())),
            delete_before_replace=options.get("deleteBeforeReplace", False),
            replace_on_changes=tuple(options.get("replaceOnChanges", ())),
            property_dependencies={k: tuple(v) for k, v in doc.get("propertyDependencies", {}).items()},
        )


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
        """The versioned export; resources sorted by URN (registration order follows async scheduling)."""
        resources = sorted(self.registrations, key=lambda r: r.urn)
        return {
            "schemaVersion": SCHEMA_VERSION,
            "stack": self.stack,
            "resources": [r.to_json() for r in resources],
            "outputs": _sorted_keys(self.outputs),
            "invokes": list(self.invokes),
        }

    @staticmethod
    def from_json(doc: Mapping[str, JsonValue]) -> Inventory:
        """Read an export back; raises InventoryFormatError for a version this code does not know."""
        version = doc.get("schemaVersion") if isinstance(doc, Mapping) else None
        if version != SCHEMA_VERSION:
            raise InventoryFormatError(f"inventory schemaVersion {version!r}; this mlplatform reads {SCHEMA_VERSION}")
        return Inventory(
            stack=doc["stack"],
            registrations=[Registration.from_json(r) for r in doc["resources"]],
            outputs=dict(doc["outputs"]),
            invokes=list(doc.get("invokes", [])),
        )


def _sorted_keys(value: JsonValue) -> JsonValue:
    """Objects with their keys sorted at every level: the wire's map order varies from run to run."""
    if isinstance(value, Mapping):
        return {k: _sorted_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(v) for v in value]
    return value
