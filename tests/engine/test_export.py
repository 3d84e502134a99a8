"""The inventory export (docs/inventory-export.md): what `plan --format json` prints and the cache stores."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest
from typer.testing import CliRunner

from mlplatform.cli import app
from mlplatform.engine.inventory import Inventory, InventoryFormatError
from tests.engine.stacks import ROOT, Rendered

PREFIX = "urn:pulumi:aws-prod::mlplatform::"
K8S_PROVIDER = PREFIX + "mlplatform:index:Platform$pulumi:providers:kubernetes::mlplatform-k8s"
EKS_CLUSTER = PREFIX + "mlplatform:aws:Cluster$aws:eks/cluster:Cluster::mlplatform-cluster"


def test_plan_json_exports_every_resource_sorted_with_secrets_masked(rendered: Mapping[str, Rendered]) -> None:
    result = CliRunner().invoke(app, ["plan", str(ROOT / "stacks" / "Pulumi.aws-prod.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    export = report["inventory"]
    assert (export["schemaVersion"], export["stack"]) == (1, "aws-prod")
    urns = [r["urn"] for r in export["resources"]]
    assert urns == sorted(urns)
    assert set(urns) == {r.urn for r in rendered["aws-prod"].inventory}
    [provider] = [r for r in export["resources"] if r["urn"] == K8S_PROVIDER]
    [recorded] = [r for r in rendered["aws-prod"].inventory if r.urn == K8S_PROVIDER]
    # The provider waits for the cluster and for the first deploy's path and grants (access entries, routes).
    assert EKS_CLUSTER in recorded.dependencies
    assert any("aws:eks/accessPolicyAssociation:AccessPolicyAssociation" in d for d in recorded.dependencies)
    assert provider == {
        "urn": K8S_PROVIDER,
        "type": "pulumi:providers:kubernetes",
        "name": "mlplatform-k8s",
        "parent": "urn:pulumi:aws-prod::mlplatform::pulumi:pulumi:Stack$mlplatform:index:Platform::mlplatform",
        "custom": True,
        "provider": "",
        "inputs": {"enableServerSideApply": "true", "deleteUnreachable": "false", "kubeconfig": "[secret]"},
        "dependencies": list(recorded.dependencies),
        "propertyDependencies": {k: list(v) for k, v in sorted(recorded.property_dependencies.items())},
        "options": {
            "protect": False,
            "retainOnDelete": False,
            "deleteBeforeReplace": False,
            "ignoreChanges": [],
            "aliases": [],
            "replaceOnChanges": [],
        },
    }
    assert export["outputs"]["kubeconfig"] == "[secret]"


def test_the_export_reads_back_to_the_same_inventory(rendered: Mapping[str, Rendered]) -> None:
    for name, item in rendered.items():
        doc = json.loads(json.dumps(item.inventory.to_json()))
        back = Inventory.from_json(doc)
        assert back.registrations == sorted(item.inventory.registrations, key=lambda r: r.urn), name
        assert (back.stack, back.outputs, back.invokes) == (name, item.inventory.outputs, item.inventory.invokes)


@pytest.mark.parametrize("doc", [{"schemaVersion": 2, "stack": "x"}, {"stack": "x", "resources": []}])
def test_an_export_of_another_version_is_refused(doc: dict[str, object]) -> None:
    with pytest.raises(InventoryFormatError, match=r"inventory schemaVersion (2|None); this mlplatform reads 1"):
        Inventory.from_json(doc)
