"""Diff output: Markdown for a pull-request comment (summary first, details folded), and JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum

from mlplatform.diff.compare import Action, ResourceDiff
from mlplatform.diff.review import Cost, CostDelta, StackDiff
from mlplatform.engine.inventory import JsonValue

JSON_SCHEMA_VERSION = 1


class DiffFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"


MERMAID_MAX_NODES = 12  # beyond this a diagram stops helping; the table says it all
VALUE_WIDTH = 80
SYMBOLS = {Action.ADD: "+", Action.REMOVE: "-", Action.REPLACE: "+-", Action.CHANGE: "~"}
MERMAID_CLASSES = {
    Action.ADD: "fill:#e6ffed,stroke:#2da44e",
    Action.REMOVE: "fill:#ffebe9,stroke:#cf222e",
    Action.REPLACE: "fill:#fff8c5,stroke:#bf8700",
    Action.CHANGE: "fill:#ddf4ff,stroke:#0969da",
}


def to_json(diffs: Sequence[StackDiff], failed: Sequence[str]) -> dict[str, JsonValue]:
    return {"schemaVersion": JSON_SCHEMA_VERSION, "stacks": [d.to_json() for d in diffs], "failures": list(failed)}


def markdown(diffs: Sequence[StackDiff], failed: Sequence[str]) -> str:
    changed = [d for d in diffs if d.changed]
    title = f"{len(changed)} of {len(diffs)} stacks change" if changed else f"no changes in {len(diffs)} stacks"
    lines = [f"### mlplatform diff: {title}", ""]
    for diff in diffs:
        lines += [f"> **pulumi up will stop here** in `{diff.stack}`: protected `{r.type}` **{r.name}** would be "
                  "replaced" for r in diff.stops]
    for diff in diffs:
        lines += [f"> **Refused by the cloud** in `{diff.stack}` (`{t.rule}`): {t.message}" for t in diff.transitions]
    losses = [(d, r) for d in diffs for r in d.stateful_losses]
    for diff, res in losses:
        verb = "replaced" if res.action is Action.REPLACE else "removed"
        why = f" (by {', '.join(f'`{p}`' for p in res.replace_paths)})" if res.replace_paths else ""
        lines.append(f"> **Stateful {verb}** in `{diff.stack}`: `{res.type}` **{res.name}**{why}; "
                     f"loses {res.stateful}.")
    if losses:
        lines.append("")
    lines += ["| stack | + add | - remove | +- replace | ~ change | cost idle $/h | cost full $/h | policy |",
              "|---|---|---|---|---|---|---|---|"]
    for diff in diffs:
        counts = diff.counts()
        policy = f"+{len(diff.appeared)} / -{len(diff.disappeared)}"
        lines.append(f"| `{diff.stack}` | " + " | ".join(str(counts[a]) for a in Action)
                     + f" | {_cost(diff.cost, 'idle')} | {_cost(diff.cost, 'full')} | {policy} |")
    if failed:
        lines += ["", "**--fail-on:**", *(f"- {reason}" for reason in failed)]
    for diff in changed:
        lines += ["", *_details(diff)]
    notes = sorted({n for d in diffs for n in d.notes})
    if notes:
        lines += ["", *(f"_Note: {n}_" for n in notes)]
    lines += ["", "_Replacement is read from the providers' create-only inputs (`mlplatform/diff/create_only.json`) "
              "and each resource's replaceOnChanges, followed through dependencies: `pulumi preview` has the last "
              "word._"]
    return "\n".join(lines)


def _cost(delta: CostDelta, which: str) -> str:
    def side(cost: Cost | None) -> str:
        return "n/a" if cost is None else f"{getattr(cost, which):,.2f}"

    old, new = side(delta.base), side(delta.head)
    if delta.base is None or delta.head is None or old == new:
        return new if old == new else f"{old} -> {new}"
    before, after = getattr(delta.base, which), getattr(delta.head, which)
    pct = "new" if before == 0 else f"{(after - before) / before * 100:+.1f}%"
    return f"{old} -> {new} ({pct})"


def _details(diff: StackDiff) -> list[str]:
    count = len(diff.resources)
    lines = [f"<details><summary><code>{diff.stack}</code>: {count} resource{'' if count == 1 else 's'} differ "
             f"({diff.base} -> {diff.head})</summary>", ""]
    if 0 < len(diff.resources) <= MERMAID_MAX_NODES:
        lines += _mermaid(diff.resources)
    if diff.resources:
        lines += ["| | resource | type | inputs |", "|---|---|---|---|"]
        lines += [f"| {SYMBOLS[r.action]} | `{r.name}` | `{r.type}` | {_changes(r)} |" for r in diff.resources]
    for title, verdicts in (("appear", diff.appeared), ("disappear", diff.disappeared)):
        if verdicts:
            lines += ["", f"Policy verdicts that {title}:", ""]
            lines += [f"- **{v.level}** `{v.policy}` on `{v.urn}`: {v.message}" for v in verdicts]
    lines += ["", "</details>"]
    return lines


def _changes(res: ResourceDiff) -> str:
    if res.action in (Action.ADD, Action.REMOVE):
        return ""
    forced = set(res.replace_paths)
    items = [f"{'**' if c.path in forced else ''}`{c.path}`{'**' if c.path in forced else ''}: "
             f"`{_value(c.old)}` -> `{_value(c.new)}`" for c in res.changes]
    return "<br>".join(items)


def _value(value: JsonValue) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    text = text.replace("|", "\\|").replace("`", "'")
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 3] + "..."


def _mermaid(resources: Sequence[ResourceDiff]) -> list[str]:
    """Affected resources, each under its parent component (drawn plain when the parent is unchanged)."""
    ids = {res.key: f"r{i}" for i, res in enumerate(resources)}
    lines = ["```mermaid", "graph LR"]
    for res in resources:
        lines.append(f'  {ids[res.key]}["{SYMBOLS[res.action]} {res.name}<br/>{res.type}"]:::{res.action.value}')
    context = sorted({r.parent for r in resources if r.parent and r.parent not in ids})
    for i, parent in enumerate(context):
        ids[parent] = f"p{i}"
        types, _, name = parent.partition("::")[2].rpartition("::")  # project::types::name
        lines.append(f'  p{i}["{name}<br/>{types.rsplit("$", 1)[-1]}"]')
    lines += [f"  {ids[r.parent]} --> {ids[r.key]}" for r in resources if r.parent in ids]
    lines += [f"  classDef {a.value} {style}" for a, style in MERMAID_CLASSES.items()]
    lines += ["```", ""]
    return lines
