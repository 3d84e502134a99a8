"""Every committed stack renders under mocks, follows the component anatomy and yields valid Kubernetes objects."""

from __future__ import annotations

import re
from collections.abc import Mapping

import kubernetes_validate
import pytest

from mlplatform.engine.mocks import MASKED
from tests.engine.stacks import STACK_FILES, Rendered
from tests.manifests import manifest

COMPONENT_TYPE = re.compile(r"^mlplatform:(aws|gcp|azure|k8s|index):[A-Z][A-Za-z]+$")
# Kubernetes types the provider registers that are not cluster objects (releases, the provider itself), and custom
# resources, which the built-in schemas do not know (tests/engine/test_services.py checks them against their CRDs).
NOT_OBJECTS = ("pulumi:providers:kubernetes", "kubernetes:helm.sh/v3:Release", "kubernetes:ray.io/v1:RayCluster")
STACKS = [p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in STACK_FILES]


def test_the_six_stacks_are_committed() -> None:
    assert STACKS == ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod"]


@pytest.mark.parametrize("stack", STACKS)
def test_stack_renders_its_cloud_only(rendered: Mapping[str, Rendered], stack: str) -> None:
    inventory = rendered[stack].inventory
    cloud = rendered[stack].blueprint.cloud.value
    provider_prefix = {"aws": "aws:", "gcp": "gcp:", "azure": "azure-native:"}
    foreign = [
        r.type
        for r in inventory.custom()
        if any(r.type.startswith(p) for c, p in provider_prefix.items() if c != cloud)
    ]
    assert foreign == []
    assert any(r.type.startswith(provider_prefix[cloud]) for r in inventory.custom())
    assert inventory.outputs["cloud"] == cloud
    assert inventory.outputs["kubeconfig"] == MASKED
    assert set(inventory.outputs["poolNames"]) == {p.name for p in rendered[stack].blueprint.node_pools}


@pytest.mark.parametrize("stack", STACKS)
def test_component_anatomy(rendered: Mapping[str, Rendered], stack: str) -> None:
    """Type tokens follow mlplatform:<area>:<Class>; children are named after their component."""
    inventory = rendered[stack].inventory
    by_urn = {r.urn: r for r in inventory}
    components = [r for r in inventory if not r.custom]
    assert components[0].type == "mlplatform:index:Platform"
    for comp in components:
        assert COMPONENT_TYPE.match(comp.type), comp.type
    for reg in inventory:
        parent = by_urn.get(reg.parent)
        if parent is not None and not parent.custom:
            assert reg.name == parent.name or reg.name.startswith(f"{parent.name}-"), (reg.name, parent.name)
    orphans = [r.name for r in inventory if r.parent not in by_urn and r.type != "mlplatform:index:Platform"]
    assert orphans == []


@pytest.mark.parametrize("stack", STACKS)
def test_accelerator_pool_names_are_exported_per_blueprint_pool(rendered: Mapping[str, Rendered], stack: str) -> None:
    plan = rendered[stack].plan
    exported = rendered[stack].inventory.outputs["poolNames"]
    assert list(exported) == [p.name for p in plan.pools]


@pytest.mark.parametrize("stack", STACKS)
def test_every_kubernetes_object_validates_strictly(rendered: Mapping[str, Rendered], stack: str) -> None:
    version = rendered[stack].plan.kubernetes_version
    objects = [
        r for r in rendered[stack].inventory.custom() if r.type.startswith("kubernetes:") and r.type not in NOT_OBJECTS
    ]
    for reg in objects:
        try:
            kubernetes_validate.validate(manifest(reg.inputs), version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{stack} {reg.type} {reg.name}: {str(exc).splitlines()[0]}")


def test_kubernetes_validation_can_fail() -> None:
    """The validator above is strict: a misspelt field is rejected (so a pass means something)."""
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x", "labelz": {}}}, "1.35", strict=True
        )

