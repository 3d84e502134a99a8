"""Policy verdicts as `diff` sees them: a small interface, so any policy runner plugs in.

A `PolicyCheck` takes an inventory and returns verdicts, each `(policy id, resource URN, level, message)`
(plain tuples or `Verdict`s). `diff` runs it on both sides and reports the verdicts that appear and
disappear; `--fail-on new-mandatory-violation` fails on an appearing verdict of level `mandatory`.
The default checks nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from mlplatform.diff.compare import stack_free
from mlplatform.engine.inventory import Inventory

MANDATORY = "mandatory"


@dataclass(frozen=True, order=True)
class Verdict:
    policy: str
    urn: str
    level: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"policy": self.policy, "urn": self.urn, "level": self.level, "message": self.message}


PolicyCheck = Callable[[Inventory], Sequence[tuple[str, str, str, str]]]


def no_policies(inventory: Inventory) -> Sequence[tuple[str, str, str, str]]:
    return ()


def verdict_delta(
    base: Iterable[tuple[str, str, str, str]], head: Iterable[tuple[str, str, str, str]]
) -> tuple[tuple[Verdict, ...], tuple[Verdict, ...]]:
    """(appeared, disappeared); verdicts match on policy, URN without its stack, level and message."""
    old = {Verdict(p, stack_free(u), lvl, m) for p, u, lvl, m in base}
    new = {Verdict(p, stack_free(u), lvl, m) for p, u, lvl, m in head}
    return tuple(sorted(new - old)), tuple(sorted(old - new))
