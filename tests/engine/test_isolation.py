"""Renders of different stacks in one process do not leak into each other."""

from __future__ import annotations

from mlplatform.engine.render import render
from tests.engine.stacks import ROOT


def test_rendering_another_stack_in_between_changes_nothing() -> None:
    aws_dev = ROOT / "stacks" / "Pulumi.aws-dev.yaml"
    first = render(aws_dev).to_json()
    other = render(ROOT / "stacks" / "Pulumi.gcp-prod.yaml")
    again = render(aws_dev).to_json()
    assert first == again
    assert not any(r.type.startswith("aws:") for r in other)
    assert all(r.urn.startswith("urn:pulumi:gcp-prod::mlplatform::") for r in other)
