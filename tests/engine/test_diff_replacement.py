"""Replacement follows property dependencies on a real stack edit; the create-only table covers every type.

Facts the mocks cannot prove, read from the providers' sources (recorded per row in
mlplatform/diff/create_only.json): an EC2 VPC's `cidr_block` and a subnet's `cidr_block`/`vpc_id` are
ForceNew (terraform-provider-aws internal/service/ec2/vpc_.go, vpc_subnet.go), as are an EKS node group's
`subnet_ids` (internal/service/eks/node_group.go) and the cluster's `vpc_config.subnet_ids`
(internal/service/eks/cluster.go); a DB subnet group's `subnet_ids` is updated in place
(internal/service/rds/subnet_group.go).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path

from typer.testing import CliRunner

from mlplatform.cli import app
from mlplatform.diff.replace import table
from tests.engine.stacks import ROOT, Rendered

runner = CliRunner()
AWS_PROD = ROOT / "stacks" / "Pulumi.aws-prod.yaml"


def test_every_registered_type_of_the_committed_stacks_has_a_create_only_row(
    rendered: Mapping[str, Rendered],
) -> None:
    types = {r.type for s in rendered.values() for r in s.inventory if r.custom}
    assert sorted(types - set(table())) == []
    for token in types:
        row = table()[token]
        assert row.source and row.method in ("generated", "convention", "transcribed"), token
        assert all(p and "_" not in p and p[0].islower() for p in row.paths), token


def test_a_prod_network_range_change_replaces_the_vpc_subnets_and_what_takes_their_ids(tmp_path: Path) -> None:
    new = tmp_path / "stacks" / "Pulumi.aws-prod.yaml"
    new.parent.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    text = AWS_PROD.read_text()
    assert "cidr: 10.11.0.0/16" in text
    new.write_text(text.replace("cidr: 10.11.0.0/16", "cidr: 10.12.0.0/16"))
    argv = ["diff", str(AWS_PROD), str(new), "--format", "json", "--jobs", "1"]
    result = runner.invoke(app, [*argv, "--fail-on", "stateful-replacement"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    [stack] = doc["stacks"]
    by_type: dict[str, list[dict[str, object]]] = {}
    for res in stack["resources"]:
        by_type.setdefault(str(res["type"]), []).append(res)
    [vpc] = by_type["aws:ec2/vpc:Vpc"]
    assert (vpc["action"], vpc["replacePaths"], vpc["stops"]) == ("replace", ["cidrBlock"], True)
    assert vpc["reasons"][-1] == "protected: pulumi up will stop here"
    assert vpc["reasons"][0].startswith("cidrBlock is create-only in the provider")
    subnets = by_type["aws:ec2/subnet:Subnet"]
    assert len(subnets) == 6 and {s["action"] for s in subnets} == {"replace"}
    assert all(s["replacePaths"] == ["cidrBlock"] for s in subnets)
    groups = by_type["aws:eks/nodeGroup:NodeGroup"]
    assert groups and {g["action"] for g in groups} == {"replace"}
    assert all(g["replacePaths"] == [f"subnetIds[{i}]" for i in range(len(g["replacePaths"]))] for g in groups)
    assert "subnetIds[0] takes an output of mlplatform-network-private-" in groups[0]["reasons"][0]
    [eks] = by_type["aws:eks/cluster:Cluster"]
    assert (eks["action"], eks["stops"]) == ("replace", True)
    assert {str(p).split("[")[0] for p in eks["replacePaths"]} == {"vpcConfig.subnetIds"}
    [db_group] = by_type["aws:rds/subnetGroup:SubnetGroup"]
    assert (db_group["action"], db_group["replacePaths"]) == ("change", [])
    assert [c["path"] for c in db_group["changes"]] == ["subnetIds[0]", "subnetIds[1]", "subnetIds[2]"]
    assert any(f.startswith("aws-prod -> aws-prod: stateful aws:ec2/vpc:Vpc mlplatform-network is replaced")
               for f in doc["failures"])
    assert runner.invoke(app, [*argv, "--fail-on", "replacement-stop"]).exit_code == 1
