"""The packs `mlplatform policy` runs, and their config files named on the command line (`PACK=FILE`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mlplatform.policy.config import PolicyConfigError, load_pack_config, pack_version, read_json, reconcile
from policies.cost_guardrails.pack import PACK as COST_GUARDRAILS
from policies.pack import Pack
from policies.security_baseline.pack import PACK as SECURITY_BASELINE

PACKS: tuple[Pack, ...] = (COST_GUARDRAILS, SECURITY_BASELINE)
# A pack is named by its PolicyPack name or its folder under policies/ (what `--policy-pack` points at).
PACK_NAMES: Mapping[str, Pack] = MappingProxyType(
    {
        **{p.name: p for p in PACKS},
        **{p.folder: p for p in PACKS},
    }
)


def pack_configs(specs: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`--config` options -> {pack name: that pack's config}.

    `PACK=FILE` names one pack's file in `--policy-pack-config` format; a bare `FILE` holds several, keyed by pack.
    """
    out: dict[str, dict[str, Any]] = {}
    for spec in specs:
        name, sep, file = spec.partition("=")
        entries = {name: load_pack_config(Path(file))} if sep else read_json(Path(spec))
        if not isinstance(entries, dict):
            raise PolicyConfigError(f"--config {spec!r}: a file of several packs' configs is a JSON object by pack")
        for key, config in entries.items():
            pack = PACK_NAMES.get(str(key).strip().rstrip("/").rsplit("/", 1)[-1])
            if pack is None or not isinstance(config, dict):
                names = ", ".join(sorted(PACK_NAMES))
                raise PolicyConfigError(
                    f"--config {spec!r}: expected PACK=FILE, or a file keyed by pack, with PACK one of {names}"
                )
            if pack.name in out:
                raise PolicyConfigError(f"--config {spec!r}: {pack.name} already has a config")
            out[pack.name] = config
    return out


def config_warnings(configs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """What the engine would accept but likely is a typo; raises PolicyConfigError for what it refuses."""
    return [w for pack in PACKS for w in reconcile(pack, configs.get(pack.name), pack_version(pack.path)).warnings]
