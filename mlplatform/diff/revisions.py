"""A git revision checked out in a temporary worktree, so it is rendered with its own code."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RevisionError(ValueError):
    """Not a git checkout, or a revision git cannot resolve; the message says which."""


def git_toplevel(start: Path) -> Path:
    return Path(_git(start, "rev-parse", "--show-toplevel").strip())


@contextmanager
def checkout(repo: Path, revision: str) -> Iterator[Path]:
    """A detached worktree of `revision`, removed (and pruned) on exit even after an error."""
    try:
        commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except RevisionError:
        raise RevisionError(f"--base/--head {revision!r}: not a commit in {repo}") from None
    folder = Path(tempfile.mkdtemp(prefix="mlplatform-diff-"))
    try:
        _git(repo, "worktree", "add", "--detach", "--quiet", str(folder), commit)
        yield folder
    finally:
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(folder)],
                       capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(["git", "-C", str(repo), "worktree", "prune"], capture_output=True, check=False)


def changed_between(old: Path, new: Path, relative: str) -> bool:
    """Whether a file differs between two checkouts (absent on one side counts as a difference)."""
    a, b = old / relative, new / relative
    if not (a.is_file() and b.is_file()):
        return a.is_file() != b.is_file()
    return a.read_bytes() != b.read_bytes()


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed; --base needs git") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise RevisionError(f"git {' '.join(args[:2])} failed in {repo}: {detail}")
    return done.stdout
