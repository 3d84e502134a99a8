"""`mlplatform migrate`: the same blueprint on another cloud, provider keys set, pools that cannot move named,
the data move priced from catalog rows, and the written file validated and rendered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from components import catalog
from components.catalog.regions import REGIONS
from components.spec import Accelerator, Cloud, load_blueprint
from components.spec.naming import ADMIN_PLACEHOLDERS
from mlplatform.cli import app
from mlplatform.economics.migrate import Unmovable, data_move, phases, retarget
from mlplatform.economics.region_map import NEAREST, nearest_region

ROOT = Path(__file__).resolve().parents[2]
STACKS = ROOT / "stacks"
runner = CliRunner()


def config(stack: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((STACKS / f"Pulumi.{stack}.yaml").read_text())["config"]
    return doc


def moved(stack: str, to: Cloud, region: str | None = None, admins: tuple[str, ...] = ()) -> Any:
    doc = config(stack)
    raw = doc["mlplatform:blueprint"]
    return retarget(load_blueprint(raw), raw, doc, to, region, admins)


def without_network(stack_config: dict[str, Any]) -> dict[str, Any]:
    return {**stack_config, "mlplatform:blueprint": {
        k: v for k, v in stack_config["mlplatform:blueprint"].items() if k != "network"}}


def test_gcp_dev_moved_to_us_east_1_is_the_committed_aws_dev_without_its_tpu_pool() -> None:
    aws_dev = config("aws-dev")
    result = moved("gcp-dev", Cloud.AWS, "us-east-1", tuple(aws_dev["mlplatform:blueprint"]["cluster"]["admins"]))
    assert without_network(result.config) == without_network(aws_dev)
    # Source and target run side by side during the move: the target takes the next free /16 (the source keeps
    # 10.30.0.0/16); a hub is per cloud, so none comes along.
    assert result.config["mlplatform:blueprint"]["network"] == {"cidr": "10.31.0.0/16"}
    [tpu] = result.unmovable
    assert (tpu.pool, tpu.reason) == ("v5e-dev", "tpu-v5e is a TPU; TPUs exist only on gcp")
    # 2x4 v5e = 8 chips x 16 GiB = 128 GiB per node: the closest GPU fit first.
    assert tpu.alternatives[:3] == ("nvidia-t4 x8", "nvidia-l4 x8", "nvidia-a100-40gb x8")


def test_the_default_region_keeps_every_pool_the_target_can_run_when_the_nearest_would_drop_one() -> None:
    shapes = {"t4-dev": (Accelerator.T4, 1), "a100-train": (Accelerator.A100_80GB, 8)}
    primary = {p: catalog.accelerator_shapes(Cloud.AWS, a, n)[0].machine_type for p, (a, n) in shapes.items()}
    offered = {p: catalog.regions_offering(Cloud.AWS, m) for p, m in primary.items()}
    assert "us-east-2" not in offered["a100-train"]  # the nearest to us-central1 would leave a100-train behind
    fits = [r for c, r in REGIONS if c is Cloud.AWS and all(r in o for o in offered.values())]
    result = moved("gcp-dev", Cloud.AWS)
    assert (result.region, result.region_note) == (fits[0], (
        "the first aws catalog region that keeps every pool: the nearest aws catalog region to us-central1 (Iowa), "
        "us-east-2, does not offer them all"))
    assert [p.name for p in result.blueprint.node_pools] == ["t4-dev", "a100-train"]
    assert [u.pool for u in result.unmovable] == ["v5e-dev"]  # a TPU runs nowhere but gcp
    nearest = moved("gcp-dev", Cloud.AWS, "us-east-2")  # asked for: kept, and the note says where all fit
    assert [u.pool for u in nearest.unmovable] == ["v5e-dev", "a100-train"]
    assert nearest.notes[-1] == f"every pool aws can run fits in: {', '.join(sorted(fits))}; pass --region"


def test_the_nearest_region_is_kept_when_it_keeps_every_pool() -> None:
    result = moved("aws-prod", Cloud.GCP)
    assert (result.region, result.region_note) == ("us-east4", "nearest gcp catalog region to us-east-1 "
                                                   "(Northern Virginia)")


@pytest.mark.parametrize(("to", "keys"), [
    (Cloud.GCP, {"gcp:region": "us-east4", "gcp:project": "mlplatform-prod"}),
    (Cloud.AZURE, {"azure-native:location": "eastus"}),
])
def test_provider_keys_of_the_target_replace_the_source_ones(to: Cloud, keys: dict[str, str]) -> None:
    result = moved("aws-prod", to)
    assert {k: v for k, v in result.config.items() if k != "mlplatform:blueprint"} == keys
    assert result.config["mlplatform:blueprint"]["cloud"] == to.value
    assert result.unmovable == ()
    identities = (
        f"cluster.admins set to the placeholder {ADMIN_PLACEHOLDERS[to]!r}, which names nobody: pass --admin with "
        f"the {to} principals that administer the cluster",
        f"network.hub 'tgw-0a1b2c3d4e5f60718' is a aws network; attach the {to} stack to its own hub (network.hub) "
        "or its first deploy must run inside the network it creates",
    )
    project = ("gcp:project set to 'mlplatform-prod': change it to the project that will hold the stack",)
    cidr = ("network.cidr 10.12.0.0/16 (the source keeps 10.11.0.0/16; both run during the move and route through "
            "one hub)",)
    assert result.notes == cidr + identities + (project if to is Cloud.GCP else ())
    assert result.config["mlplatform:blueprint"]["cluster"]["admins"] == [ADMIN_PLACEHOLDERS[to]]
    assert "hub" not in result.config["mlplatform:blueprint"]["network"]


def test_every_catalog_region_maps_to_a_catalog_region_on_each_other_cloud() -> None:
    for cloud, region in REGIONS:
        for to in Cloud:
            target = nearest_region(cloud, region, to)
            assert (to, target) in REGIONS, (cloud, region, to)
    assert set(NEAREST) == set(REGIONS)
    assert nearest_region(Cloud.AZURE, "westeurope", Cloud.GCP) == "europe-west4"


def test_the_data_move_is_priced_out_of_the_source_with_the_target_tool() -> None:
    move = data_move(Cloud.AWS, Cloud.GCP, 100)
    assert (move.list_usd, move.tool) == (7978.2, "Google Storage Transfer Service")
    assert move.waiver.startswith("AWS free data transfer out when moving out of AWS: request through AWS Support")
    assert data_move(Cloud.GCP, Cloud.AZURE, 2048).tool == "Azure Data Box"
    plan = phases("gcp-dev", "aws-dev", move, (Unmovable("v5e-dev", "TPU", ("nvidia-t4 x8",)),))
    assert [p.name for p in plan] == ["assess", "replicate data", "stand up the target", "run both and cut over",
                                      "decommission"]
    assert "decide a replacement for v5e-dev (nvidia-t4 x8)" in plan[0].steps
    assert plan[2].steps[0] == "pulumi up -s aws-dev"


def test_cli_names_the_stack_from_the_written_file_and_avoids_every_sibling_range(tmp_path: Path) -> None:
    out = tmp_path / "Pulumi.gcp-prod2.yaml"
    result = runner.invoke(app, ["migrate", str(STACKS / "Pulumi.aws-prod.yaml"), "--to", "gcp", "--out", str(out),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["to"]["stack"] == "gcp-prod2"
    assert [p["steps"][0] for p in report["phases"] if p["name"] == "stand up the target"] == ["pulumi up -s gcp-prod2"]
    ranges = {yaml.safe_load(f.read_text())["config"]["mlplatform:blueprint"]["network"]["cidr"]
              for f in STACKS.glob("Pulumi.*.yaml")}
    written = yaml.safe_load(out.read_text())["config"]["mlplatform:blueprint"]["network"]["cidr"]
    assert written not in ranges and written == "10.12.0.0/16"
    text = out.read_text()  # the source's comments stay beside their keys; the dropped hub's go with it
    assert ("      # Break-glass admins: the identity that runs `pulumi up` must be one of them.\n"
            "      admins:\n") in text
    assert "      cidr: 10.12.0.0/16  # unique per stack, so dev and prod route from one hub\n" in text
    assert ("    # On-demand is the default in prod; pools still scale to zero when idle.\n"
            "    - name: h100-train\n") in text
    assert "workers:  # one group per GPU pool; each scales from zero with its pool\n" in text
    assert "CI runners" not in text and "# aws prod:" not in text
    bad = runner.invoke(app, ["migrate", str(STACKS / "Pulumi.aws-prod.yaml"), "--to", "gcp", "--out",
                              str(tmp_path / "gcp-prod2.yaml")])
    assert bad.exit_code == 2 and "name the file Pulumi.<stack>.yaml" in bad.output


def test_cli_writes_validates_and_renders_the_target(tmp_path: Path) -> None:
    out = tmp_path / "Pulumi.gcp-dev.yaml"
    result = runner.invoke(app, ["migrate", str(STACKS / "Pulumi.aws-dev.yaml"), "--to", "gcp", "--out", str(out),
                                 "--data-tb", "10", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["to"]["region"] == "us-east4" and report["to"]["resources"] >= 10
    assert report["data"]["list_usd"] == round(10 * 1024 * 0.09 - 100 * 0.09, 2)
    assert [p["name"] for p in report["phases"]][0] == "assess"
    written = yaml.safe_load(out.read_text())["config"]
    assert written["gcp:region"] == "us-east4" and written["mlplatform:blueprint"]["region"] == "us-east4"
    assert out.read_text().startswith("# yaml-language-server: $schema=../schema/stack-file.schema.json\n")
    again = runner.invoke(app, ["migrate", str(STACKS / "Pulumi.aws-dev.yaml"), "--to", "gcp", "--out", str(out)])
    assert (again.exit_code, again.output.strip()) == (2, f"{out}: exists; pass --out PATH or --force to overwrite it")


def test_cli_exits_1_when_a_pool_cannot_move_and_2_for_the_same_cloud(tmp_path: Path) -> None:
    out = tmp_path / "Pulumi.azure-dev.yaml"
    result = runner.invoke(app, ["migrate", str(STACKS / "Pulumi.gcp-dev.yaml"), "--to", "azure", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "- v5e-dev: tpu-v5e is a TPU; TPUs exist only on gcp; suggested: " in result.output
    assert "# Left behind: v5e-dev" in out.read_text()
    same = runner.invoke(app, ["migrate", str(STACKS / "Pulumi.gcp-dev.yaml"), "--to", "gcp"])
    assert same.exit_code == 2 and "already on gcp" in same.output


def test_an_unknown_target_region_is_bad_input_with_the_rule_s_message(tmp_path: Path) -> None:
    result = runner.invoke(app, ["migrate", str(STACKS / "Pulumi.aws-dev.yaml"), "--to", "azure", "--region",
                                 "mars-1", "--out", str(tmp_path / "Pulumi.azure-dev.yaml")])
    out = tmp_path / "Pulumi.azure-dev.yaml"
    assert result.exit_code == 2
    assert result.output.splitlines()[:2] == [
        f"{out} (re-targeted from {STACKS / 'Pulumi.aws-dev.yaml'}): 1 problem in mlplatform:blueprint",
        "  region: region 'mars-1' is not in the catalog for azure; known: eastus, eastus2, southcentralus, westus3, "
        "westeurope, swedencentral",
    ]
    assert not (tmp_path / "Pulumi.azure-dev.yaml").exists()
