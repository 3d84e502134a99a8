"""A bad blueprint stops the real program before its first registration."""

from __future__ import annotations

import dataclasses

import pytest

from mlplatform.render import RenderError, render
from mlplatform.stackfile import BLUEPRINT_KEY, read_stack_file
from tests.engine.stacks import ROOT

BAD = {
    "spot system pool": (
        {"cluster": {"kubernetesVersion": "1.35", "systemPool": {"capacity": "spot"}}},
        "cluster.systemPool.capacity: 'spot' is not allowed",
    ),
    "TPU on AWS": (
        {"nodePools": [{"name": "tpu", "accelerator": "tpu-v5e", "topology": "2x4", "maxNodes": 1}]},
        "nodePools[0].accelerator: 'tpu-v5e' is not offered on aws",
    ),
    "bounds": (
        {
            "nodePools": [
                {"name": "a", "accelerator": "nvidia-t4", "acceleratorsPerNode": 1, "minNodes": 3, "maxNodes": 1}
            ]
        },
        "nodePools[0].minNodes: 3 is larger than maxNodes",
    ),
    "typo": ({"nodePool": []}, "nodePool: unknown key"),
}


@pytest.mark.parametrize(("change", "message"), BAD.values(), ids=BAD.keys())
def test_program_fails_before_registering(change: dict[str, object], message: str) -> None:
    stack = read_stack_file(ROOT / "stacks" / "Pulumi.aws-dev.yaml")
    blueprint = {**stack.config[BLUEPRINT_KEY], **change}
    bad = dataclasses.replace(stack, config={**stack.config, BLUEPRINT_KEY: blueprint})
    with pytest.raises(RenderError) as caught:
        render(bad)
    assert str(caught.value).startswith("stacks/Pulumi.aws-dev.yaml: 1 problem in mlplatform:blueprint\n")
    assert message in str(caught.value)
    assert len(caught.value.inventory) == 0
