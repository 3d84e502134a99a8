"""Offline policy runner: both packs on a rendered inventory, as `pulumi preview --policy-pack` runs them."""

from mlplatform.policy.config import PolicyConfigError, load_pack_config
from mlplatform.policy.runner import StackVerdicts, Verdict, run_pack, run_packs, settings

__all__ = [
    "PolicyConfigError",
    "StackVerdicts",
    "Verdict",
    "load_pack_config",
    "run_pack",
    "run_packs",
    "settings",
]
