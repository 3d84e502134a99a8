"""aws-spot-diversified on the real catalog: which instance types a spot group must list depends on its region.

The violation itself (an A100 40 GB spot group listing p4d.24xlarge only, in us-east-1) is a case of
test_cost_rules' table, so the every-rule checks cover it too.
"""

from __future__ import annotations

from components import catalog
from components.spec import Cloud
from mlplatform.policy import StackVerdicts, run_packs
from mlplatform.policy.packs import PACKS
from tests.policies.synthetic import CONFIG, PROJECT, found, inventory, mutated, verdicts

A100_40_SPOT = (("labels", "mlplatform.io/accelerator"), "nvidia-a100-40gb")


def _diversified(result: StackVerdicts) -> list[tuple[str, str, str, str]]:
    return [v for v in found(result) if v[0] == "aws-spot-diversified"]


def test_aws_spot_diversification_asks_only_what_the_region_offers() -> None:
    """p4de.24xlarge is not offered in us-east-2 (catalog regions): a p4d-only spot group there is complete."""
    only_p4d = mutated("eks-h100", (("instanceTypes",), ["p4d.24xlarge"]), A100_40_SPOT)
    ohio = run_packs(PACKS, inventory(only_p4d), PROJECT, {**CONFIG, "aws:region": "us-east-2"}, None)

    assert "us-east-2" not in catalog.regions_offering(Cloud.AWS, "p4de.24xlarge")
    assert _diversified(ohio) == []
    # the same group in us-east-1 (the synthetic provider's region), where p4de.24xlarge is sold, is told of it
    [(_, kind, _, message)] = _diversified(verdicts(only_p4d))
    assert kind == "violation" and "could also use p4de.24xlarge in us-east-1" in message


def test_aws_spot_diversification_reads_only_spot_groups() -> None:
    on_demand = mutated(
        "eks-h100", (("instanceTypes",), ["p4d.24xlarge"]), A100_40_SPOT, (("capacityType",), "ON_DEMAND")
    )
    assert _diversified(verdicts(on_demand)) == []
