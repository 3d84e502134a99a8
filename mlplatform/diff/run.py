"""Build stack diffs: two stack files, or stack files at two git revisions (each rendered by its own code).

Rendering goes through a `Renderer` the CLI supplies (cache and parallel workers); a revision other
than the working tree is checked out in a temporary worktree and rendered by that checkout's code.
Costs are `cost`'s estimate (pools, database and fixed costs) by this checkout's catalog from each side's
blueprint (a price-book change between the revisions is therefore not in the delta; a note says when
components/catalog differs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from components.plan import plan_platform
from components.spec import BlueprintError
from components.spec.stackconfig import blueprint_from_stack
from mlplatform.diff.compare import compare
from mlplatform.diff.costs import Cost, CostDelta
from mlplatform.diff.policy import PolicyCheck, no_policies, verdict_delta
from mlplatform.diff.review import StackDiff
from mlplatform.diff.revisions import changed_between, checkout, git_toplevel
from mlplatform.diff.transitions import transitions
from mlplatform.economics.cost import estimate
from mlplatform.engine.cache import code_root
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.stackfile import StackFile, committed_stacks, find_project_dir, read_stack_file

Renderer = Callable[[list[StackFile], Path | None], list[Inventory]]  # stacks, checkout (None: this code)
LOCK_FILE = "uv.lock"
CATALOG = "components/catalog"


@dataclass(frozen=True)
class Side:
    label: str
    stack: StackFile | None  # None: the stack file does not exist on this side


def diff_files(old: Path, new: Path, render: Renderer, policies: PolicyCheck = no_policies) -> StackDiff:
    """Two stack files rendered by this checkout's code."""
    base, head = read_stack_file(old), read_stack_file(new)
    base_inv, head_inv = render([base, head], None)
    return _review(f"{base.stack} -> {head.stack}", Side(str(old), base), Side(str(new), head),
                   base_inv, head_inv, policies, ())


def diff_revisions(
    paths: Sequence[Path], base_rev: str, head_rev: str | None, render: Renderer, policies: PolicyCheck = no_policies,
    all_stacks: bool = False,
) -> list[StackDiff]:
    """Stack files at `base_rev` against the working tree (or `head_rev`), each side by its own code."""
    top = git_toplevel(Path(paths[0]).resolve().parent if paths else Path.cwd())
    with ExitStack() as stack:
        base_root = stack.enter_context(checkout(top, base_rev))
        head_root = stack.enter_context(checkout(top, head_rev)) if head_rev else top
        relative = _relative_paths(paths, top, base_root, head_root, all_stacks)
        bases = [_side(base_root, rel, f"{base_rev}:{rel}") for rel in relative]
        heads = [_side(head_root, rel, f"{head_rev}:{rel}" if head_rev else rel) for rel in relative]
        base_invs, head_invs = _render_side(bases, render), _render_side(heads, render)
        notes = tuple(
            note for name, note in (
                (LOCK_FILE, "uv.lock differs between the revisions: both were rendered with this environment's SDKs"),
                (CATALOG, "components/catalog differs: both sides are priced with this checkout's catalog"),
            ) if _differs(base_root, head_root, name)
        )
        return [_review(rel, b, h, bi, hi, policies, notes)
                for rel, b, h, bi, hi in zip(relative, bases, heads, base_invs, head_invs, strict=True)]


def _relative_paths(paths: Sequence[Path], top: Path, base_root: Path, head_root: Path, all_stacks: bool) -> list[str]:
    if all_stacks:
        found = {p.relative_to(root).as_posix() for root in (base_root, head_root) for p in committed_stacks(root)}
        return sorted(found)
    return [Path(p).resolve().relative_to(top).as_posix() for p in paths]


def _side(root: Path, relative: str, label: str) -> Side:
    path = root / relative
    return Side(label, read_stack_file(path) if path.is_file() else None)


def _render_side(sides: list[Side], render: Renderer) -> list[Inventory | None]:
    """Render one side with the code of its checkout (this process's own code when that is the same folder)."""
    present = [s.stack for s in sides if s.stack is not None]
    if not present:
        return [None] * len(sides)
    project = find_project_dir(present[0].path.resolve().parent)
    rendered = iter(render(present, None if project == code_root() else project))
    return [next(rendered) if s.stack is not None else None for s in sides]


def _differs(base_root: Path, head_root: Path, name: str) -> bool:
    a, b = base_root / name, head_root / name
    if a.is_dir() or b.is_dir():
        files = {p.relative_to(r).as_posix() for r in (a, b) if r.is_dir() for p in r.rglob("*.py")}
        return any(changed_between(a, b, f) for f in files)
    return changed_between(base_root, head_root, name)


def _review(
    label: str, base: Side, head: Side, base_inv: Inventory | None, head_inv: Inventory | None,
    policies: PolicyCheck, notes: tuple[str, ...],
) -> StackDiff:
    empty = Inventory(stack=label)
    old, new = base_inv or empty, head_inv or empty
    appeared, disappeared = verdict_delta(policies(old) if base_inv else (), policies(new) if head_inv else ())
    side_notes = tuple(f"{s.label}: no such stack file on this side" for s in (base, head) if s.stack is None)
    resources = tuple(compare(old, new))
    refused = transitions(resources, old, new, (_region(base.stack), _region(head.stack))) if base_inv else ()
    return StackDiff(
        stack=label, base=base.label, head=head.label, resources=resources,
        cost=CostDelta(_cost(base.stack), _cost(head.stack)), appeared=appeared, disappeared=disappeared,
        notes=side_notes + notes, transitions=refused,
    )


def _region(stack: StackFile | None) -> str | None:
    blueprint = stack.blueprint if stack is not None else None
    region = blueprint.get("region") if isinstance(blueprint, dict) else None
    return region if isinstance(region, str) else None


def _cost(stack: StackFile | None) -> Cost | None:
    if stack is None or stack.blueprint is None:
        return None
    try:
        blueprint = blueprint_from_stack(stack.blueprint, lambda ns, key: _text(stack.config.get(f"{ns}:{key}")))
    except BlueprintError:
        return None
    budget = blueprint.budget.max_usd_per_hour if blueprint.budget else None
    return Cost.of(estimate(plan_platform(blueprint), budget, services=blueprint.services))


def _text(value: object) -> str | None:
    return None if value is None else str(value)
