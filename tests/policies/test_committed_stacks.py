"""Both packs on real renders: every committed stack passes every mandatory rule; a costly blueprint and an
insecure render trip the rules they should; the cost pack prices like `plan`; the CLI gates on verdicts."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from components.plan import plan_platform
from components.spec import Cloud
from mlplatform.cli import app
from mlplatform.economics.cost import estimate
from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.engine.render import render
from mlplatform.engine.stackfile import read_stack_file
from mlplatform.policy import StackVerdicts, run_packs
from mlplatform.policy.packs import PACKS
from tests.engine.conftest import rendered  # noqa: F401 - the session's shared renders
from tests.engine.stacks import ROOT, STACK_FILES, Rendered, blueprint_of

STACKS = [p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in STACK_FILES]
COST = "mlplatform-cost-guardrails"
# Advisory rules the committed stacks trip, each for a defect in a component owned elsewhere (see the pack).
# Advisory findings the committed stacks are known to carry (per stack: prod ships AKS audit logs, dev does not).
KNOWN_ADVISORIES = {
    "aws-dev": [],
    "aws-prod": [],
    "gcp-dev": [],
    "gcp-prod": [],
    "azure-dev": [("aks-audit-logs", "mlplatform-cluster")],
    "azure-prod": [],
}
runner = CliRunner()
NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
# Namespaces where the committed stacks run workloads (charts and pods). Until the stacks render NetworkPolicies
# (the wf-k8s branch adds a default-deny policy and allow rules in each), namespaces-default-deny reports each of
# them; once policies are rendered, every such namespace must be denied and nothing is expected.
WORKLOAD_NAMESPACES = ("cert-manager", "kserve", "mlflow", "ray")
POLICY_COUNT = 50
PENDING = ("namespaces-default-deny",)  # what the wf-k8s merge makes pass; checked in the first test below


def expected_verdicts(stack: str, inventory: Inventory) -> list[tuple[str, str, str, str]]:
    """(policy, resource, kind, level) the committed stack is known to carry."""
    advisories = [(policy, resource, "violation", "advisory") for policy, resource in KNOWN_ADVISORIES[stack]]
    if inventory.of_type(NETWORK_POLICY):
        return advisories
    return advisories + [("namespaces-default-deny", "(stack)", "violation", "mandatory")] * len(WORKLOAD_NAMESPACES)


def _run(r: Rendered, inventory: Inventory | None = None, configs: Any = None) -> StackVerdicts:
    return run_packs(PACKS, inventory or r.inventory, r.stack.project, r.stack.config, configs)


@pytest.mark.parametrize("stack", STACKS)
def test_committed_stack_passes_every_mandatory_rule(rendered: Mapping[str, Rendered], stack: str) -> None:  # noqa: F811
    r = rendered[stack]
    result = _run(r)
    expected = expected_verdicts(stack, r.inventory)
    assert [(v.policy, v.resource, v.kind, v.level) for v in result.verdicts] == expected
    denied = [v.message.split("'")[1] for v in result.verdicts if v.policy == "namespaces-default-deny"]
    assert denied == ([] if r.inventory.of_type(NETWORK_POLICY) else list(WORKLOAD_NAMESPACES))
    assert (result.unknown, result.policies_run) == (0, POLICY_COUNT)


@pytest.mark.parametrize("stack", STACKS)
def test_cost_pack_prices_what_plan_prices(rendered: Mapping[str, Rendered], stack: str) -> None:  # noqa: F811
    """The same catalog and book: node totals equal `plan`'s (the plan counts the system nodes a GKE regional pool
    really runs: whole rows of zones)."""
    r = rendered[stack]
    planned = estimate(r.plan)
    if r.plan.cloud is Cloud.GCP:
        [pool] = [x for x in r.inventory.of_type("gcp:container/nodePool:NodePool") if x.inputs["name"] == "system"]
        assert int(pool.inputs["nodeCount"]) * len(pool.inputs["nodeLocations"]) == r.plan.system.nodes
    # The pack prices nodes; plan's totals also hold fixed costs (control plane, NAT, storage, database).
    full = round(sum(line.full for line in planned.lines), 2)
    idle = round(sum(line.idle for line in planned.lines), 2)
    config = {COST: {"stack-hourly-cost": {"maxUsdPerHourAtFullScale": 0, "maxUsdPerHourIdle": 0}}}

    messages = sorted(v.message for v in _run(r, configs=config).verdicts if v.policy == "stack-hourly-cost")

    assert [m.split(", over")[0] for m in messages] == sorted(
        [f"the stack's nodes cost ${full:,.2f}/h at full scale", f"the stack's nodes cost ${idle:,.2f}/h at idle"]
    )


def test_renders_record_property_dependencies_as_the_engine_receives_them(
    rendered: Mapping[str, Rendered],  # noqa: F811
) -> None:
    inventory = rendered["aws-dev"].inventory
    [pool] = [r for r in inventory.of_type("aws:eks/nodeGroup:NodeGroup") if r.name == "mlplatform-t4-dev"]
    [cluster] = inventory.of_type("aws:eks/cluster:Cluster")
    [template] = [r for r in inventory.of_type("aws:ec2/launchTemplate:LaunchTemplate") if r.name.endswith("t4-dev-lt")]
    assert pool.property_dependencies["clusterName"] == (cluster.urn,)
    assert pool.property_dependencies["launchTemplate"] == (template.urn,)
    assert pool.property_dependencies["capacityType"] == ()


def _costly_stack(tmp_path: Path) -> Path:
    for name in ("Pulumi.yaml", "__main__.py"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    doc = yaml.safe_load((ROOT / "stacks" / "Pulumi.aws-dev.yaml").read_text())
    doc["config"]["mlplatform:blueprint"]["nodePools"] = [
        {
            "name": "h100-big",
            "accelerator": "nvidia-h100-80gb",
            "acceleratorsPerNode": 8,
            "capacity": "on-demand",
            "minNodes": 1,
            "maxNodes": 20,
        }
    ]
    doc["config"]["mlplatform:blueprint"].pop("budget")
    doc["config"]["mlplatform:blueprint"]["services"]["ray"]["workers"] = [{"pool": "h100-big", "maxWorkers": 20}]
    path = tmp_path / "stacks" / "Pulumi.aws-costly.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(doc))
    return path


def test_a_deliberately_costly_blueprint_trips_the_cost_rules(tmp_path: Path) -> None:
    stack = read_stack_file(_costly_stack(tmp_path))
    plan = plan_platform(blueprint_of(stack))
    cost = estimate(plan)
    [system_line, h100_line] = cost.lines

    result = run_packs(PACKS, render(stack), stack.project, stack.config)

    blocking = sorted(
        (v.policy, v.resource, v.message) for v in result.verdicts if v.blocking and v.policy not in PENDING
    )
    assert blocking == [
        (
            "accelerator-pools-on-spot",
            "mlplatform-h100-big",
            "accelerator pool 'h100-big' runs on-demand in dev; set capacity: spot in the blueprint, or add 'dev' "
            "to onDemandEnvironments in the pack config",
        ),
        (
            "accelerator-pools-scale-to-zero",
            "mlplatform-h100-big",
            "accelerator pool 'h100-big' keeps 1 node(s) running when idle; set minNodes: 0, or list the pool in "
            "exemptPools in the pack config",
        ),
        (
            "pool-max-nodes",
            "mlplatform-h100-big",
            "pool 'h100-big' may grow to 20 nodes, over the ceiling of 16; lower maxNodes, or raise maxNodesPerPool "
            "in the pack config",
        ),
        (
            "stack-accelerators-at-full-scale",
            "(stack)",
            "the stack may run 160 accelerators at full scale (h100-big 160), over the ceiling of 48 "
            "(maxAcceleratorsAtFullScaleByEnvironment.dev)",
        ),
        (
            "stack-hourly-cost",
            "(stack)",
            f"the stack's nodes cost ${sum(line.full for line in cost.lines):,.2f}/h at full scale, over the "
            "$150.00/h of maxUsdPerHourAtFullScaleByEnvironment.dev (largest: pool 'h100-big'); lower "
            "maxNodes/minNodes or raise maxUsdPerHourAtFullScaleByEnvironment.dev in the pack config",
        ),
        (
            "stack-hourly-cost",
            "(stack)",
            f"the stack's nodes cost ${sum(line.idle for line in cost.lines):,.2f}/h at idle, over the $10.00/h of "
            "maxUsdPerHourIdleByEnvironment.dev (largest: pool 'h100-big'); lower maxNodes/minNodes or raise "
            "maxUsdPerHourIdleByEnvironment.dev in the pack config",
        ),
    ]
    assert h100_line.usd_per_node_hour is not None and system_line.usd_per_node_hour is not None


def _edited(inventory: Inventory, edits: Mapping[str, Any]) -> Inventory:
    """The render with some resources' inputs edited (type -> function of the inputs)."""
    out = []
    for reg in inventory.registrations:
        inputs = copy.deepcopy(dict(reg.inputs))
        if reg.type in edits:
            edits[reg.type](inputs)
        out.append(Registration(**{**reg.__dict__, "inputs": inputs}))
    return Inventory(stack=inventory.stack, registrations=out)


def test_an_insecure_render_trips_the_security_rules(rendered: Mapping[str, Rendered]) -> None:  # noqa: F811
    """The blueprint cannot ask for these (the spec refuses them), so the render is edited the way a careless
    change to a component would."""
    r = rendered["aws-prod"]

    def cluster(inputs: dict[str, Any]) -> None:
        inputs["vpcConfig"]["endpointPublicAccess"] = True
        inputs["vpcConfig"]["publicAccessCidrs"] = ["0.0.0.0/0"]
        del inputs["encryptionConfig"]
        inputs["accessConfig"]["authenticationMode"] = "CONFIG_MAP"

    def template(inputs: dict[str, Any]) -> None:
        inputs["metadataOptions"]["httpTokens"] = "optional"

    edits = {"aws:eks/cluster:Cluster": cluster, "aws:ec2/launchTemplate:LaunchTemplate": template}
    result = _run(r, _edited(r.inventory, edits))

    blocking = sorted(
        (v.policy, v.resource, v.message) for v in result.verdicts if v.blocking and v.policy not in PENDING
    )
    imds = "IMDSv1 is allowed; set metadataOptions.httpTokens: required"
    assert blocking == sorted(
        [
            (
                "api-endpoint-private",
                "mlplatform-cluster",
                "mlplatform-cluster: the public API endpoint allows 0.0.0.0/0",
            ),
            *[
                ("node-metadata-protected", name, f"{name}: {imds}")
                for name in ("mlplatform-a100-serve-lt", "mlplatform-cluster-system-lt", "mlplatform-h100-train-lt")
            ],
            (
                "no-legacy-authentication",
                "mlplatform-cluster",
                "mlplatform-cluster: authentication mode is CONFIG_MAP; use API access entries",
            ),
            (
                "secrets-encrypted-with-cmk",
                "mlplatform-cluster",
                "mlplatform-cluster: Kubernetes secrets are not envelope-encrypted with a KMS key (encryptionConfig)",
            ),
        ]
    )


def test_cli_policy_exits_1_on_a_mandatory_violation_and_2_on_a_bad_config(tmp_path: Path) -> None:
    stack = str(ROOT / "stacks" / "Pulumi.aws-dev.yaml")
    strict = tmp_path / "cost.json"
    strict.write_text(json.dumps({"pool-max-nodes": {"maxNodesPerPool": 2}}))

    failing = runner.invoke(app, ["policy", stack, "--format", "json", "--config", f"cost_guardrails={strict}"])
    assert failing.exit_code == 1, failing.output
    reports = json.loads(failing.output)
    assert [(r["stack"], r["view"], r["advisory"], r["unknown"]) for r in reports] == [
        ("aws-dev", "update", 0, 0),
        ("aws-dev", "preview", 0, 0),
    ]
    for report in reports:
        assert [(v["policy"], v["resource"]) for v in report["verdicts"] if v["policy"] == "pool-max-nodes"] == [
            ("pool-max-nodes", "mlplatform-t4-dev")
        ]
        assert {v["level"] for v in report["verdicts"]} == {"mandatory"}

    strict.write_text(json.dumps({"pool-max-nodes": {"maxNodesPerPool": "two"}}))
    bad = runner.invoke(app, ["policy", stack, "--config", f"cost_guardrails={strict}"])
    assert bad.exit_code == 2
    assert bad.output == (
        "validating policy config: mlplatform-cost-guardrails 0.1.0  pool-max-nodes: maxNodesPerPool: "
        "Invalid type. Expected: integer, given: string\n"
    )


def test_cli_plan_shows_the_verdict_summary(rendered: Mapping[str, Rendered]) -> None:  # noqa: F811
    result = runner.invoke(app, ["plan", str(ROOT / "stacks" / "Pulumi.gcp-dev.yaml"), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    denied = bool(rendered["gcp-dev"].inventory.of_type(NETWORK_POLICY))
    pending = 0 if denied else len(WORKLOAD_NAMESPACES)  # see WORKLOAD_NAMESPACES
    verdict = "FAIL" if pending else "pass"
    summary = f"| policies | {verdict}: {pending} mandatory, 0 advisory, 0 unknown ({POLICY_COUNT} policies) |"
    assert summary in result.output.splitlines()
