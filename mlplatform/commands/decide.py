"""`mlplatform decide`: the weighted cloud-choice matrix (`mlplatform.economics.decide`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
import yaml

from components.plan import plan_platform
from components.spec import BlueprintError, Cloud
from mlplatform.commands import common
from mlplatform.commands.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, FormatOption, out
from mlplatform.economics.cost import estimate
from mlplatform.economics.decide import CLOUDS, WHERE, cost_dimension, load_weights
from mlplatform.economics.decide import decide as run_decide
from mlplatform.economics.decide import rows as decide_rows
from mlplatform.economics.migrate import retarget
from mlplatform.engine.stackfile import StackFileError, read_stack_file
from mlplatform.present.format import Format


def decide(
    weights: Annotated[Path | None, typer.Option(help="YAML file overriding weights and scores")] = None,
    cost_of: Annotated[
        Path | None, typer.Option(help="Fold this stack's blueprint cost per cloud in as an extra dimension")
    ] = None,
    cost_weight: Annotated[int, typer.Option(min=1, max=5, help="Weight of the extra cost dimension")] = 3,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """The weighted cloud-choice matrix: scores 1-5 x weights 1-5, ranking with totals and the usual picks."""
    try:
        data = yaml.safe_load(weights.read_text(encoding="utf-8")) if weights else None
        dimensions = load_weights(data, str(weights or ""))
        notes: list[str] = []
        if cost_of is not None:
            full, notes = _cost_per_cloud(cost_of)
            label = f"full-scale catalog cost of {read_stack_file(cost_of).stack}'s blueprint per cloud"
            dimensions = (*dimensions, cost_dimension(full, cost_weight, label))
    except (StackFileError, OSError, yaml.YAMLError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    except BlueprintError as exc:
        common.fail(str(exc), EXIT_FINDINGS if exc.where == WHERE else EXIT_BAD_INPUT)
    result = run_decide(dimensions)
    if fmt is Format.JSON:
        out.print_json(json.dumps({**result.to_json(), "notes": notes}))
        raise typer.Exit(EXIT_OK)
    headers = ("dimension", "weight", *(c.value for c in CLOUDS))
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in decide_rows(result)]
    ranking = ", ".join(f"{i}. {r.cloud} {r.total}" for i, r in enumerate(result.ranking, 1))
    text = "\n".join([*lines, "", f"ranking: {ranking}", f"recommendation: {result.recommendation}",
                      *(f"note: {n}" for n in notes)])
    out.print(text, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_OK)


def _cost_per_cloud(path: Path) -> tuple[dict[Cloud, float], list[str]]:
    """Full-scale USD/h of the stack's blueprint re-targeted to each cloud (nearest region), with what it leaves out."""
    stack = read_stack_file(path)
    blueprint = common.blueprint(stack)
    full: dict[Cloud, float] = {}
    notes = []
    for cloud in CLOUDS:
        moved = retarget(blueprint, stack.blueprint, stack.config, cloud) if cloud is not blueprint.cloud else None
        target = moved.blueprint if moved else blueprint
        full[cloud] = estimate(plan_platform(target), services=target.services).full_usd_per_hour
        if moved and moved.unmovable:
            notes.append(f"{cloud} ({moved.region}) cost leaves out pools it cannot run: "
                         + ", ".join(u.pool for u in moved.unmovable))
    return full, notes
