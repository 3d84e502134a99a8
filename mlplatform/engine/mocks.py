"""Pulumi mocks that record every registration the way the engine would receive it.

The SDK's mocks hand `new_resource` only the deserialized inputs; the recording monitor also keeps
the parent, dependencies, protect and the raw wire object, so secrets stay masked and numbers are
exactly what the provider would see. Computed outputs (ids, ARNs, endpoints) come from per-cloud
tables in `mlplatform.engine.mock_outputs`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi.runtime
from google.protobuf import json_format
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs
from pulumi.runtime.settings import reset_options

from mlplatform.engine.inventory import Inventory, JsonValue, Registration
from mlplatform.engine.mock_outputs import computed_outputs, invoke_result

SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
SIG_KEY = "4dabf18193072939515e22adb298388d"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
MASKED = "[secret]"


class PlatformMocks(pulumi.runtime.Mocks):
    """Echo inputs as state, add the computed outputs a real provider would return; note every invoke."""

    def __init__(self, inventory: Inventory, *, preview: bool = False) -> None:
        self.inventory = inventory
        self.preview = preview

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        """Update: inputs plus computed outputs. First preview: what a create step knows before the resource
        exists: its inputs; every computed output (and the id) unknown, as the engine reports them."""
        state = dict(args.inputs)
        computed = computed_outputs(args.typ, args.name, args.inputs)
        if self.preview:
            state.update({k: _unknown_leaves(v, state.get(k)) for k, v in computed.items()})
            return "", state
        state.update(computed)
        return f"{args.name}-id", state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        self.inventory.invokes.append(args.token)
        return invoke_result(args.token, args.args), []


class RecordingMonitor(MockMonitor):
    """A mock monitor that also records each registration in order."""

    def __init__(self, mocks: pulumi.runtime.Mocks, inventory: Inventory) -> None:
        super().__init__(mocks)
        self.inventory = inventory

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type != "pulumi:pulumi:Stack":
            self.inventory.registrations.append(_registration(request, response.urn))
        return response


def install_mocks(
    project: str, stack: str, config: Mapping[str, str] | None = None, *, preview: bool = False
) -> Inventory:
    """Reset the SDK's process-global state, install recording mocks and config; return the empty inventory.

    `preview=True` renders a first `pulumi preview` (dry run, nothing exists yet): computed outputs are unknown.

    Pulumi keeps settings, config and the root stack in globals: every render and every component
    test starts here, so nothing leaks from one stack into the next.
    """
    asyncio.set_event_loop(asyncio.new_event_loop())
    reset_options(project=project, stack=stack, preview=preview)
    pulumi.runtime.set_all_config(dict(config or {}), [])
    inventory = Inventory(stack=stack)
    mocks = PlatformMocks(inventory, preview=preview)
    pulumi.runtime.set_mocks(
        mocks, project=project, stack=stack, preview=preview, monitor=RecordingMonitor(mocks, inventory)
    )
    return inventory


def _registration(request: Any, urn: str) -> Registration:
    raw = json_format.MessageToDict(request.object, preserving_proto_field_name=True)
    return Registration(
        urn=urn,
        type=request.type,
        name=request.name,
        parent=request.parent,
        custom=bool(request.custom),
        inputs=_clean(raw),
        dependencies=tuple(sorted(set(request.dependencies))),
        protect=bool(request.protect),
        retain_on_delete=bool(request.retainOnDelete),
        provider=request.provider.split("::")[-2] if "::" in request.provider else request.provider,
        aliases=tuple(sorted(a.urn for a in request.aliases if a.urn)),
        ignore_changes=tuple(request.ignoreChanges),
        delete_before_replace=bool(request.deleteBeforeReplace),
        replace_on_changes=tuple(request.replaceOnChanges),
        property_dependencies={
            key: tuple(sorted(set(deps.urns))) for key, deps in sorted(request.propertyDependencies.items())
        },
    )


def _unknown_leaves(computed: Any, given: Any) -> Any:
    """A computed output at preview: what the program gave stays, every other leaf is unknown."""
    if isinstance(computed, Mapping) and not all(isinstance(k, str) for k in computed):
        return UNKNOWN  # keyed by values that are themselves unknown at preview (ids of resources to be created)
    if isinstance(computed, Mapping):
        known = given if isinstance(given, Mapping) else {}
        return {k: _unknown_leaves(v, known.get(k)) for k, v in computed.items()}
    if isinstance(computed, list) and isinstance(given, list) and len(given) == len(computed):
        return [_unknown_leaves(c, g) for c, g in zip(computed, given, strict=True)]
    if isinstance(computed, str) and isinstance(given, Mapping):
        return UNKNOWN  # a document object the provider stores as its normalised JSON string
    return given if given is not None else UNKNOWN


def _clean(value: Any) -> JsonValue:
    """Wire values -> JSON-safe: secrets masked, unknowns marked, resource references as URNs."""
    if isinstance(value, dict):
        sig = value.get(SIG_KEY)
        if sig == SECRET_SIG:
            return MASKED
        if sig == RESOURCE_SIG:
            return str(value.get("urn", ""))
        if sig == OUTPUT_SIG:
            return MASKED if value.get("secret") else _clean(value.get("value"))
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if value == UNKNOWN:
        return "[unknown]"
    return value
