"""Build the policy SDK's argument bags from a rendered inventory, field by field as the engine fills them.

The engine sends each resource's inputs to `Analyze` (its outputs to `AnalyzeStack`; at preview those are
the inputs plus unknown computed values, so the recorded inputs stand in), its options, and its provider:
an explicit provider resource, or the default provider the engine creates from the stack's `<package>:*`
config. The SDK turns unknowns into the sentinel its proxy raises `UnknownValueError` on; so do we.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib import metadata
from types import MappingProxyType
from typing import Any

from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

from mlplatform.engine.inventory import Inventory, Registration

RECORDED_UNKNOWN = "[unknown]"
PROVIDER_TYPE = "pulumi:providers:"
# Package of a resource type -> the Python distribution whose version names its default provider.
SDK_DISTRIBUTIONS: Mapping[str, str] = MappingProxyType(
    {
        "aws": "pulumi-aws",
        "gcp": "pulumi-gcp",
        "azure-native": "pulumi-azure-native",
        "kubernetes": "pulumi-kubernetes",
        "random": "pulumi-random",
    }
)


def wire_props(value: Any) -> Any:
    """Recorded inputs -> what the SDK's deserializer yields: the same values, unknowns as its sentinel."""
    if isinstance(value, Mapping):
        return {str(k): wire_props(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [wire_props(v) for v in value]
    return UNKNOWN_STRING_VALUE if value == RECORDED_UNKNOWN else value


def proxied(props: Mapping[str, Any]) -> Mapping[str, Any]:
    result: Mapping[str, Any] = unknown_checking_proxy(wire_props(props))
    return result


def options(reg: Registration) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect=reg.protect,
        ignore_changes=list(reg.ignore_changes),
        delete_before_replace=True if reg.delete_before_replace else None,
        aliases=list(reg.aliases),
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
        parent=reg.parent or None,
    )


@cache
def sdk_version(package: str) -> str:
    """The installed SDK's version of a provider package (read once per process: it cannot change under it)."""
    return metadata.version(SDK_DISTRIBUTIONS[package])


def default_providers(inventory: Inventory, project: str, config: Mapping[str, Any]) -> dict[str, Registration]:
    """The default provider of every package used without an explicit one: its `<package>:*` config and version."""
    packages = sorted({r.type.split(":")[0] for r in inventory if r.custom and not r.provider} & set(SDK_DISTRIBUTIONS))
    out = {}
    for package in packages:
        version = sdk_version(package)
        name = f"default_{version.replace('.', '_')}"
        inputs = {k.split(":", 1)[1]: v for k, v in sorted(config.items()) if k.startswith(f"{package}:")}
        inputs["version"] = version  # the engine pins a default provider's plugin version in its inputs
        out[package] = Registration(
            urn=f"urn:pulumi:{inventory.stack}::{project}::{PROVIDER_TYPE}{package}::{name}",
            type=f"{PROVIDER_TYPE}{package}",
            name=name,
            parent="",
            custom=True,
            inputs=inputs,
        )
    return out


def provider_of(
    reg: Registration, by_name: Mapping[str, Registration], defaults: Mapping[str, Registration]
) -> PolicyProviderResource | None:
    if reg.type.startswith(PROVIDER_TYPE):
        return None
    found = by_name.get(reg.provider) if reg.provider else defaults.get(reg.type.split(":")[0])
    if found is None:
        return None
    return PolicyProviderResource(found.type, proxied(found.inputs), found.urn, found.name)


def resource_args(
    reg: Registration,
    provider: PolicyProviderResource | None,
    config: Mapping[str, Any],
    stack_tags: Mapping[str, str],
    props: Mapping[str, Any] | None = None,
    opts: PolicyResourceOptions | None = None,
) -> ResourceValidationArgs:
    """`props`, `opts`: the registration's inputs already `proxied` and its options already built (once per stack,
    shared by its policies)."""
    return ResourceValidationArgs(
        reg.type, proxied(reg.inputs) if props is None else props, reg.urn, reg.name,
        options(reg) if opts is None else opts, provider, _config(config), stack_tags,
    )


def _config(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """As the SDK's servicer hands it over: a copy, or None for a policy with no properties."""
    return dict(config) if config else None


def whole_stack(
    resources: Sequence[PolicyResource], config: Mapping[str, Any], stack_tags: Mapping[str, str]
) -> StackValidationArgs:
    """A stack policy's args over resources already `linked` (a list of its own: a policy may reorder it)."""
    return StackValidationArgs(list(resources), _config(config), stack_tags)


def linked(
    registrations: Sequence[Registration],
    providers: Mapping[str, PolicyProviderResource | None],
    props: Mapping[str, Mapping[str, Any]] | None = None,
    opts: Mapping[str, PolicyResourceOptions] | None = None,
) -> list[PolicyResource]:
    """Each registration as the SDK's `PolicyResource`, its parent, dependencies and property dependencies linked
    as objects. `props`, `opts`: each registration's proxied inputs and options by URN, when already built."""
    resources = {
        r.urn: PolicyResource(
            r.type, proxied(r.inputs) if props is None else props[r.urn], r.urn, r.name,
            options(r) if opts is None else opts[r.urn], providers.get(r.urn), None, [], {},
        )
        for r in registrations
    }
    for reg in registrations:
        resource = resources[reg.urn]
        resource.parent = resources.get(reg.parent)
        resource.dependencies = [resources[d] for d in reg.dependencies if d in resources]
        resource.property_dependencies = {
            key: [resources[d] for d in urns if d in resources] for key, urns in reg.property_dependencies.items()
        }
    return list(resources.values())
