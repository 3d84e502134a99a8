"""A content-addressed cache of stack inventories, so an unchanged stack is read, not rendered.

The key covers everything a render reads: the stack file (name and bytes), the program
(`__main__.py`, `Pulumi.yaml`), the code it imports (`components/`, `mlplatform/`), `uv.lock`, the
Python version and every installed distribution's version, and the export's schemaVersion. A change
to any of them is a different key, so a hit is never stale; entries are never updated in place.

Location: `$MLPLATFORM_CACHE_DIR`, else `$XDG_CACHE_HOME/mlplatform`, else `~/.cache/mlplatform`.
Writes go to a temporary file in the same folder and are renamed into place (`os.replace`), so
concurrent runs never read a half-written entry; an unreadable entry is a miss. Deleting the folder
is always safe.

Beside each inventory the cache keeps notes: JSON results computed from it by code the render does not
import (the policy packs' summary that `plan` prints). A note's key adds the digest of that code
(`REVIEW_PACKAGES`), so a cached `plan` need not import the packs, and an edit to a pack is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from mlplatform.engine.inventory import SCHEMA_VERSION, Inventory, InventoryFormatError, JsonValue
from mlplatform.engine.stackfile import PROJECT_FILE, StackFile

CACHE_DIR_ENV = "MLPLATFORM_CACHE_DIR"
CODE_PACKAGES = ("components", "mlplatform")
REVIEW_PACKAGES = ("policies",)  # code that reads an inventory after the render: what a note also depends on
PROGRAM_FILES = ("__main__.py", PROJECT_FILE)
LOCK_FILE = "uv.lock"
SKIPPED_PARTS = frozenset({"__pycache__"})


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    if environ.get(CACHE_DIR_ENV):
        return Path(environ[CACHE_DIR_ENV])
    base = Path(environ["XDG_CACHE_HOME"]) if environ.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "mlplatform"


def code_root() -> Path:
    """The folder holding the `components` package this process imports (the project checkout)."""
    spec = find_spec("components")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the components package is not importable")
    return Path(next(iter(spec.submodule_search_locations))).parent


def environment_digest() -> str:
    """Python version and every installed distribution's name and version."""
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return _digest([sys.version.encode(), sys.implementation.cache_tag.encode(), *(d.encode() for d in dists)])


def code_digest(root: Path, packages: tuple[str, ...] = CODE_PACKAGES, lock: bool = True) -> str:
    """Every file of `packages` (by default those a render imports) and the lock file, under `root` (a checkout)."""
    files = [f for package in packages for f in sorted((root / package).rglob("*")) if _is_source(f)]
    if lock and (root / LOCK_FILE).is_file():
        files.append(root / LOCK_FILE)
    return _digest(part for f in files for part in (f.relative_to(root).as_posix().encode(), f.read_bytes()))


@dataclass(frozen=True)
class RenderCache:
    """Inventories and notes by key in one folder; keys need the digests of the code and the environment."""

    root: Path
    code: str
    environment: str
    review: str = ""

    @staticmethod
    def for_code(root: Path, cache_dir: Path | None = None) -> RenderCache:
        review = code_digest(root, REVIEW_PACKAGES, lock=False)
        return RenderCache(cache_dir or default_cache_dir(), code_digest(root), environment_digest(), review)

    def key(self, stack: StackFile) -> str:
        program = stack.project_dir
        parts = [str(SCHEMA_VERSION).encode(), self.code.encode(), self.environment.encode()]
        parts += [part for name in PROGRAM_FILES for part in (name.encode(), _bytes(program / name))]
        parts += [stack.path.name.encode(), stack.path.read_bytes()]
        return _digest(parts)

    def note_key(self, stack: StackFile, name: str) -> str:
        """The key of the note `name` on the stack's inventory: the inventory's key, the review code, the name."""
        return _digest([self.key(stack).encode(), self.review.encode(), name.encode()])

    def get(self, key: str) -> Inventory | None:
        try:
            return Inventory.from_json(json.loads(self._entry(key).read_text()))
        except (OSError, ValueError, KeyError, TypeError, InventoryFormatError):
            return None

    def put(self, key: str, inventory: Inventory) -> None:
        self._write(key, inventory.to_json())

    def get_note(self, key: str) -> JsonValue:
        """The note stored under `key`, or None (never stored, or unreadable)."""
        try:
            note: JsonValue = json.loads(self._entry(key).read_text())
        except (OSError, ValueError):
            return None
        return note

    def put_note(self, key: str, note: JsonValue) -> None:
        self._write(key, note)

    def _write(self, key: str, doc: JsonValue) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=f".{key}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w") as handle:
                json.dump(doc, handle, sort_keys=True)
            os.replace(tmp, self._entry(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _entry(self, key: str) -> Path:
        return self.root / f"{key}.json"


def _is_source(path: Path) -> bool:
    return path.is_file() and not SKIPPED_PARTS.intersection(path.parts) and path.suffix != ".pyc"


def _bytes(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b"<absent>"


def _digest(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
