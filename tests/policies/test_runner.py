"""The offline runner builds what the engine would send, and reconciles pack config the way the CLI does."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy
from pulumi_policy.proxy import UnknownValueError

from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.policy import args as build
from mlplatform.policy import run_pack
from mlplatform.policy.packs import PACKS
from policies.cost_guardrails.pack import PACK as COST
from policies.pack import MIN_PULUMI_CLI, kind, level
from policies.security_baseline.pack import PACK as SECURITY
from tests.policies.synthetic import CONFIG, PROJECT, STACK, inventory, urn

ROOT = Path(__file__).resolve().parents[2]
PACK_DIRS = {COST.name: ROOT / "policies" / "cost_guardrails", SECURITY.name: ROOT / "policies" / "security_baseline"}


def _provider(reg: Registration, inv: Inventory) -> build.PolicyProviderResource | None:
    defaults = build.default_providers(inv, PROJECT, CONFIG)
    return build.provider_of(reg, {r.name: r for r in inv if r.type.startswith("pulumi:providers:")}, defaults)


def test_resource_args_carry_what_the_engine_sends() -> None:
    inv = inventory()
    reg = next(r for r in inv if r.name == "db")
    bag = build.resource_args(reg, _provider(reg, inv), {"minBackupRetentionDays": 7}, {})

    assert (bag.resource_type, bag.name, bag.urn) == ("aws:rds/instance:Instance", "db", urn(reg.type, "db"))
    assert bag.props["instanceClass"] == "db.m7g.large"
    assert bag.props["backupRetentionPeriod"] == 7.0
    with pytest.raises(UnknownValueError) as unknown:
        _ = bag.props["parameterGroupName"]
    assert unknown.value.message == "string value at .parameterGroupName can't be known during preview"
    assert (bag.opts.protect, bag.opts.parent, bag.opts.delete_before_replace, bag.opts.aliases) == (
        True,
        None,
        None,
        [],
    )
    assert bag.get_config() == {"minBackupRetentionDays": 7}
    version = metadata.version("pulumi-aws")
    name = f"default_{version.replace('.', '_')}"
    assert bag.provider is not None
    assert (bag.provider.resource_type, bag.provider.name) == ("pulumi:providers:aws", name)
    assert bag.provider.urn == f"urn:pulumi:{STACK}::{PROJECT}::pulumi:providers:aws::{name}"
    assert dict(bag.provider.props) == {"region": "us-east-1", "version": version}


def test_explicit_provider_and_options_come_from_the_registration() -> None:
    k8s = Registration(
        urn="urn:pulumi:s::p::pulumi:providers:kubernetes::k8s",
        type="pulumi:providers:kubernetes",
        name="k8s",
        parent="urn:pulumi:s::p::mlplatform:index:Platform::p",
        custom=True,
        inputs={"kubeconfig": "[secret]"},
    )
    release = Registration(
        urn="urn:pulumi:s::p::kubernetes:helm.sh/v3:Release::r",
        type="kubernetes:helm.sh/v3:Release",
        name="r",
        parent=k8s.parent,
        custom=True,
        inputs={"chart": "c"},
        provider="k8s",
        ignore_changes=("values",),
        delete_before_replace=True,
        aliases=("urn:old",),
    )
    inv = Inventory(stack="s", registrations=[k8s, release])
    provider = build.provider_of(release, {"k8s": k8s}, build.default_providers(inv, "p", {}))
    bag = build.resource_args(release, provider, {}, {})

    assert provider is not None and (provider.urn, dict(provider.props)) == (k8s.urn, {"kubeconfig": "[secret]"})
    assert (bag.opts.ignore_changes, bag.opts.delete_before_replace, bag.opts.aliases) == (
        ["values"],
        True,
        ["urn:old"],
    )
    assert bag.opts.parent == k8s.parent
    assert build.default_providers(inv, "p", {}) == {}  # every custom resource names its provider


def test_stack_args_link_parents_dependencies_and_property_dependencies() -> None:
    inv = inventory()
    regs = inv.registrations
    whole = build.whole_stack(build.linked(regs, {r.urn: None for r in regs}), {}, {})
    by_name = {r.name: r for r in whole.resources}

    pab = by_name["art-pab"]
    assert pab.property_dependencies == {"bucket": [by_name["art"]]}
    assert pab.dependencies == [by_name["art"]]
    assert by_name["art"].dependencies == [] and by_name["art"].parent is None
    assert [r.name for r in whole.resources] == [r.name for r in regs]


def test_recorded_unknowns_become_the_sdk_sentinel() -> None:
    wire = build.wire_props({"a": "[unknown]", "b": [{"c": "[unknown]"}], "d": 1.0})
    assert wire == {"a": build.UNKNOWN_STRING_VALUE, "b": [{"c": build.UNKNOWN_STRING_VALUE}], "d": 1.0}


def test_a_disabled_policy_does_not_run_and_remediate_reports_as_mandatory() -> None:
    config = {"all": "disabled", "api-endpoint-private": "remediate"}
    open_endpoint = dict(inventory().registrations[0].inputs)
    open_endpoint["vpcConfig"] = {"endpointPublicAccess": True}
    result = run_pack(SECURITY, inventory({"eks": open_endpoint}), PROJECT, CONFIG, config)
    assert result.policies_run == 1
    assert [(v.policy, v.level, v.kind) for v in result.verdicts] == [
        ("api-endpoint-private", "mandatory", "violation")
    ]


def test_every_policy_states_its_level_and_names_are_unique_and_valid() -> None:
    names = [p.name for pack in PACKS for p in pack.policies]
    assert len(names) == len(set(names))
    for pack in PACKS:
        assert re.fullmatch(r"[a-zA-Z0-9-_.]{1,100}", pack.name)
        for policy in pack.policies:
            assert isinstance(policy, ResourceValidationPolicy | StackValidationPolicy)
            assert level(policy) in (EnforcementLevel.MANDATORY, EnforcementLevel.ADVISORY)
            assert re.fullmatch(r"[a-z0-9-]+", policy.name)


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_each_pack_folder_is_a_python_crossguard_pack_whose_main_only_builds_the_pack(pack: object) -> None:
    folder = PACK_DIRS[pack.name]  # type: ignore[attr-defined]
    project = yaml.safe_load((folder / "PulumiPolicy.yaml").read_text())
    assert project["runtime"] == {"name": "python", "options": {"toolchain": "uv"}}
    main = (folder / "__main__.py").read_text()
    module = f"policies.{folder.name}.pack"
    assert f"from {module} import PACK" in main
    assert main.count("PolicyPack(") == 1
    assert re.findall(r"^(?:import|from) .*$", main, re.M) == [
        "from pulumi_policy import EnforcementLevel, PolicyPack",
        f"from {module} import PACK",
    ]


def test_readme_lists_every_rule_with_its_level_and_a_source() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Policy packs", 1)[1].split("\n## ", 1)[0]
    rows = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r"^\| `([a-z0-9-]+)` \| (mandatory|advisory) \| (resource|stack) \|", section, re.M)
    }
    expected = {p.name: (level(p).value, kind(p)) for pack in PACKS for p in pack.policies}
    assert rows == expected
    security = section.split("Security baseline (`mlplatform-security-baseline`)", 1)[1]
    for policy in SECURITY.policies:
        [row] = [line for line in security.splitlines() if line.startswith(f"| `{policy.name}` |")]
        source = row.rstrip(" |").rsplit("|", 1)[1]
        assert any(word in source for word in ("CIS", "Checkov", "platform rule")), row


def test_markdown_lists_blocking_verdicts_first_for_a_pull_request_comment() -> None:
    from mlplatform.policy.format import markdown
    from tests.policies.synthetic import mutated, verdicts

    changes = {
        **mutated("eks", (("vpcConfig", "endpointPublicAccess"), True)),
        **mutated("db", (("tags", "mlplatform-environment"), "dev")),
    }
    text = markdown(verdicts(changes))

    assert text.splitlines() == [
        "### Policies for `synthetic`: FAIL: 1 mandatory, 2 advisory, 0 unknown (50 policies)",
        "",
        "| level | pack | policy | resource | message |",
        "|---|---|---|---|---|",
        "| MANDATORY | mlplatform-security-baseline | api-endpoint-private | eks | eks: the public API endpoint is "
        "open to 0.0.0.0/0 (no publicAccessCidrs); make it private or allowlist |",
        "| advisory | mlplatform-cost-guardrails | small-databases-in-dev | db | database db is highly available in "
        "dev; one zone is enough there |",
        "| advisory | mlplatform-cost-guardrails | small-databases-in-dev | db | database db uses db.m7g.large in dev; "
        "use one of db.t4g., db.t3., db-f1-micro, db-g1-small, db-custom-1-, db-custom-2-, Standard_B |",
    ]


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_the_minimum_pulumi_cli_is_stated_where_the_packs_are_documented(pack: object) -> None:
    stated = f"Pulumi CLI >= {MIN_PULUMI_CLI}"
    assert stated in (PACK_DIRS[pack.name] / "PulumiPolicy.yaml").read_text()  # type: ignore[attr-defined]
    assert stated in (ROOT / "README.md").read_text()


def test_cli_checks_a_saved_export_and_refuses_an_unknown_schema_version(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mlplatform.cli import app
    from tests.policies.synthetic import mutated

    (tmp_path / "Pulumi.yaml").write_text(yaml.safe_dump({"name": PROJECT, "runtime": "python"}))
    stack_file = tmp_path / f"Pulumi.{STACK}.yaml"
    stack_file.write_text(yaml.safe_dump({"config": CONFIG}))  # the providers' regions, as the engine has them
    export = tmp_path / "inventory.json"
    bad = inventory(mutated("eks", (("vpcConfig", "endpointPublicAccess"), True)))
    export.write_text(json.dumps(bad.to_json()))
    failing = CliRunner().invoke(app, ["policy", str(stack_file), "--inventory", str(export), "--format", "json"])
    assert failing.exit_code == 1, failing.output
    [report] = json.loads(failing.output)
    assert (report["stack"], report["view"]) == (STACK, "export")
    assert [(v["policy"], v["resource"]) for v in report["verdicts"] if v["level"] == "mandatory"] == [
        ("api-endpoint-private", "eks")
    ]

    export.write_text(json.dumps([{"stack": STACK, "inventory": inventory().to_json()}]))  # a plan report
    passing = CliRunner().invoke(app, ["policy", str(stack_file), "--inventory", str(export), "--format", "json"])
    assert passing.exit_code == 0, passing.output
    unpriced = CliRunner().invoke(app, ["policy", "--inventory", str(export), "--format", "json"])
    assert unpriced.exit_code == 1  # without the stack's config, EKS and AKS pools have no region to price in
    assert {v["policy"] for v in json.loads(unpriced.output)[0]["verdicts"] if v["level"] == "mandatory"} == {
        "accelerator-allowlists",
        "stack-hourly-cost",
    }

    export.write_text(json.dumps({**inventory().to_json(), "schemaVersion": 99}))
    refused = CliRunner().invoke(app, ["policy", "--inventory", str(export)])
    assert refused.exit_code == 2
    assert refused.output == f"{export}: inventory schemaVersion 99; this mlplatform reads 1\n"
