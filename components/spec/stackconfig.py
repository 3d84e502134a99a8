"""Provider keys a stack file sets next to the blueprint, and the rule that they agree with it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from components.spec.enums import Cloud
from components.spec.errors import BlueprintError, Problem, show
from components.spec.load import load_blueprint
from components.spec.models import Blueprint

# (config namespace, key) of the provider setting that must equal blueprint.region.
PROVIDER_REGION_KEY: Mapping[Cloud, tuple[str, str]] = MappingProxyType(
    {
        Cloud.AWS: ("aws", "region"),
        Cloud.GCP: ("gcp", "region"),
        Cloud.AZURE: ("azure-native", "location"),
    }
)


def provider_region_problems(bp: Blueprint, get: Callable[[str], str | None]) -> list[Problem]:
    """`get` reads a key of the cloud's provider config namespace (e.g. `pulumi.Config("aws").get`)."""
    namespace, key = PROVIDER_REGION_KEY[bp.cloud]
    value = get(key)
    full = f"{namespace}:{key}"
    if value is None:
        return [Problem(full, f"is not set; add `{full}: {bp.region}` to the stack file so resources land in region")]
    if value != bp.region:
        return [
            Problem(full, (f"{show(value)} differs from the blueprint's region {show(bp.region)}; make them the same"))
        ]
    return []


def blueprint_from_stack(raw: object, provider_get: Callable[[str, str], str | None]) -> Blueprint:
    """Validate a stack's blueprint and its provider region key together (the program and the CLI share this).

    `provider_get(namespace, key)` reads the stack config, e.g. `lambda ns, k: pulumi.Config(ns).get(k)`.
    """
    blueprint = load_blueprint(raw)
    problems = provider_region_problems(
        blueprint, lambda key: provider_get(PROVIDER_REGION_KEY[blueprint.cloud][0], key)
    )
    if problems:
        raise BlueprintError(problems)
    return blueprint
