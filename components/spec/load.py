"""The one entry point from raw config to a validated `Blueprint`."""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from components.spec.errors import BlueprintError, Problem, path_of, show
from components.spec.models import Blueprint
from components.spec.rules import check


def load_blueprint(raw: object) -> Blueprint:
    """Validate raw config (a mapping, or its JSON text) into a Blueprint; raise `BlueprintError` with every problem."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BlueprintError([Problem("", f"the blueprint is not valid JSON/YAML: {exc}")]) from None
    if not isinstance(raw, dict):
        raise BlueprintError([Problem("", f"the blueprint must be a mapping of keys, got {type(raw).__name__}")])
    try:
        blueprint = Blueprint.model_validate(raw)
    except ValidationError as exc:
        raise BlueprintError([_problem(e) for e in exc.errors()]) from None
    problems = check(blueprint)
    if problems:
        raise BlueprintError(problems)
    return blueprint


def _problem(error: ErrorDetails) -> Problem:
    loc = error["loc"]
    path = path_of(loc)
    given = error.get("input")
    if error["type"] == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = f"allowed keys: {', '.join(allowed)}" if allowed else "this section takes no keys yet"
        return Problem(path, f"unknown key (typo?); {hint}")
    if error["type"] == "missing":
        return Problem(path, "is required")
    shown = "" if isinstance(given, (dict, list)) else f"{show(given)}: "
    return Problem(path, f"{shown}{error['msg'][0].lower()}{error['msg'][1:]}")


def _allowed_keys(loc: Sequence[int | str]) -> list[str]:
    """The camelCase keys of the model found at `loc` (walking fields, unwrapping Optional and tuples)."""
    model: Any = Blueprint
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (typing.Union, tuple):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
