"""A tag change on a rendered 200-pool stack: the pull-request comment still fits one GitHub comment, summary first.

The stacks are real renders (GKE, the dev stack grown to 200 accelerator pools: GKE allows 1,000 node pools a
cluster), rendered in this process (`diff`'s worker path is tests/engine/test_jobs.py's; here it would only add two
interpreter starts); the tag lands on every node pool's labels.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from mlplatform.diff import diff_files, markdown
from mlplatform.diff.compare import Action
from mlplatform.diff.output import COMMENT_LIMIT
from mlplatform.engine.inventory import Inventory
from mlplatform.engine.jobs import render_stacks
from mlplatform.engine.stackfile import StackFile
from tests.engine.scale_stacks import with_pools
from tests.engine.stacks import ROOT

POOLS = 200
NODE_POOL = "gcp:container/nodePool:NodePool"


def _write(project: Path, name: str, stack: StackFile) -> Path:
    path = project / "stacks" / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump({"config": stack.config}))
    return path


def _render(stacks: list[StackFile], checkout: Path | None) -> list[Inventory]:
    assert checkout is None  # two files of one checkout
    return render_stacks(stacks, jobs=1)


def test_a_tag_change_on_a_200_pool_stack_fits_one_comment_summary_first(tmp_path: Path) -> None:
    (tmp_path / "stacks").mkdir()
    for file in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / file, tmp_path / file)
    big = with_pools("gcp-dev", POOLS)
    old = _write(tmp_path, "gcp-big", big)
    edited = yaml.safe_load(old.read_text())
    edited["config"]["mlplatform:blueprint"]["tags"]["cost-center"] = "ml-infra"
    new = tmp_path / "stacks" / "Pulumi.gcp-big-retagged.yaml"
    new.write_text(yaml.safe_dump(edited))

    diff = diff_files(old, new, _render)
    pools = [r for r in diff.resources if r.type == NODE_POOL]
    assert len(pools) == POOLS + 1  # every accelerator pool and the system pool
    assert {r.action for r in pools} == {Action.CHANGE}
    text = markdown([diff], [])
    changed = [r for r in diff.resources if r.action is Action.CHANGE]
    assert len(text) < COMMENT_LIMIT
    assert text.startswith("### mlplatform diff: 1 of 1 stacks change")
    assert text.index("| `gcp-big -> gcp-big-retagged` |") < text.index("<details>")
    assert "cut to stay" not in text and text.count("| ~ | `") == len(changed)  # it fits whole: nothing cut
    # Three such stacks in one pull request no longer fit: the summary stays whole, the details are cut.
    three = markdown([diff, diff, diff], [])
    assert len(three) < COMMENT_LIMIT < 3 * len(text)
    assert three.startswith("### mlplatform diff: 3 of 3 stacks change")
    assert three.count("| `gcp-big -> gcp-big-retagged` |") == 3
    assert "cut to stay under GitHub's comment limit" in three and "see the JSON artifact" in three
    assert three.count("<details>") == three.count("</details>")
    assert three.count("```") % 2 == 0
