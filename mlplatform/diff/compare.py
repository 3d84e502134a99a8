"""Resource-level differences between two inventories: added, removed, replaced, changed.

Resources are matched by URN without its stack part (`urn:pulumi:<stack>::`), so two stacks of the same
program compare resource by resource; a resource whose new URN lists the old one as an alias is the same
resource renamed. Inputs compare leaf by leaf (paths like `scalingConfig.maxSize`, `taints[0].key`);
secrets are masked on both sides, so a changed secret shows as unchanged. Options (protect,
retainOnDelete, ...) compare under `options.`. Replacement comes from the table in `replace.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from mlplatform.diff.replace import replace_paths, stateful_reason
from mlplatform.engine.inventory import Inventory, JsonValue, Registration

ABSENT = "(absent)"


class Action(StrEnum):
    ADD = "add"
    REMOVE = "remove"
    REPLACE = "replace"
    CHANGE = "change"


@dataclass(frozen=True)
class Change:
    path: str
    old: JsonValue
    new: JsonValue


@dataclass(frozen=True)
class ResourceDiff:
    """One resource that differs; `key` is its URN without the stack, `stateful` why losing it loses data."""

    key: str
    type: str
    name: str
    action: Action
    parent: str = ""  # the parent's URN without the stack
    changes: tuple[Change, ...] = ()
    replace_paths: tuple[str, ...] = ()
    stateful: str | None = None

    @property
    def stateful_loss(self) -> bool:
        """A stateful resource that this change destroys (replaced or removed)."""
        return self.stateful is not None and self.action in (Action.REPLACE, Action.REMOVE)

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "key": self.key,
            "type": self.type,
            "name": self.name,
            "action": self.action.value,
            "parent": self.parent,
            "changes": [{"path": c.path, "old": c.old, "new": c.new} for c in self.changes],
            "replacePaths": list(self.replace_paths),
            "stateful": self.stateful,
        }


def stack_free(urn: str) -> str:
    """`urn:pulumi:aws-dev::mlplatform::t$u::n` -> `mlplatform::t$u::n`."""
    head, sep, rest = urn.partition("::")
    return rest if sep and head.startswith("urn:pulumi:") else urn


def compare(base: Inventory, head: Inventory) -> list[ResourceDiff]:
    """Every differing resource: stateful losses first, then by action and key."""
    old = {stack_free(r.urn): r for r in base}
    new = {stack_free(r.urn): r for r in head}
    renamed = {stack_free(a): k for k, r in new.items() for a in r.aliases if stack_free(a) in old and k not in old}
    out: list[ResourceDiff] = []
    for key, reg in old.items():
        match = new.get(key) or (new[renamed[key]] if key in renamed else None)
        if match is None:
            out.append(_whole(reg, Action.REMOVE))
        else:
            changed = _resource_diff(reg, match)
            if changed:
                out.append(changed)
    out += [_whole(reg, Action.ADD) for key, reg in new.items() if key not in old and key not in renamed.values()]
    order = list(Action)
    return sorted(out, key=lambda d: (not d.stateful_loss, order.index(d.action), d.key))


def _whole(reg: Registration, action: Action) -> ResourceDiff:
    return ResourceDiff(
        stack_free(reg.urn), reg.type, reg.name, action, stack_free(reg.parent), stateful=stateful_reason(reg.type)
    )


def _resource_diff(old: Registration, new: Registration) -> ResourceDiff | None:
    changes = [Change(p, a, b) for p, a, b in _leaf_changes(dict(old.inputs), dict(new.inputs), "")]
    changes += [Change(f"options.{p}", a, b) for p, a, b in _leaf_changes(_options(old), _options(new), "")]
    if stack_free(old.urn) != stack_free(new.urn):
        changes.insert(0, Change("urn", stack_free(old.urn), stack_free(new.urn)))
    if not changes:
        return None
    replaced = replace_paths(new.type, tuple(c.path for c in changes))
    action = Action.REPLACE if replaced else Action.CHANGE
    return ResourceDiff(
        stack_free(new.urn), new.type, new.name, action, stack_free(new.parent), tuple(changes), replaced,
        stateful_reason(new.type),
    )


def _options(reg: Registration) -> dict[str, JsonValue]:
    return {
        "protect": reg.protect,
        "retainOnDelete": reg.retain_on_delete,
        "deleteBeforeReplace": reg.delete_before_replace,
        "ignoreChanges": list(reg.ignore_changes),
        "provider": reg.provider,
    }


def _leaf_changes(old: JsonValue, new: JsonValue, path: str) -> Iterator[tuple[str, JsonValue, JsonValue]]:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new)):
            yield from _leaf_changes(old.get(key, ABSENT), new.get(key, ABSENT), f"{path}.{key}" if path else key)
    elif isinstance(old, list) and isinstance(new, list) and old and new:
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else ABSENT
            b = new[i] if i < len(new) else ABSENT
            yield from _leaf_changes(a, b, f"{path}[{i}]")
    elif old != new:
        yield path, old, new
