"""Validation problems, reported all at once, each with its path, the value given and the fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a blueprint, phrased for the person editing the stack file."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class BlueprintError(ValueError):
    """A blueprint that cannot be built; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem], *, where: str = "mlplatform:blueprint", source: str = "") -> None:
        self.problems = tuple(problems)
        self.where = where
        noun = "problem" if len(self.problems) == 1 else "problems"
        prefix = f"{source}: " if source else ""
        lines = [f"{prefix}{len(self.problems)} {noun} in {where}"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    def located(self, source: str) -> BlueprintError:
        """The same problems, said to come from `source` (a stack file)."""
        return BlueprintError(self.problems, where=self.where, source=source)


def show(value: Any) -> str:
    """A value as the user wrote it, for messages."""
    return repr(value) if isinstance(value, str) else str(value)


def path_of(loc: Sequence[int | str]) -> str:
    """pydantic loc ('nodePools', 1, 'maxNodes') -> 'nodePools[1].maxNodes'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
