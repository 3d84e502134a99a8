"""`diff --base REV --all` on a real git history, pinned where a mutation run of `mlplatform/diff/run.py` found it
unguarded (tools/README.md, 2026-12-07 section): every committed stack of either side is compared, a stack new on
the head side has no base cost and says so, each side is handed to the renderer with the checkout whose code
renders it, and a changed lock file or catalog (here one that did not exist at the base) is noted.

The renderer here returns empty inventories and records what it was given: rendering is not under test, and the
costs are `cost`'s estimate of each side's stack file, independent of the render.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mlplatform.diff import diff_revisions
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.stackfile import StackFile
from tests.engine.stacks import ROOT
from tests.engine.test_diff_cli import git

AWS_DEV, GCP_DEV = "stacks/Pulumi.aws-dev.yaml", "stacks/Pulumi.gcp-dev.yaml"


def test_all_stacks_of_both_sides_each_rendered_by_its_own_checkout(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for name in ("Pulumi.yaml", "__main__.py", "uv.lock", AWS_DEV):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    shutil.copy(ROOT / GCP_DEV, repo / GCP_DEV)
    (repo / "components" / "catalog").mkdir(parents=True)
    (repo / "components" / "catalog" / "prices.py").write_text("RATE = 1\n")
    with (repo / "uv.lock").open("a") as lock:
        lock.write("\n")
    calls: list[tuple[list[str], Path | None]] = []

    def render(stacks: list[StackFile], checkout: Path | None) -> list[Inventory]:
        calls.append(([s.stack for s in stacks], checkout))
        return [Inventory(stack=s.stack) for s in stacks]

    aws, gcp = diff_revisions([repo / AWS_DEV], "HEAD", None, render, all_stacks=True)
    assert (aws.stack, gcp.stack) == (AWS_DEV, GCP_DEV)
    assert (gcp.base, gcp.head) == (f"HEAD:{GCP_DEV}", GCP_DEV)
    notes = ("uv.lock differs between the revisions: both were rendered with this environment's SDKs",
             "components/catalog differs: both sides are priced with this checkout's catalog")
    assert aws.notes == notes
    assert gcp.notes == (f"HEAD:{GCP_DEV}: no such stack file on this side", *notes)
    assert gcp.cost.base is None and gcp.cost.head is not None and gcp.cost.head.full > 0
    assert aws.cost.base == aws.cost.head and aws.cost.base is not None
    [(base_stacks, base_checkout), (head_stacks, head_checkout)] = calls
    assert (base_stacks, head_stacks) == (["aws-dev"], ["aws-dev", "gcp-dev"])
    assert head_checkout == repo  # the working tree of another project: its own code, not this process's
    assert base_checkout is not None and base_checkout != repo and not base_checkout.exists()  # worktree removed

    calls.clear()
    [new] = diff_revisions([repo / GCP_DEV], "HEAD", None, render)  # nothing to render on the base side
    assert calls == [(["gcp-dev"], repo)]
    assert (new.stack, new.notes[0], new.cost.base) == (GCP_DEV, f"HEAD:{GCP_DEV}: no such stack file on this side",
                                                        None)
