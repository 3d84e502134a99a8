"""Behaviours of `components/spec` a mutation run (`tools/mutate.py`) found no test pinning, each at its boundary."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from components.spec import BlueprintError, load_blueprint
from components.spec.errors import Problem
from components.spec.naming import MAX_USER_TAGS
from components.spec.rules_gcp import gke_ranges
from components.spec.stackconfig import blueprint_from_stack
from tests.blueprints import ADMINS
from tests.spec.test_rejections import BASE, TPU_V5E, Raw, at, azure, gcp, mutated, pool


def test_the_error_headline_counts_problems_with_the_right_noun() -> None:
    one = Problem("nodePools[0].maxNodes", "0 is too small")
    two = Problem("region", "'mars-1' is unknown")

    assert str(BlueprintError([one])).splitlines() == ["1 problem in mlplatform:blueprint",
                                                      "  nodePools[0].maxNodes: 0 is too small"]
    assert str(BlueprintError([one, two]).located("stacks/Pulumi.aws-dev.yaml")).splitlines()[0] == (
        "stacks/Pulumi.aws-dev.yaml: 2 problems in mlplatform:blueprint")


def _problems(change: Callable[[Raw], None]) -> list[str]:
    try:
        load_blueprint(mutated(change))
    except BlueprintError as error:
        return [str(p) for p in error.problems]
    return []


def _l4_on_azure(per_node: int | None) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        azure(raw)
        raw["cluster"]["admins"] = ADMINS["azure"]
        raw["nodePools"][0]["accelerator"] = "nvidia-l4"
        raw["nodePools"][0]["acceleratorsPerNode"] = per_node

    return change


AZURE_GPUS = ("nvidia-t4 x4, nvidia-a100-80gb x1, nvidia-a100-80gb x2, nvidia-a100-40gb x8, nvidia-a100-80gb x4, "
              "nvidia-a100-80gb x8, nvidia-h100-80gb x8")
L4_OFF_AZURE = "nodePools[0].accelerator: 'nvidia-l4' is not offered on azure (azure has no such GPU); use one of: "


def test_an_unoffered_gpu_without_a_count_lists_every_offering_smallest_first() -> None:
    # No count asked: every offering fits, so the smallest (one T4) leads; asked for one L4 (24 GiB), the 16 GiB
    # T4 no longer fits and goes last. The second side is what a per-node count of 1 instead of 0 would give.
    assert _problems(_l4_on_azure(None)) == [f"{L4_OFF_AZURE}nvidia-t4 x1, {AZURE_GPUS}"]
    assert _problems(_l4_on_azure(1)) == [f"{L4_OFF_AZURE}{AZURE_GPUS}, nvidia-t4 x1"]


def _tpu(topology: str, capacity: list[str]) -> Callable[[Raw], None]:
    """A v5e pool; a single-host one (2x2) needs its maxNodes, a multi-host one derives it from the topology."""

    def change(raw: Raw) -> None:
        gcp(raw)
        raw["cluster"]["admins"] = ADMINS["gcp"]
        sizing = {"maxNodes": 1} if topology == "2x2" else {}
        raw["nodePools"].append({**TPU_V5E, "topology": topology, "capacity": capacity, **sizing})

    return change


def test_a_multi_host_tpu_slice_takes_one_tier_and_a_single_host_one_may_fall_back() -> None:
    assert _problems(_tpu("4x4", ["spot", "on-demand"])) == [
        "nodePools[2].capacity: a multi-host 4x4 TPU slice is one atomic unit that cannot fall back between tiers; "
        "choose one tier"]
    assert _problems(_tpu("4x4", ["spot"])) == []
    assert _problems(_tpu("2x2", ["spot", "on-demand"])) == []
    # An unknown topology is reported by the TPU checks alone, not again as a multi-host slice.
    assert [p.split(":")[0] for p in _problems(_tpu("9x9", ["spot", "on-demand"]))] == ["nodePools[2].topology"]


ROLE = "arn:aws:iam::111122223333:role/ml-team"


def test_a_team_member_listed_twice_or_also_an_admin_is_refused_once_at_its_index() -> None:
    [admin] = ADMINS["aws"]
    assert _problems(at("cluster", "team", value=[ROLE])) == []
    assert _problems(at("cluster", "team", value=[ROLE, ROLE])) == [
        f"cluster.team[1]: '{ROLE}' is listed twice; remove one"]
    assert _problems(at("cluster", "team", value=[admin])) == [
        f"cluster.team[0]: '{admin}' is also in cluster.admins, which already grants cluster-admin; remove it from "
        "one of the two lists"]


def test_the_provider_region_key_must_be_set_and_equal_the_blueprints_region() -> None:
    asked: list[tuple[str, str]] = []

    def config(values: dict[tuple[str, str], str]) -> Callable[[str, str], str | None]:
        def get(namespace: str, key: str) -> str | None:
            asked.append((namespace, key))
            return values.get((namespace, key))

        return get

    bp = blueprint_from_stack(BASE, config({("aws", "region"): "us-east-1"}))
    assert bp.region == "us-east-1" and asked == [("aws", "region")]
    with pytest.raises(BlueprintError) as unset:
        blueprint_from_stack(BASE, config({}))
    assert [str(p) for p in unset.value.problems] == [
        "aws:region: is not set; add `aws:region: us-east-1` to the stack file so resources land in region"]
    with pytest.raises(BlueprintError) as other:
        blueprint_from_stack(BASE, config({("aws", "region"): "eu-west-1"}))
    assert [str(p) for p in other.value.problems] == [
        "aws:region: 'eu-west-1' differs from the blueprint's region 'us-east-1'; make them the same"]


def test_forty_tags_are_accepted_and_the_forty_first_refused() -> None:
    tags = {f"k{i}": "v" for i in range(MAX_USER_TAGS)}
    assert MAX_USER_TAGS == 40
    assert _problems(at("tags", value=tags)) == []
    assert _problems(at("tags", value={**tags, "one-more": "v"})) == ["tags: 41 tags is too many; use at most 40"]


def _named(name: str, cloud: str, mlflow: bool) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        if cloud == "azure":
            azure(raw)
        raw["cluster"]["admins"] = ADMINS[cloud]
        raw["name"] = name
        raw["services"] = {"mlflow": {}} if mlflow else {}

    return change


RDS_REFUSES = ("name: '1ml' makes the MLflow database identifier '1ml-dev-mlflow', which RDS refuses: it must start "
               "with a letter, have at most 63 characters and no '--'; use a shorter name that starts with a letter")


def test_a_name_rds_refuses_is_reported_only_on_aws_with_mlflow() -> None:
    assert _problems(_named("1ml", "aws", mlflow=True)) == [RDS_REFUSES]
    assert _problems(_named("ml1", "aws", mlflow=True)) == []
    assert _problems(_named("1ml", "aws", mlflow=False)) == []
    assert _problems(_named("1ml", "azure", mlflow=True)) == []


def test_a_tier_named_twice_is_refused_and_two_distinct_tiers_accepted() -> None:
    assert _problems(pool(0, capacity=["spot", "spot"])) == [
        "nodePools[0].capacity: names spot more than once; list each tier once, in order of preference"]
    assert _problems(pool(0, capacity=["spot", "on-demand"])) == []


def test_gke_ranges_take_a_slash_20_of_the_last_quarter_and_a_slash_15_pods_block() -> None:
    # A /16: its last /18 quarter starts at .192, the services range is its first /20; pods by the /16's index.
    assert gke_ranges("10.1.0.0/16") == {"pods": "10.130.0.0/15", "services": "10.1.192.0/20"}
    # A /20: the last quarter (a /22) is smaller than a /20, so the services range is the whole quarter.
    assert gke_ranges("10.2.16.0/20") == {"pods": "10.132.0.0/15", "services": "10.2.28.0/22"}
