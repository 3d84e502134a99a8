"""What a pack is, apart from the SDK's `PolicyPack` (which starts a gRPC server and never returns)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pulumi_policy import EnforcementLevel, Policy, ResourceValidationPolicy, StackValidationPolicy

# The first Pulumi CLI that runs Python policy packs with the uv toolchain; stated in each PulumiPolicy.yaml and the
# README (tests/policies/test_runner.py keeps the three equal).
MIN_PULUMI_CLI = "3.221"


@dataclass(frozen=True)
class Pack:
    """A pack's name and policies: `__main__.py` hands them to `PolicyPack`, `mlplatform policy` runs them."""

    name: str
    description: str
    policies: tuple[Policy, ...]
    folder: str  # its directory under policies/, what `--policy-pack` points at

    @property
    def path(self) -> Path:
        return Path(__file__).parent / self.folder

    def policy(self, name: str) -> Policy:
        return next(p for p in self.policies if p.name == name)


def level(policy: Policy) -> EnforcementLevel:
    """Every policy in these packs states its level; the pack default is never relied on."""
    if policy.enforcement_level is None:
        raise ValueError(f"policy {policy.name!r} has no enforcement level")
    return policy.enforcement_level


def kind(policy: Policy) -> str:
    if isinstance(policy, StackValidationPolicy):
        return "stack"
    if isinstance(policy, ResourceValidationPolicy):
        return "resource"
    raise TypeError(f"policy {policy.name!r} is neither a resource nor a stack policy")
