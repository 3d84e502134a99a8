"""Resource-level differences between two inventories: added, removed, replaced, changed.

Resources are matched by URN without its stack part (`urn:pulumi:<stack>::`), so two stacks of the same
program compare resource by resource; a resource whose new URN lists the old one as an alias is the same
resource renamed. Inputs compare leaf by leaf (paths like `scalingConfig.maxSize`, `taints[0].key`);
secrets are masked on both sides, so a changed secret shows as unchanged. Options (protect,
retainOnDelete, ...) compare under `options.`. Replacement comes from `replace.py` (create-only inputs
and `replaceOnChanges`) and then follows property dependencies: an input that takes a replaced
resource's output gets a new value, and where that input is create-only its resource is replaced too.
Offline ids embed the logical name, so the leaves of such an input that carry the replaced resource's
name are the ones that change (the whole input when none does). A replaced `protect`ed resource is a
stop: `pulumi up` refuses to replace it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from mlplatform.diff.replace import replace_paths, stateful_reason, table
from mlplatform.engine.inventory import Inventory, JsonValue, Registration

ABSENT = "(absent)"
AFTER_REPLACE = "(new value: {name} is replaced)"
STOP = "protected: pulumi up will stop here"


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
    reasons: tuple[str, ...] = ()  # why it is replaced, one line per create-only path or followed dependency
    protected: bool = False

    @property
    def stops(self) -> bool:
        """A replacement `pulumi up` refuses: the resource is protected."""
        return self.protected and self.action is Action.REPLACE

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
            "reasons": list(self.reasons),
            "stops": self.stops,
        }


def stack_free(urn: str) -> str:
    """`urn:pulumi:aws-dev::mlplatform::t$u::n` -> `mlplatform::t$u::n`."""
    head, sep, rest = urn.partition("::")
    return rest if sep and head.startswith("urn:pulumi:") else urn


def compare(base: Inventory, head: Inventory) -> list[ResourceDiff]:
    """Every differing resource: stops and stateful losses first, then by action and key."""
    old = {stack_free(r.urn): r for r in base}
    new = {stack_free(r.urn): r for r in head}
    renamed = {stack_free(a): k for k, r in new.items() for a in r.aliases if stack_free(a) in old and k not in old}
    found: dict[str, ResourceDiff] = {}
    pairs: dict[str, tuple[Registration, Registration]] = {}
    for key, reg in old.items():
        match = new.get(key) or (new[renamed[key]] if key in renamed else None)
        if match is None:
            found[key] = _whole(reg, Action.REMOVE)
        else:
            pairs[stack_free(match.urn)] = (reg, match)
            changed = _resource_diff(reg, match)
            if changed:
                found[changed.key] = changed
    for key, reg in new.items():
        if key not in old and key not in renamed.values():
            found[key] = _whole(reg, Action.ADD)
    _propagate(found, pairs, new)
    order = list(Action)
    return sorted(found.values(), key=lambda d: (not d.stops, not d.stateful_loss, order.index(d.action), d.key))


def _propagate(
    found: dict[str, ResourceDiff], pairs: Mapping[str, tuple[Registration, Registration]],
    new: Mapping[str, Registration],
) -> None:
    """Follow replacements through property dependencies until nothing more is replaced."""
    done: set[str] = set()
    while True:
        replaced = {k for k, d in found.items() if d.action is Action.REPLACE and k not in done}
        if not replaced:
            return
        done |= replaced
        for key, (before, after) in pairs.items():
            current = found.get(key)
            if current is not None and current.action is Action.REPLACE:
                continue
            moved = _moved_inputs(after, replaced, new)
            if moved:
                found[key] = _follow(before, after, current, moved)


def _moved_inputs(
    reg: Registration, replaced: set[str], new: Mapping[str, Registration]
) -> dict[str, str]:
    """Input leaf path -> name of the replaced resource whose output it takes."""
    moved: dict[str, str] = {}
    for prop, deps in sorted(reg.property_dependencies.items()):
        for dep in (stack_free(u) for u in deps):
            if dep in replaced and dep in new:
                name = new[dep].name
                leaves = [p for p, v in _leaves(reg.inputs.get(prop), prop) if isinstance(v, str) and name in v]
                moved.update({leaf: name for leaf in leaves or [prop]})
    return moved


def _follow(
    before: Registration, after: Registration, current: ResourceDiff | None, moved: Mapping[str, str]
) -> ResourceDiff:
    known = {c.path for c in current.changes} if current else set()
    changes = (current.changes if current else ()) + tuple(
        Change(path, _at(after.inputs, path), AFTER_REPLACE.format(name=name))
        for path, name in sorted(moved.items()) if path not in known)
    forced = replace_paths(after, tuple(moved))
    reasons = tuple(f"{p} takes an output of {moved[p]}, which is replaced, and {p} is create-only" for p in forced)
    action = Action.REPLACE if forced else Action.CHANGE
    if action is Action.REPLACE and after.protect:
        reasons += (STOP,)
    return ResourceDiff(
        stack_free(after.urn), after.type, after.name, action, stack_free(after.parent), changes, forced,
        stateful_reason(after.type), reasons, after.protect or before.protect,
    )


def _leaves(value: JsonValue, path: str) -> Iterator[tuple[str, JsonValue]]:
    if isinstance(value, Mapping):
        for key in sorted(value):
            yield from _leaves(value[key], f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]")
    else:
        yield path, value


def _at(inputs: Mapping[str, JsonValue], path: str) -> JsonValue:
    found = dict(_leaves(dict(inputs), "")).get(f".{path}")
    return inputs.get(path, ABSENT) if found is None else found


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
    replaced = replace_paths(new, tuple(c.path for c in changes))
    action = Action.REPLACE if replaced else Action.CHANGE
    return ResourceDiff(
        stack_free(new.urn), new.type, new.name, action, stack_free(new.parent), tuple(changes), replaced,
        stateful_reason(new.type), _why(new, replaced) if replaced else (), new.protect or old.protect,
    )


def _why(reg: Registration, paths: tuple[str, ...]) -> tuple[str, ...]:
    rule = table().get(reg.type)
    own = tuple(p.replace("[*]", "") for p in reg.replace_on_changes)
    why = tuple(f"{p} is in the resource's replaceOnChanges" if any(_prefix(p, o) for o in own)
                else f"{p} is create-only in the provider ({rule.method if rule else 'no row'}: "
                     f"{rule.source[0] if rule else ''})" for p in paths)
    return why + ((STOP,) if reg.protect else ())


def _prefix(path: str, prefix: str) -> bool:
    return prefix == "*" or path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))


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
