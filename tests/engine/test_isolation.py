"""Renders of different stacks in one process do not leak into each other."""

from __future__ import annotations

from collections.abc import Mapping

from mlplatform.engine.render import render
from tests.engine.stacks import ROOT, Rendered


def test_rendering_another_stack_in_between_changes_nothing(rendered: Mapping[str, Rendered]) -> None:
    """aws-dev rendered here right after gcp-prod equals the session's aws-dev, which every other test reads."""
    other = render(ROOT / "stacks" / "Pulumi.gcp-prod.yaml")
    again = render(ROOT / "stacks" / "Pulumi.aws-dev.yaml").to_json()
    assert again == rendered["aws-dev"].inventory.to_json()
    assert not any(r.type.startswith("aws:") for r in other)
    assert all(r.urn.startswith("urn:pulumi:gcp-prod::mlplatform::") for r in other)
