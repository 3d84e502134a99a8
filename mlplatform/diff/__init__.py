"""`mlplatform diff`: what a change to a stack file or to the code does to each stack, for review.

compare (resources), replace (the create-only input table), policy (the verdict interface), review
(cost delta, --fail-on), revisions (git worktrees), run (building the diffs), output (Markdown, JSON).
"""

from mlplatform.diff.compare import Action, Change, ResourceDiff, compare
from mlplatform.diff.output import markdown, to_json
from mlplatform.diff.policy import PolicyCheck, Verdict, no_policies
from mlplatform.diff.review import FailOn, FailOnError, StackDiff, failures
from mlplatform.diff.revisions import RevisionError
from mlplatform.diff.run import Renderer, diff_files, diff_revisions

__all__ = [
    "Action", "Change", "FailOn", "FailOnError", "PolicyCheck", "Renderer", "ResourceDiff", "RevisionError",
    "StackDiff", "Verdict", "compare", "diff_files", "diff_revisions", "failures", "markdown", "no_policies",
    "to_json",
]
