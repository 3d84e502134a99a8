"""Per-zone availability on AWS: a newer offerings reading replaces the snapshot's zones, aws-prod's A100 pool lands
only where p4de.24xlarge is offered, and a shape without per-zone data is flagged in `plan`, never placed silently."""

from __future__ import annotations

from pathlib import Path

import yaml

from components.catalog import published_zones, zones_offering
from components.catalog.availability import OFFERED
from components.catalog.eks_zones import AZ_OFFERINGS, ZONE_OFFERINGS_SOURCE
from components.plan import plan_platform, unzoned_pools
from components.spec import Cloud, load_blueprint
from tests.blueprints import ADMINS

STACKS = Path(__file__).resolve().parents[2] / "stacks"


def _aws(pools: list[dict[str, object]]) -> dict[str, object]:
    return {"cloud": "aws", "region": "us-east-1", "environment": "dev",
            "cluster": {"kubernetesVersion": "1.35", "admins": ADMINS["aws"], "availability": "regional"},
            "nodePools": pools}


def test_p4de_in_us_east_1_is_offered_only_in_az4_and_az6() -> None:
    """The offerings reading (describe-instance-type-offerings by AZ ID) lists use1-az4 and use1-az6 only; the older
    EC2 snapshot's rows also named az1, az2, az3 and az5 (with no spot figure), which a node group would ask in vain."""
    assert AZ_OFFERINGS["p4de.24xlarge"]["us-east-1"] == ("use1-az4", "use1-az6")
    assert OFFERED[(Cloud.AWS, "p4de.24xlarge")]["us-east-1"] == ("use1-az4", "use1-az6")
    assert zones_offering(Cloud.AWS, "us-east-1", "p4de.24xlarge") == ("use1-az4", "use1-az6")
    assert ZONE_OFFERINGS_SOURCE.url.startswith("https://docs.aws.amazon.com/")
    # Other regions keep the snapshot's zones (no newer reading).
    assert OFFERED[(Cloud.AWS, "p4de.24xlarge")]["us-west-2"] == ("usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4")


def test_aws_prod_a100_serve_plans_only_into_zones_that_offer_it() -> None:
    raw = yaml.safe_load((STACKS / "Pulumi.aws-prod.yaml").read_text())["config"]["mlplatform:blueprint"]
    plan = plan_platform(load_blueprint(raw))
    [pool] = [p for p in plan.pools if p.name == "a100-serve"]
    assert pool.shape.machine_type == "p4de.24xlarge"
    assert pool.zones == ("use1-az4",)  # the cluster's zones are az1, az2, az4; az6 offers it but is not one
    assert set(pool.zones) <= {"use1-az4", "use1-az6"}
    assert unzoned_pools(plan) == ()


def test_a_shape_without_per_zone_data_is_flagged_in_plan() -> None:
    """g6.xlarge (one L4) has regional rows only: the pool goes to every cluster zone, and `plan` says so."""
    plan = plan_platform(load_blueprint(_aws([
        {"name": "l4", "accelerator": "nvidia-l4", "acceleratorsPerNode": 1, "maxNodes": 2},
        {"name": "a100", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 1},
    ])))
    [l4, _] = plan.pools
    assert l4.shape.machine_type == "g6.xlarge"
    assert published_zones(Cloud.AWS, "us-east-1", "g6.xlarge") == ()
    assert unzoned_pools(plan) == (
        f"l4: no per-zone availability read for g6.xlarge in us-east-1; placed in every cluster zone "
        f"({', '.join(l4.zones)}): confirm the zones offer it before the first up",
    )
