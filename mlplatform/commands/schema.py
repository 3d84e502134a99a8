"""`mlplatform schema`: the blueprint's JSON Schema, or a whole stack file's (for editor completion)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from components.spec import Blueprint
from mlplatform.commands.common import out
from mlplatform.engine.stackfile import BLUEPRINT_KEY


def schema(
    stack_file: Annotated[bool, typer.Option("--stack-file", help="Schema of a whole stack file")] = False,
) -> None:
    """Print the blueprint's JSON Schema (for editor completion of stack files)."""
    out.print_json(json.dumps(stack_file_schema() if stack_file else blueprint_schema()), indent=2)


def blueprint_schema() -> dict[str, Any]:
    doc = Blueprint.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "mlplatform blueprint (stack config key mlplatform:blueprint)"
    return doc


def stack_file_schema() -> dict[str, Any]:
    """A stack file: the blueprint under config, next to provider keys (free-form, checked by validate)."""
    blueprint = blueprint_schema()
    defs = blueprint.pop("$defs", {})
    blueprint.pop("$schema")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mlplatform stack file (stacks/Pulumi.<cloud>-<env>.yaml)",
        "type": "object",
        "properties": {
            "config": {
                "type": "object",
                "properties": {BLUEPRINT_KEY: blueprint},
                "required": [BLUEPRINT_KEY],
            }
        },
        "required": ["config"],
        "$defs": defs,
    }
