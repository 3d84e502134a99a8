"""Behaviours of `components/spec` a mutation run (`tools/mutate.py`) found no test pinning, each at its boundary."""

from __future__ import annotations

from components.spec.errors import BlueprintError, Problem


def test_the_error_headline_counts_problems_with_the_right_noun() -> None:
    one = Problem("nodePools[0].maxNodes", "0 is too small")
    two = Problem("region", "'mars-1' is unknown")

    assert str(BlueprintError([one])).splitlines() == ["1 problem in mlplatform:blueprint",
                                                      "  nodePools[0].maxNodes: 0 is too small"]
    assert str(BlueprintError([one, two]).located("stacks/Pulumi.aws-dev.yaml")).splitlines()[0] == (
        "stacks/Pulumi.aws-dev.yaml: 2 problems in mlplatform:blueprint")
