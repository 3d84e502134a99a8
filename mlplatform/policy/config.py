"""Policy pack config exactly as the Pulumi CLI handles `--policy-pack-config FILE`.

The engine (pulumi/pulumi `pkg/resource/analyzer/config.go`, `pkg/engine/update.go`) reads the file as JSON;
each top-level key is a policy name or `all`, its value an enforcement level or an object (an optional
`enforcementLevel` plus the policy's properties). It then starts from each policy's schema defaults, applies
`all`'s level, then every entry, and validates each policy's resulting properties against
`{"type": "object", "properties": <its schema>}` (JSON Schema via gojsonschema). So:
- refused, with the engine's messages: not JSON, a value neither a level nor an object, an invalid level,
  a property that breaks its schema (type, minimum, enum, item type);
- accepted: an unknown policy, an unknown property, properties under `all` (ignored by the engine), an
  integral number such as `8.0` for an integer. The likely typos among these are returned as warnings.
Numbers reach the policies as the protobuf Struct carries them: floats.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from pulumi_policy import EnforcementLevel, Policy

from policies.pack import Pack, level

ALL = "all"
LEVEL_KEY = "enforcementLevel"
PACK_FILE = "PulumiPolicy.yaml"
# The JSON Schema keywords these packs' schemas use; the validator below implements exactly these.
SUPPORTED_KEYWORDS = frozenset({"type", "minimum", "enum", "items", "default", "description"})
_LEVELS = ", ".join(e.value for e in EnforcementLevel)


class PolicyConfigError(ValueError):
    """A pack config the Pulumi CLI refuses; the message carries the CLI's own reason."""


@dataclass(frozen=True)
class PolicySettings:
    level: EnforcementLevel
    config: Mapping[str, Any]


@dataclass(frozen=True)
class Reconciled:
    settings: Mapping[str, PolicySettings]
    warnings: tuple[str, ...]


def read_json(path: Path) -> Any:
    """A config file's JSON document (empty content is no config, as in the engine)."""
    try:
        text = path.read_text()
    except OSError as exc:
        raise PolicyConfigError(f"{path}: {exc.strerror or exc}") from None
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyConfigError(
            f"{path}: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); the Pulumi CLI reads "
            "--policy-pack-config files as JSON only"
        ) from None


def load_pack_config(path: Path) -> dict[str, Any]:
    """One pack's `--policy-pack-config` file, checked as the engine parses it."""
    loaded = read_json(path)
    if not isinstance(loaded, dict):
        raise PolicyConfigError(f"{path}: a policy pack config is a JSON object keyed by policy name")
    parse_entries(loaded)
    return loaded


def parse_entries(config: Mapping[str, Any]) -> dict[str, tuple[EnforcementLevel | None, dict[str, Any]]]:
    """name -> (level or None, properties), refusing what the engine's parser refuses, with its messages."""
    out: dict[str, tuple[EnforcementLevel | None, dict[str, Any]]] = {}
    for name, value in config.items():
        if isinstance(value, str):
            out[name] = (_level(name, value), {})
        elif isinstance(value, dict):
            props = dict(value)
            given = props.pop(LEVEL_KEY, None)
            if LEVEL_KEY in value and not isinstance(given, str):
                raise PolicyConfigError(
                    f"parsing enforcement level for {name!r}: {json.dumps(given)} is not a valid enforcement "
                    "level; must be a string"
                )
            out[name] = (_level(name, given) if given is not None else None, props)
        else:
            shown = json.dumps(value)
            raise PolicyConfigError(f"parsing {name!r}: {shown} is not a valid value; must be a string or object")
    return out


def reconcile(pack: Pack, config: Mapping[str, Any] | None, version: str) -> Reconciled:
    """Each policy's level and properties: schema defaults, then `all`'s level, then each entry; validated."""
    entries = parse_entries(dict(config or {}))
    names = {p.name: p for p in pack.policies}
    chosen = {p.name: level(p) for p in pack.policies}
    props: dict[str, dict[str, Any]] = {
        p.name: {k: v["default"] for k, v in _schema(p).items() if "default" in v} for p in pack.policies
    }
    everyone, all_props = entries.get(ALL, (None, {}))
    if everyone is not None:
        chosen = dict.fromkeys(chosen, everyone)
    for name, (given_level, given) in entries.items():
        if name not in names:
            continue
        if given_level is not None:
            chosen[name] = given_level
        props[name] |= given
    errors = sorted(
        f"validating policy config: {pack.name} {version}  {name}: {problem}"
        for name, policy in names.items()
        for problem in validate(_schema(policy), props[name])
    )
    if errors:
        raise PolicyConfigError("\n".join(errors))
    settings = {n: PolicySettings(chosen[n], MappingProxyType(_struct(props[n]))) for n in names}
    return Reconciled(MappingProxyType(settings), tuple(_warnings(pack, entries, all_props)))


def validate(properties: Mapping[str, Mapping[str, Any]], value: Mapping[str, Any]) -> list[str]:
    """gojsonschema's messages for `value` against `{"type": "object", "properties": properties}`."""
    problems: list[str] = []
    for key, schema in properties.items():
        if key in value:
            problems += _check(schema, value[key], key)
    return problems


@cache
def pack_version(folder: Path) -> str:
    """The version in a pack's PulumiPolicy.yaml: the engine reports it over the one the SDK sends (read once per
    process: a run reconciles each pack's config once per stack)."""
    doc = yaml.safe_load((folder / PACK_FILE).read_text())
    return str(doc.get("version", "0.0.1")) if isinstance(doc, dict) else "0.0.1"


def _check(schema: Mapping[str, Any], value: Any, field: str) -> list[str]:
    expected = schema.get("type")
    if expected is not None and not _is_type(value, str(expected)):
        return [f"{field}: Invalid type. Expected: {expected}, given: {_type_name(value)}"]
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(json.dumps(v) for v in schema["enum"])
        problems.append(f"{field}: {field} must be one of the following: {allowed}")
    minimum = schema.get("minimum")
    if minimum is not None and _is_number(value) and value < minimum:
        problems.append(f"{field}: Must be greater than or equal to {_number(minimum)}")
    items = schema.get("items")
    if isinstance(items, Mapping) and isinstance(value, list):
        for index, item in enumerate(value):
            problems += _check(items, item, f"{field}.{index}")
    return problems


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_type(value: Any, expected: str) -> bool:
    checks = {
        "string": isinstance(value, str),
        "number": _is_number(value),
        "integer": _is_number(value) and float(value).is_integer(),
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
        "null": value is None,
    }
    return checks.get(expected, True)


def _type_name(value: Any) -> str:
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _is_type(value, name):
            return name
    return type(value).__name__


def _number(value: Any) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _struct(value: Any) -> Any:
    """As a protobuf Struct delivers it to the pack: every number a float."""
    if isinstance(value, Mapping):
        return {k: _struct(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_struct(v) for v in value]
    return float(value) if _is_number(value) else value


def _level(name: str, value: str) -> EnforcementLevel:
    try:
        return EnforcementLevel(value)
    except ValueError:
        raise PolicyConfigError(
            f"parsing enforcement level for {name!r}: {value!r} is not a valid enforcement level ({_LEVELS})"
        ) from None


def _schema(policy: Policy) -> Mapping[str, Mapping[str, Any]]:
    return policy.config_schema.properties if policy.config_schema is not None else {}


def _warnings(
    pack: Pack, entries: Mapping[str, tuple[EnforcementLevel | None, dict[str, Any]]], all_props: Mapping[str, Any]
) -> list[str]:
    names = sorted(p.name for p in pack.policies)
    out = []
    if all_props:
        out.append(f"{pack.name}.{ALL}: {', '.join(sorted(all_props))} ignored; only its {LEVEL_KEY} applies")
    for name, (_, given) in sorted(entries.items()):
        if name == ALL:
            continue
        if name not in names:
            out.append(f"{pack.name}: no policy named {name!r}, ignored{_did_you_mean(name, names)}")
            continue
        settings = sorted(_schema(pack.policy(name)))
        for key in sorted(set(given) - set(settings)):
            out.append(f"{pack.name}.{name}: {key!r} is not one of its settings, ignored{_did_you_mean(key, settings)}")
    return out


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(choices) or 'none'})"
