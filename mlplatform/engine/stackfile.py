"""Stack files: `stacks/Pulumi.<stack>.yaml` -> stack name, project, and the config the engine would pass.

Read strictly: the file must be UTF-8, a key may appear once per mapping (YAML keeps the last silently),
and a blueprint scalar must have its field's JSON type (YAML's `true` is not a node count, which a lax
model would read as 1); each problem is reported with its path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_FILE = "Pulumi.yaml"
BLUEPRINT_KEY = "mlplatform:blueprint"


class StackFileError(ValueError):
    """A stack file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class StackFile:
    path: Path
    project_dir: Path
    project: str
    stack: str
    config: dict[str, Any]

    def engine_config(self) -> dict[str, str]:
        """Config as the Pulumi engine hands it to a program: structured values as JSON text."""
        out: dict[str, str] = {}
        for key, value in self.config.items():
            full = key if ":" in key else f"{self.project}:{key}"
            if isinstance(value, dict) and set(value) == {"secure"}:
                continue  # encrypted values need the stack's secrets provider; never needed offline
            out[full] = value if isinstance(value, str) else json.dumps(value)
        return out

    @property
    def blueprint(self) -> Any:
        return self.config.get(BLUEPRINT_KEY, self.config.get("blueprint"))


def read_stack_file(path: Path) -> StackFile:
    path = Path(path)
    name = path.name
    if not (name.startswith("Pulumi.") and name.endswith((".yaml", ".yml"))) or name.count(".") < 2:
        raise StackFileError(f"{path}: not a stack file; expected a name like stacks/Pulumi.aws-dev.yaml")
    if not path.is_file():
        raise StackFileError(f"{path}: no such file")
    project_dir = find_project_dir(path.resolve().parent)
    try:
        project_doc = yaml.safe_load(_text(project_dir / PROJECT_FILE)) or {}
        text = _text(path)
        duplicates = list(_duplicate_keys(yaml.compose(text, Loader=yaml.SafeLoader), ""))
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise StackFileError(f"{path}: not valid YAML: {exc}") from None
    if duplicates:
        raise StackFileError(f"{path}: " + "; ".join(duplicates))
    if not isinstance(doc, dict) or not isinstance(doc.get("config", {}), dict):
        raise StackFileError(f"{path}: expected a mapping with a 'config:' section")
    blueprint = (doc.get("config") or {}).get(BLUEPRINT_KEY)
    wrong = list(_wrong_types(blueprint)) if isinstance(blueprint, dict) else []
    if wrong:
        raise StackFileError(f"{path}: " + "; ".join(wrong))
    return StackFile(
        path=path,
        project_dir=project_dir,
        project=str(project_doc.get("name", "mlplatform")),
        stack=name.split(".", 1)[1].rsplit(".", 1)[0],
        config=dict(doc.get("config") or {}),
    )


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StackFileError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
                             "save it as UTF-8") from None


def _duplicate_keys(node: yaml.Node | None, path: str) -> Iterator[str]:
    """`path: key 'x' appears twice (lines a and b)` for every mapping that repeats a key."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            where = f"{path}.{name}" if path else str(name)
            if name in seen:
                yield (f"{where}: key {name!r} appears twice in one mapping (lines {seen[name]} and "
                       f"{key.start_mark.line + 1}); YAML would keep only the last")
            seen.setdefault(name, key.start_mark.line + 1)
            yield from _duplicate_keys(value, where)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, f"{path}[{i}]")


@cache
def _blueprint_validator() -> Any:
    import jsonschema  # type: ignore[import-untyped]  # only when a blueprint is read

    from components.spec import Blueprint

    return jsonschema.Draft202012Validator(Blueprint.model_json_schema(by_alias=True))


def _wrong_types(blueprint: dict[str, Any]) -> Iterator[str]:
    """Scalars of the wrong JSON type (a boolean for a count, text for a number), by their blueprint path."""
    for error in _blueprint_validator().iter_errors(blueprint):
        if isinstance(error.instance, dict | list):
            continue
        branches = error.context if error.validator == "anyOf" else [error]
        if not branches or any(b.validator != "type" for b in branches):
            continue
        expected = [t for b in branches for t in _listed(b.validator_value) if t != "null"]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        shown = " or ".join(expected)
        yield f"{BLUEPRINT_KEY}{where}: {json.dumps(error.instance)} is not {_article(shown)} {shown}"


def _listed(value: object) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value] if isinstance(value, list) else []


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def find_project_dir(start: Path) -> Path:
    """The nearest folder at or above `start` holding Pulumi.yaml."""
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise StackFileError(f"no {PROJECT_FILE} found at or above {start}")


def committed_stacks(project_dir: Path) -> list[Path]:
    """Every stack file under the project's stackConfigDir (stacks/), sorted."""
    return sorted((project_dir / "stacks").glob("Pulumi.*.yaml"))
