"""Diff output: Markdown for a pull-request comment (summary first, details folded), and JSON for machines.

The Markdown always fits one GitHub comment (65,536 characters, the API's limit on an issue comment body:
https://github.com/orgs/community/discussions/41331, read 2026-12-06): the summary comes first and is
itself capped; each stack's details follow while they fit, then are truncated with a pointer to the
JSON artifact, which has everything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum

from mlplatform.diff.compare import Action, ResourceDiff
from mlplatform.diff.costs import Cost, CostDelta
from mlplatform.diff.review import StackDiff
from mlplatform.engine.inventory import JsonValue

JSON_SCHEMA_VERSION = 1


class DiffFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"


COMMENT_LIMIT = 65_536  # GitHub's maximum issue/pull-request comment body, in characters
MARGIN = 1_536  # room for the workflow's hidden marker and a heading above the body
ARTIFACT = "the JSON artifact (`mlplatform diff --format json`)"
CALLOUTS_MAX = 40  # stops, refused transitions and stateful losses shown in the summary, each
CHANGES_PER_ROW = 12  # changed inputs shown per resource row
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


def markdown(
    diffs: Sequence[StackDiff], failed: Sequence[str], limit: int = COMMENT_LIMIT - MARGIN, artifact: str = ARTIFACT,
) -> str:
    """Summary (counts, costs, stops, refusals, losses, failures) first, then per-stack details, in `limit` chars."""
    changed = [d for d in diffs if d.changed]
    footer = ["", "_Replacement is read from the providers' create-only inputs (`mlplatform/diff/create_only.json`) "
              "and each resource's replaceOnChanges, followed through dependencies: `pulumi preview` has the last "
              "word._"]
    notes = sorted({n for d in diffs for n in d.notes})
    if notes:
        footer = ["", *(f"_Note: {n}_" for n in notes), *footer]
    summary = _summary(diffs, changed, failed, artifact)
    body = _fit([_details(d) for d in changed], limit - len("\n".join(summary + footer)) - 2, artifact)
    return "\n".join([*summary, *body, *footer])


def _summary(
    diffs: Sequence[StackDiff], changed: Sequence[StackDiff], failed: Sequence[str], artifact: str,
) -> list[str]:
    title = f"{len(changed)} of {len(diffs)} stacks change" if changed else f"no changes in {len(diffs)} stacks"
    lines = [f"### mlplatform diff: {title}", ""]
    stops = [f"> **pulumi up will stop here** in `{d.stack}`: protected `{r.type}` **{r.name}** would be replaced"
             for d in diffs for r in d.stops]
    refused = [f"> **Refused by the cloud** in `{d.stack}` (`{t.rule}`): {t.message}"
               for d in diffs for t in d.transitions]
    losses = []
    for diff, res in ((d, r) for d in diffs for r in d.stateful_losses):
        verb = "replaced" if res.action is Action.REPLACE else "removed"
        why = f" (by {', '.join(f'`{p}`' for p in res.replace_paths[:CHANGES_PER_ROW])})" if res.replace_paths else ""
        losses.append(f"> **Stateful {verb}** in `{diff.stack}`: `{res.type}` **{res.name}**{why}; "
                      f"loses {res.stateful}.")
    for callouts in (stops, refused, losses):
        lines += _capped(callouts, CALLOUTS_MAX, artifact, "> ")
    if losses:
        lines.append("")
    lines += ["| stack | + add | - remove | +- replace | ~ change | cost idle $/h | cost full $/h | policy |",
              "|---|---|---|---|---|---|---|---|"]
    for diff in diffs:
        counts = diff.counts()
        policy = f"+{len(diff.appeared)} / -{len(diff.disappeared)}"
        lines.append(f"| `{diff.stack}` | " + " | ".join(str(counts[a]) for a in Action)
                     + f" | {_cost(diff.cost, 'idle')} | {_cost(diff.cost, 'full')} | {policy} |")
    unpriced = sorted({f"`{d.stack}`: {', '.join(c.unpriced)}" for d in diffs for c in (d.cost.base, d.cost.head)
                       if c is not None and c.unpriced})
    if unpriced:
        lines += ["", "**Unpriced** (no price in the book; totals marked * are lower bounds): " + "; ".join(unpriced)]
    if failed:
        lines += ["", "**--fail-on:**", *_capped([f"- {reason}" for reason in failed], CALLOUTS_MAX, artifact, "- ")]
    return lines


def _capped(lines: list[str], most: int, artifact: str, prefix: str) -> list[str]:
    if len(lines) <= most:
        return lines
    return [*lines[:most], f"{prefix}_... and {len(lines) - most} more: see {artifact}_"]


def _fit(blocks: list[list[str]], room: int, artifact: str) -> list[str]:
    """The detail blocks that fit in `room` characters; the first that does not is cut (its code fence and
    <details> closed) with a pointer to the artifact, naming how many stacks are left out."""
    out: list[str] = []
    for i, block in enumerate(blocks):
        text = "\n".join(["", *block])
        if len(text) + 1 <= room:
            out.append(text)
            room -= len(text) + 1
            continue
        left = len(blocks) - i - 1
        more = f" ({left} more stack{'' if left == 1 else 's'} not shown)" if left else ""
        note = f"_... cut to stay under GitHub's comment limit{more}: see {artifact}_"
        room -= len(note) + len("\n```\n\n\n\n</details>") + 2
        kept: list[str] = []
        fenced = False
        for line in block[:-1]:  # the last line closes the <details>
            if len(line) + 1 > room:
                break
            kept.append(line)
            room -= len(line) + 1
            fenced ^= line.startswith("```")
        closing = ["```"] if fenced else []
        out.append("\n".join(["", *kept, *closing, "", note, "", "</details>"]) if kept else "\n" + note)
        break
    return out


def _cost(delta: CostDelta, which: str) -> str:
    def side(cost: Cost | None) -> str:
        return "n/a" if cost is None else f"{getattr(cost, which):,.2f}{'*' if cost.unpriced else ''}"

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
    lines += _cost_lines(diff.cost)
    if diff.resources:
        lines += ["| | resource | type | inputs |", "|---|---|---|---|"]
        lines += [f"| {SYMBOLS[r.action]} | `{r.name}` | `{r.type}` | {_changes(r)} |" for r in diff.resources]
    for title, verdicts in (("appear", diff.appeared), ("disappear", diff.disappeared)):
        if verdicts:
            lines += ["", f"Policy verdicts that {title}:", ""]
            lines += [f"- **{v.level}** `{v.policy}` on `{v.urn}`: {v.message}" for v in verdicts]
    lines += ["", "</details>"]
    return lines


def _cost_lines(delta: CostDelta) -> list[str]:
    """The cost lines (pools, fixed costs) that differ, with the stack's delta in USD/h and USD/month."""
    total = delta.delta()
    rows = delta.lines()
    if total is None or not rows:
        return []
    lines = [f"Cost delta: idle {total['idleUsdPerHour']:+,.2f} $/h ({total['idleUsdPerMonth']:+,.2f} $/month), "
             f"full scale {total['fullUsdPerHour']:+,.2f} $/h ({total['fullUsdPerMonth']:+,.2f} $/month)", "",
             "| cost line | idle $/h | full $/h | delta full $/h | delta full $/month |", "|---|---|---|---|---|"]
    for row in rows:
        change = row["delta"]
        shown = ("unpriced", "unpriced") if not isinstance(change, dict) else (
            f"{change['fullUsdPerHour']:+,.2f}", f"{change['fullUsdPerMonth']:+,.2f}")
        lines.append(f"| {row['line']} | {_pair(row, 'idleUsdPerHour')} | {_pair(row, 'fullUsdPerHour')} | "
                     f"{shown[0]} | {shown[1]} |")
    return [*lines, ""]


def _pair(row: dict[str, JsonValue], key: str) -> str:
    def one(side: JsonValue) -> str:
        if not isinstance(side, dict):
            return "-"
        value = side.get(key)
        return "unpriced" if not isinstance(value, int | float) else f"{value:,.2f}"

    return f"{one(row['base'])} -> {one(row['head'])}"


def _changes(res: ResourceDiff) -> str:
    if res.action in (Action.ADD, Action.REMOVE):
        return ""
    forced = set(res.replace_paths)
    items = [f"{'**' if c.path in forced else ''}`{c.path}`{'**' if c.path in forced else ''}: "
             f"`{_value(c.old)}` -> `{_value(c.new)}`" for c in res.changes[:CHANGES_PER_ROW]]
    more = len(res.changes) - CHANGES_PER_ROW
    return "<br>".join(items + ([f"... {more} more"] if more > 0 else []))


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
