"""What `plan` says of the policy packs: counts per verdict and per rule, as numbers (the packs' full messages are
`mlplatform policy`'s). Kept as a cache note beside the inventory, so a cached `plan` never imports the packs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol


class _Verdict(Protocol):
    @property
    def pack(self) -> str: ...
    @property
    def policy(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def kind(self) -> str: ...


class _Verdicts(Protocol):
    """What a pack run gives (`mlplatform.policy.StackVerdicts`, a floor above: named by shape, not imported)."""

    @property
    def verdicts(self) -> Sequence[_Verdict]: ...
    @property
    def mandatory(self) -> int: ...
    @property
    def advisory(self) -> int: ...
    @property
    def unknown(self) -> int: ...
    @property
    def policies_run(self) -> int: ...


@dataclass(frozen=True)
class RuleCount:
    """One policy that reported: how many violations and unknown (preview) values, at its enforcement level."""

    pack: str
    policy: str
    level: str  # mandatory | advisory (the level the engine shows)
    violations: int
    unknown: int

    @property
    def verdict(self) -> str:
        """fail (a mandatory violation blocks `pulumi up`), warn (advisory), or unknown (decided at deploy)."""
        if self.violations:
            return "fail" if self.level == "mandatory" else "warn"
        return "unknown"


@dataclass(frozen=True)
class PolicyCounts:
    mandatory: int
    advisory: int
    unknown: int
    policies_run: int
    rules: tuple[RuleCount, ...]  # the policies that reported, by pack and name; every other one passed

    @staticmethod
    def of(result: _Verdicts) -> PolicyCounts:
        kinds = Counter((v.pack, v.policy, v.level, v.kind) for v in result.verdicts)
        rules = sorted({(pack, policy, level) for pack, policy, level, _ in kinds})
        return PolicyCounts(
            mandatory=result.mandatory,
            advisory=result.advisory,
            unknown=result.unknown,
            policies_run=result.policies_run,
            rules=tuple(RuleCount(pack, policy, level, kinds[(pack, policy, level, "violation")],
                                  kinds[(pack, policy, level, "unknown")]) for pack, policy, level in rules),
        )

    @staticmethod
    def from_note(note: object) -> PolicyCounts | None:
        """The counts a cache note holds, or None when it holds something else (an older note, a miss)."""
        if not isinstance(note, dict):
            return None
        try:
            rules = tuple(RuleCount(**{k: v for k, v in r.items() if k != "verdict"}) for r in note["rules"])
            return PolicyCounts(note["mandatory"], note["advisory"], note["unknown"], note["policies_run"], rules)
        except (KeyError, TypeError, AttributeError):
            return None

    @property
    def passed(self) -> bool:
        return self.mandatory == 0

    def summary(self) -> str:
        verdict = "pass" if self.passed else "FAIL"
        return (f"{verdict}: {self.mandatory} mandatory, {self.advisory} advisory, {self.unknown} unknown "
                f"({self.policies_run} policies)")

    def to_json(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["rules"] = [asdict(r) | {"verdict": r.verdict} for r in self.rules]
        doc["verdict"] = "pass" if self.passed else "fail"
        doc["summary"] = self.summary()
        return doc
