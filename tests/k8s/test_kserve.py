"""KServe in raw mode: pinned releases in order (cert-manager and CRDs -> controller -> runtimes), controllers on
the system pool, no ingress, values keys that exist in the pinned charts."""

from __future__ import annotations

import json

import jsonschema
import kubernetes_validate
import pulumi
import pytest

from components import catalog
from components.k8s.kserve import KServe, KServeArgs, cert_manager_values, kserve_values, runtime_values
from mlplatform.engine.inventory import Inventory, Registration
from tests.k8s.conftest import fake_handle, objects, plan_of
from tests.k8s.reference import CHART_DIRS, UPSTREAM, chart_yaml, requires_reference, unknown_values_keys
from tests.manifests import manifest

SYSTEM = {"mlplatform.io/pool": "system"}


def build(mocks: Inventory) -> dict[str, Registration]:
    plan = plan_of("prod")

    @pulumi.runtime.test
    def run() -> None:
        handle, _ = fake_handle(plan)
        KServe("mlplatform-kserve", KServeArgs(cluster=handle))

    run()
    return {r.name: r for r in mocks.of_type("kubernetes:helm.sh/v3:Release")}


def test_releases_are_pinned_and_exact(mocks: Inventory) -> None:
    releases = build(mocks)
    pick = ("name", "chart", "version", "namespace", "atomic", "cleanupOnFail", "values")
    got = {n: {k: r.inputs.get(k) for k in pick} for n, r in releases.items()}
    assert got == {
        "mlplatform-kserve-cert-manager": {
            "name": "cert-manager", "chart": "cert-manager", "version": "v1.21.1", "namespace": "cert-manager",
            "atomic": True, "cleanupOnFail": True,
            "values": {"crds": {"enabled": True, "keep": True}, "global": {"nodeSelector": SYSTEM}},
        },
        "mlplatform-kserve-crd": {
            "name": "kserve-crd", "chart": "oci://ghcr.io/kserve/charts/kserve-crd", "version": "v0.20.0",
            "namespace": "kserve", "atomic": True, "cleanupOnFail": True, "values": {},
        },
        "mlplatform-kserve": {
            "name": "kserve-resources", "chart": "oci://ghcr.io/kserve/charts/kserve-resources", "version": "v0.20.0",
            "namespace": "kserve", "atomic": True, "cleanupOnFail": True,
            "values": {"kserve": {"controller": {
                "deploymentMode": "Standard", "nodeSelector": SYSTEM,
                "gateway": {"disableIngressCreation": True, "disableIstioVirtualHost": True},
            }}},
        },
        "mlplatform-kserve-runtimes": {
            "name": "kserve-runtime-configs", "chart": "oci://ghcr.io/kserve/charts/kserve-runtime-configs",
            "version": "v0.20.0", "namespace": "kserve", "atomic": True, "cleanupOnFail": True,
            "values": {"kserve": {"servingruntime": {"enabled": True}, "llmisvcConfigs": {"enabled": False}}},
        },
    }
    assert releases["mlplatform-kserve-cert-manager"].inputs["repositoryOpts"] == {"repo": "https://charts.jetstack.io"}
    assert "repositoryOpts" not in releases["mlplatform-kserve"].inputs  # an OCI chart is one reference


def test_crds_then_controller_then_runtimes_all_after_the_api(mocks: Inventory) -> None:
    releases = build(mocks)
    urn = {n: r.urn for n, r in releases.items()}
    api, nodes = mocks.named("ready-api").urn, mocks.named("ready-nodes").urn
    controller = set(releases["mlplatform-kserve"].dependencies)
    assert {urn["mlplatform-kserve-crd"], urn["mlplatform-kserve-cert-manager"]} <= controller
    assert urn["mlplatform-kserve"] in releases["mlplatform-kserve-runtimes"].dependencies
    assert urn["mlplatform-kserve-runtimes"] not in controller
    for reg in [*releases.values(), *objects(mocks)]:
        assert {api, nodes} <= set(reg.dependencies), reg.name
        assert reg.provider.endswith("test-k8s"), reg.name


def test_namespaces_and_their_pod_security(mocks: Inventory) -> None:
    build(mocks)
    got = {r.inputs["metadata"]["name"]: r.inputs["metadata"]["labels"]["pod-security.kubernetes.io/enforce"]
           for r in mocks.of_type("kubernetes:core/v1:Namespace")}
    assert got == {"cert-manager": "restricted", "kserve": "baseline"}
    for reg in objects(mocks):
        kubernetes_validate.validate(manifest(reg.inputs), "1.35", strict=True)


@requires_reference
@pytest.mark.parametrize(("chart", "values"), [
    ("cert-manager", cert_manager_values(SYSTEM)),
    ("kserve-resources", kserve_values(SYSTEM)),
    ("kserve-runtime-configs", runtime_values()),
])
def test_values_keys_exist_in_the_pinned_chart(chart: str, values: dict[str, object]) -> None:
    assert unknown_values_keys(chart, values) == []


@requires_reference
def test_a_misspelt_values_key_is_caught() -> None:
    assert unknown_values_keys("kserve-resources", {"kserve": {"controller": {"deploymentmode": "Standard"}}}) == [
        "kserve.controller.deploymentmode"]


@requires_reference
def test_cert_manager_values_pass_its_schema_and_the_schema_rejects_the_deprecated_key() -> None:
    schema = json.loads((UPSTREAM / CHART_DIRS["cert-manager"] / "values.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    assert [e.message for e in validator.iter_errors(cert_manager_values(SYSTEM))] == []
    assert list(validator.iter_errors({"installCRD": True}))


@requires_reference
@pytest.mark.parametrize("chart", ["kserve-crd", "kserve-resources", "kserve-runtime-configs"])
def test_kserve_pins_match_the_reference_charts(chart: str) -> None:
    assert chart_yaml(chart)["name"] == catalog.chart(chart).name
    assert chart_yaml(chart)["version"] == catalog.chart(chart).version
