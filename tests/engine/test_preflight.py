"""`mlplatform preflight`: quotas at full scale by the cloud's own codes against sample quota files, shapes offered,
lead-time warnings, the exact increase requests and the exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from components.plan import plan_platform
from components.spec import load_blueprint
from mlplatform.cli import app
from mlplatform.economics.preflight import Status, preflight
from mlplatform.economics.quota_file import QuotaFileError, load_quota_file, parse_quota_file
from tests.blueprints import ADMINS
from tests.engine.stacks import ROOT

runner = CliRunner()
STACKS = ROOT / "stacks"
FILES = Path(__file__).parent / "quota_files"


def _plan(name: str):  # type: ignore[no-untyped-def]
    data = yaml.safe_load((STACKS / f"Pulumi.{name}.yaml").read_text())["config"]["mlplatform:blueprint"]
    return plan_platform(load_blueprint(data))


def _needs(name: str, quota_file: str | None) -> dict[str, tuple[int, Status, str]]:
    quotas = load_quota_file(FILES / quota_file) if quota_file else None
    result = preflight(name, _plan(name), quotas)
    return {n.quota.key: (n.amount, n.status, n.request) for n in result.needs}


def test_aws_prod_needs_the_p_quota_in_vcpus_and_fits_exactly() -> None:
    # 4 x p5.48xlarge (192 vCPUs) + 4 x p4de.24xlarge (96 vCPUs) on-demand; 3 x m7i.4xlarge (16) system nodes.
    # The file leaves 1536 - 384 = 1152 free: exactly enough.
    assert _needs("aws-prod", "aws-us-east-1-enough.yaml") == {
        "L-417A185B": (1152, Status.OK, ""),
        "L-1216C47A": (48, Status.OK, ""),
    }


def test_aws_short_quotas_give_the_exact_increase_requests() -> None:
    needs = _needs("aws-dev", "aws-us-east-1-short.yaml")
    # dev is spot: 2 x p4de.24xlarge on the P spot quota (limit 0), 4 x g4dn.xlarge on the G spot quota (limit 8).
    assert needs["L-7212CCBC"] == (192, Status.SHORT, "aws service-quotas request-service-quota-increase "
                                   "--region us-east-1 --service-code ec2 --quota-code L-7212CCBC --desired-value 192")
    assert needs["L-3819A6DF"][:2] == (16, Status.SHORT)
    assert needs["L-3819A6DF"][2].endswith("--quota-code L-3819A6DF --desired-value 16")
    # prod: the request asks for what is used (96) plus the full-scale need (1152).
    prod = _needs("aws-prod", "aws-us-east-1-short.yaml")
    assert prod["L-417A185B"][1] is Status.SHORT
    assert prod["L-417A185B"][2].endswith("--quota-code L-417A185B --desired-value 1248")


def test_gcp_quota_missing_from_the_file_is_a_finding_not_a_pass() -> None:
    needs = _needs("gcp-prod", "gcp-us-central1-missing-tpu.yaml")
    assert needs["NVIDIA_H100_GPUS"][:2] == (32, Status.OK)  # 4 x a3-highgpu-8g; limit 32, unused
    assert needs["NVIDIA_A100_80GB_GPUS"][:2] == (32, Status.OK)
    assert needs["TPU_LITE_PODSLICE_V5"][:2] == (16, Status.MISSING)
    assert "TPU_LITE_PODSLICE_V5, region us-central1, new value 16" in needs["TPU_LITE_PODSLICE_V5"][2]


def test_azure_spot_draws_the_regional_low_priority_quota_and_names_compare_case_insensitively() -> None:
    dev = _needs("azure-dev", "azure-eastus-enough.json")
    # 4 x NC4as_T4_v3 (4 vCPUs) + 2 x ND96amsr_A100_v4 (96) spot: lowPriorityCores only, no family quota.
    assert dev["lowPriorityCores"][:2] == (208, Status.OK)
    assert "standardNCASv3_T4Family" not in dev
    prod = _needs("azure-prod", "azure-eastus-enough.json")
    assert prod["standardNDSH100v5Family"][:2] == (384, Status.OK)  # the file spells it StandardNDSH100v5Family
    assert prod["cores"][:2] == (816, Status.OK)


def test_a_file_for_another_region_checks_nothing() -> None:
    quotas = parse_quota_file({"cloud": "aws", "region": "us-west-2", "quotas": {"L-417A185B": 0}}, "f")
    result = preflight("aws-prod", _plan("aws-prod"), quotas)
    assert {n.status for n in result.needs} == {Status.UNCHECKED}
    assert result.ok and "unchecked" in result.summary()


def test_reserved_h100_warns_of_lead_time_and_draws_no_quota() -> None:
    data = yaml.safe_load((STACKS / "Pulumi.aws-prod.yaml").read_text())["config"]["mlplatform:blueprint"]
    data["nodePools"][0].update(capacity="reserved", reservation="cr-0123456789abcdef0", reservationZone="use1-az1")
    result = preflight("aws-prod", plan_platform(load_blueprint(data)), None)
    assert [n.amount for n in result.needs if n.quota.key == "L-417A185B"] == [384]  # the a100 pool only
    [warning] = result.warnings
    assert warning.startswith("h100-train: reserved nvidia-h100-80gb capacity for 4 node(s) is granted weeks ahead")


def _write_stack(tmp_path: Path, blueprint: dict[str, object]) -> Path:
    path = tmp_path / "Pulumi.gcp-test.yaml"
    path.write_text(yaml.safe_dump({"config": {"gcp:project": "p", "mlplatform:blueprint": blueprint}}))
    (tmp_path / "Pulumi.yaml").write_text("name: mlplatform\nruntime: python\n")
    return path


def test_cli_exit_codes_enough_short_missing(tmp_path: Path) -> None:
    aws_prod = str(STACKS / "Pulumi.aws-prod.yaml")
    ok = runner.invoke(app, ["preflight", aws_prod, "--quotas", str(FILES / "aws-us-east-1-enough.yaml")])
    assert ok.exit_code == 0, ok.output
    assert "aws-prod (aws us-east-1): ok" in ok.output
    short = runner.invoke(app, ["preflight", aws_prod, "--quotas", str(FILES / "aws-us-east-1-short.yaml")])
    assert short.exit_code == 1
    assert "CANNOT REACH FULL SCALE" in short.output and "--desired-value 1248" in short.output
    missing = runner.invoke(app, ["preflight", str(STACKS / "Pulumi.gcp-prod.yaml"),
                                  "--quotas", str(FILES / "gcp-us-central1-missing-tpu.yaml")])
    assert missing.exit_code == 1
    assert "TPU_LITE_PODSLICE_V5 (TPU v5 Lite PodSlice chips): need 16 TPU chips" in missing.output


def test_cli_shape_not_in_region_exits_1_with_the_path(tmp_path: Path) -> None:
    # TPU v6e is not offered in us-east4 (components/catalog/availability.py: us-central1, us-east5, europe-west4).
    stack = _write_stack(tmp_path, {
        "cloud": "gcp", "region": "us-east4", "environment": "dev",
        "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["gcp"]},
        "nodePools": [{"name": "v6e", "accelerator": "tpu-v6e", "topology": "2x2", "maxNodes": 1}],
    })
    result = runner.invoke(app, ["preflight", str(stack)])
    assert result.exit_code == 1
    assert "nodePools[0].accelerator" in result.output and "not offered in us-east4" in result.output


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cloud": "aws", "region": "us-east-1", "quotas": {"L-417A185B": "lots"}}, "quotas.L-417A185B: 'lots'"),
        ({"cloud": "oci", "region": "x", "quotas": {}}, "cloud: 'oci' is not one of aws, gcp, azure"),
        ({"cloud": "aws", "region": "us-east-1", "quotas": {"L-1": {"max": 3}}}, "quotas.L-1: expected {limit"),
        ({"cloud": "aws", "quotas": {}}, "region: name the region"),
    ],
)
def test_bad_quota_files_name_the_key(data: object, message: str) -> None:
    with pytest.raises(QuotaFileError, match="^f: ") as caught:
        parse_quota_file(data, "f")
    assert message in str(caught.value)


def test_cli_unreadable_quota_file_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["preflight", "--all", "--quotas", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert "cannot read the quota file" in result.output
