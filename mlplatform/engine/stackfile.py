"""Stack files: `stacks/Pulumi.<stack>.yaml` -> stack name, project, and the config the engine would pass."""

from __future__ import annotations

import json
from dataclasses import dataclass
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
        project_doc = yaml.safe_load((project_dir / PROJECT_FILE).read_text()) or {}
        doc = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise StackFileError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("config", {}), dict):
        raise StackFileError(f"{path}: expected a mapping with a 'config:' section")
    return StackFile(
        path=path,
        project_dir=project_dir,
        project=str(project_doc.get("name", "mlplatform")),
        stack=name.split(".", 1)[1].rsplit(".", 1)[0],
        config=dict(doc.get("config") or {}),
    )


def find_project_dir(start: Path) -> Path:
    """The nearest folder at or above `start` holding Pulumi.yaml."""
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise StackFileError(f"no {PROJECT_FILE} found at or above {start}")


def committed_stacks(project_dir: Path) -> list[Path]:
    """Every stack file under the project's stackConfigDir (stacks/), sorted."""
    return sorted((project_dir / "stacks").glob("Pulumi.*.yaml"))
