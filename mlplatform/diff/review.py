"""One stack's review: resource differences, cost delta, policy verdict delta, and the --fail-on rules."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from mlplatform.diff.compare import Action, ResourceDiff
from mlplatform.diff.costs import CostDelta
from mlplatform.diff.policy import MANDATORY, Verdict
from mlplatform.diff.transitions import Transition, TransitionRule
from mlplatform.engine.inventory import JsonValue


@dataclass(frozen=True)
class StackDiff:
    stack: str
    base: str  # where the base came from, e.g. "origin/main:stacks/Pulumi.aws-dev.yaml"
    head: str
    resources: tuple[ResourceDiff, ...]
    cost: CostDelta
    appeared: tuple[Verdict, ...] = ()
    disappeared: tuple[Verdict, ...] = ()
    notes: tuple[str, ...] = ()
    transitions: tuple[Transition, ...] = ()  # what the cloud refuses: errors, named by rule

    def counts(self) -> dict[Action, int]:
        found = Counter(r.action for r in self.resources)
        return {action: found.get(action, 0) for action in Action}

    @property
    def stateful_losses(self) -> tuple[ResourceDiff, ...]:
        return tuple(r for r in self.resources if r.stateful_loss)

    @property
    def stops(self) -> tuple[ResourceDiff, ...]:
        return tuple(r for r in self.resources if r.stops)

    @property
    def changed(self) -> bool:
        return bool(self.resources or self.appeared or self.disappeared or self.transitions)

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "stack": self.stack,
            "base": self.base,
            "head": self.head,
            "counts": {a.value: n for a, n in self.counts().items()},
            "statefulLosses": [r.key for r in self.stateful_losses],
            "stops": [r.key for r in self.stops],
            "transitions": [t.to_json() for t in self.transitions],
            "resources": [r.to_json() for r in self.resources],
            "cost": self.cost.to_json(),
            "policy": {"appeared": [v.to_json() for v in self.appeared],
                       "disappeared": [v.to_json() for v in self.disappeared]},
            "notes": list(self.notes),
        }


class FailOnError(ValueError):
    """A --fail-on value this command does not know."""


class Rule(StrEnum):
    NEW_MANDATORY_VIOLATION = "new-mandatory-violation"
    COST_INCREASE = "cost-increase"
    STATEFUL_REPLACEMENT = "stateful-replacement"
    REPLACEMENT_STOP = "replacement-stop"
    TRANSITION = "transition"


@dataclass(frozen=True)
class FailOn:
    rule: Rule
    threshold_pct: float = 0.0
    transition: TransitionRule | None = None  # with Rule.TRANSITION: only this rule (None: every rule)

    @staticmethod
    def parse(text: str) -> FailOn:
        name, _, value = text.partition("=")
        try:
            rule = Rule(name)
        except ValueError:
            raise FailOnError(_usage(text)) from None
        if rule is Rule.TRANSITION:
            return FailOn(rule, transition=_transition_rule(value, text) if value else None)
        if (rule is Rule.COST_INCREASE) != bool(value):
            raise FailOnError(_usage(text))
        if rule is not Rule.COST_INCREASE:
            return FailOn(rule)
        try:
            pct = float(value.rstrip("%"))
        except ValueError:
            raise FailOnError(_usage(text)) from None
        if pct < 0 or math.isnan(pct):
            raise FailOnError(_usage(text))
        return FailOn(rule, pct)

    def failures(self, diff: StackDiff) -> list[str]:
        if self.rule is Rule.STATEFUL_REPLACEMENT:
            return [f"{diff.stack}: stateful {r.type} {r.name} is {_verb(r.action)}" for r in diff.stateful_losses]
        if self.rule is Rule.REPLACEMENT_STOP:
            return [f"{diff.stack}: protected {r.type} {r.name} would be replaced; pulumi up will stop here"
                    for r in diff.stops]
        if self.rule is Rule.TRANSITION:
            return [f"{diff.stack}: {t.rule}: {t.message}" for t in diff.transitions
                    if self.transition in (None, t.rule)]
        if self.rule is Rule.NEW_MANDATORY_VIOLATION:
            return [f"{diff.stack}: new mandatory violation of {v.policy} on {v.urn}: {v.message}"
                    for v in diff.appeared if v.level == MANDATORY]
        pct = diff.cost.increase_pct()
        if pct is None or pct <= self.threshold_pct:
            return []
        shown = "from zero" if math.isinf(pct) else f"by {pct:.1f}%"
        return [f"{diff.stack}: cost rises {shown} (more than {self.threshold_pct:g}%)"]


def failures(diffs: Sequence[StackDiff], rules: Sequence[FailOn]) -> list[str]:
    return [reason for diff in diffs for rule in rules for reason in rule.failures(diff)]


def _verb(action: Action) -> str:
    return "replaced" if action is Action.REPLACE else "removed"


def _transition_rule(value: str, text: str) -> TransitionRule:
    try:
        return TransitionRule(value)
    except ValueError:
        raise FailOnError(_usage(text)) from None


def _usage(text: str) -> str:
    rules = ", ".join(r.value for r in TransitionRule)
    return (f"--fail-on {text!r}: expected new-mandatory-violation, stateful-replacement, replacement-stop, "
            f"transition, transition=RULE ({rules}) or cost-increase=PCT "
            "(a percentage >= 0, e.g. cost-increase=10)")
