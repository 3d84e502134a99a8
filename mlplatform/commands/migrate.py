"""`mlplatform migrate`: write the target cloud's stack file from the same blueprint, prove it, and plan the move.

The target is validated and rendered under mocks before the file is written; an existing file is never
overwritten without --force. Exit 0 when every pool moves, 1 when some cannot (they are listed with their
suggested replacements and left out of the written file), 2 on bad input.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from components.plan import plan_platform
from components.spec import BlueprintError, Cloud
from mlplatform.commands import common
from mlplatform.commands.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, FormatOption, out
from mlplatform.economics.cost import estimate
from mlplatform.economics.migrate import DataMove, Retarget, data_move, phases, retarget
from mlplatform.economics.parity import StackSide, flags
from mlplatform.engine.inventory import RenderError
from mlplatform.engine.stackfile import StackFile, StackFileError, read_stack_file
from mlplatform.engine.yaml_comments import keep_comments
from mlplatform.present.format import Format

STACK_FILE_NAME = re.compile(r"Pulumi\.(.+)\.ya?ml")


def _target_stack(stack: str, source: Cloud, to: Cloud) -> str:
    prefix = f"{source.value}-"
    return to.value + "-" + (stack[len(prefix):] if stack.startswith(prefix) else stack)


def _stack_name(out_path: Path) -> str:
    """`Pulumi.<stack>.yaml` -> `<stack>`: Pulumi reads a stack's config from the file of that name."""
    found = STACK_FILE_NAME.fullmatch(out_path.name)
    if found is None:
        raise StackFileError(f"--out {out_path}: name the file Pulumi.<stack>.yaml (Pulumi finds a stack's config "
                             "by that name)")
    return found[1]


def _taken_ranges(folder: Path, target: Path) -> tuple[str, ...]:
    """Network ranges of the other stack files beside the source (each with its hub's): the target avoids them."""
    ranges: list[str] = []
    for other in sorted(folder.glob("Pulumi.*.yaml")):
        if other.resolve() == target.resolve():
            continue
        try:
            network = (read_stack_file(other).blueprint or {}).get("network") or {}
        except (StackFileError, AttributeError):
            continue
        ranges += [c for c in (network.get("cidr"), *(network.get("hub") or {}).get("cidrs", [])) if isinstance(c, str)]
    return tuple(ranges)


def _header(source: Path, moved: Retarget) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/stack-file.schema.json",
        f"# {moved.target} {moved.blueprint.environment}: written by `mlplatform migrate` from {source.name}; "
        f"region {moved.region} ({moved.region_note}).",
    ]
    lines += [f"# Left behind: {u.pool} ({u.reason}); replace with one of: {', '.join(u.alternatives[:3])}."
              for u in moved.unmovable]
    return "\n".join(lines) + "\n"


def migrate(
    stack_file: Annotated[Path, typer.Argument(help="The stack to move, e.g. stacks/Pulumi.gcp-dev.yaml")],
    to: Annotated[Cloud, typer.Option("--to", help="Target cloud")],
    region: Annotated[str | None, typer.Option(help="Target region (default: the nearest catalog region)")] = None,
    data_tb: Annotated[float, typer.Option(min=0.0, help="Artifact data to move, TB (1 TB = 1,024 GB)")] = 1.0,
    out_path: Annotated[Path | None, typer.Option("--out", help="Where to write (default: next to the source)")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing target file")] = False,
    fmt: FormatOption = Format.TABLE,
    admin: Annotated[
        list[str] | None, typer.Option("--admin", help="The target cloud's cluster admin (repeat for several)")
    ] = None,
) -> None:
    """Re-target a stack to another cloud: write its stack file, render it, and print what changes and costs."""
    try:
        source = read_stack_file(stack_file)
        blueprint = common.blueprint(source)
        if to is blueprint.cloud:
            raise StackFileError(f"{stack_file}: already on {to}; name another cloud with --to")
        name = _stack_name(out_path) if out_path else _target_stack(source.stack, blueprint.cloud, to)
        path = out_path or source.path.parent / f"Pulumi.{name}.yaml"
        try:
            moved = retarget(blueprint, source.blueprint, source.config, to, region, tuple(admin or ()),
                             _taken_ranges(source.path.parent, path))
        except BlueprintError as exc:
            raise exc.located(f"{path} (re-targeted from {stack_file})") from None
        if path.exists() and not force:
            raise StackFileError(f"{path}: exists; pass --out PATH or --force to overwrite it")
        target = StackFile(path, source.project_dir, source.project, name, moved.config)
        common.blueprint(target)  # provider keys agree with the blueprint
        from mlplatform.engine.render import render  # imports pulumi: only when migrate renders

        resources = len(render(target).custom())
        path.parent.mkdir(parents=True, exist_ok=True)
        body = keep_comments(stack_file.read_text(encoding="utf-8"),
                             yaml.safe_dump({"config": moved.config}, sort_keys=False, width=120))
        path.write_text(_header(stack_file, moved) + body, encoding="utf-8")
    except (StackFileError, BlueprintError, RenderError, OSError, ValueError) as exc:
        common.fail(str(exc), EXIT_BAD_INPUT)
    before_plan, after_plan = plan_platform(blueprint), plan_platform(moved.blueprint)
    before = estimate(before_plan, services=blueprint.services)
    after = estimate(after_plan, services=moved.blueprint.services)
    pair = [StackSide(source.stack, before_plan, before), StackSide(name, after_plan, after)]
    move = data_move(blueprint.cloud, to, data_tb)
    report: dict[str, Any] = {
        "from": {"stack": source.stack, "cloud": blueprint.cloud.value, "region": blueprint.region},
        "to": {"stack": name, "cloud": to.value, "region": moved.region, "why": moved.region_note,
               "written": str(path), "resources": resources},
        "unmovable": [asdict(u) for u in moved.unmovable],
        "flags": list(flags(pair)),
        "notes": list(moved.notes),
        "cost_usd_per_hour": {
            "before": {"idle": before.idle_usd_per_hour, "full": before.full_usd_per_hour},
            "after": {"idle": after.idle_usd_per_hour, "full": after.full_usd_per_hour},
        },
        "data": asdict(move),
        "phases": [asdict(p) for p in phases(source.stack, name, move, moved.unmovable)],
    }
    if fmt is Format.JSON:
        out.print_json(json.dumps(report))
    else:
        out.print(_text(report, move), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if moved.unmovable else EXIT_OK)


def _text(r: dict[str, Any], move: DataMove) -> str:
    src, dst, cost = r["from"], r["to"], r["cost_usd_per_hour"]
    lines = [
        f"## Migrate {src['stack']} ({src['cloud']} {src['region']}) -> {dst['stack']} ({dst['cloud']} "
        f"{dst['region']}: {dst['why']})",
        "",
        f"Wrote {dst['written']}: validated, rendered under mocks ({dst['resources']} resources).",
        "",
        f"Cost, USD/h: idle {cost['before']['idle']:,.2f} -> {cost['after']['idle']:,.2f}; full scale "
        f"{cost['before']['full']:,.2f} -> {cost['after']['full']:,.2f}"
        + (f" (after leaves out {', '.join(u['pool'] for u in r['unmovable'])})" if r["unmovable"] else ""),
        "",
        f"Data: {move.tb:g} TB out of {src['cloud']} at list price ${move.list_usd:,.2f} one-off; "
        f"transfer with {move.tool} ({move.tool_source}).",
        f"Exit waiver: {move.waiver} ({move.waiver_source}); if it is granted, the data move costs $0.00 in "
        "egress (a partial move pays the list price).",
    ]
    if r["unmovable"]:
        lines += ["", "Pools that cannot move (left out of the written file):"]
        lines += [f"- {u['pool']}: {u['reason']}; suggested: {', '.join(u['alternatives'][:3]) or 'none'}"
                  for u in r["unmovable"]]
    lines += ["", f"What changes ({len(r['flags'])}):", *(f"- {f}" for f in r["flags"])]
    lines += [f"- note: {n}" for n in r["notes"]]
    lines += ["", "Plan:"]
    for i, phase in enumerate(r["phases"], 1):
        lines.append(f"{i}. {phase['name']}: " + "; ".join(phase["steps"]))
    return "\n".join(lines)


