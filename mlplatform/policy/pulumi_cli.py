"""The Pulumi CLI on PATH, checked against the minimum the packs need (`policies.pack.MIN_PULUMI_CLI`).

`mlplatform policy` itself needs no CLI; running the same packs under the engine (`pulumi preview --policy-pack
policies/<pack>`) does, and an older CLI cannot run a Python pack on the uv toolchain. So when a `pulumi` binary is
on PATH, its `pulumi version` is read (update check off, so nothing reaches the network) and a clear warning names
it when it is older than the minimum or its version cannot be read. With no `pulumi` on PATH nothing is said.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from policies.pack import MIN_PULUMI_CLI

BINARY = "pulumi"
TIMEOUT_SECONDS = 30.0
# `pulumi version` prints e.g. "v3.221.0" (dev builds add "-alpha.123+g1234abc"; only the release numbers count).
VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)")
PACK_COMMAND = "pulumi preview --policy-pack policies/<pack>"


def parse_version(text: str) -> tuple[int, int, int] | None:
    found = VERSION.match(text.strip())
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


def minimum() -> tuple[int, ...]:
    return tuple(int(part) for part in MIN_PULUMI_CLI.split("."))


def cli_warning(search_path: str | None = None) -> str | None:
    """A warning about the `pulumi` on PATH (``search_path``: PATH's value, default the environment's), or None
    when none is there or it is new enough."""
    binary = shutil.which(BINARY, path=search_path)
    if binary is None:
        return None
    need = f"the packs need Pulumi CLI >= {MIN_PULUMI_CLI} (Python packs on the uv toolchain) for `{PACK_COMMAND}`"
    try:
        done = subprocess.run(
            [binary, "version"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot run `{binary} version` ({exc}); {need}"
    printed = done.stdout.strip()
    version = parse_version(printed) if done.returncode == 0 else None
    if version is None:
        return f"`{binary} version` gave {printed!r} (exit {done.returncode}), not a version; {need}"
    if version < minimum():
        shown = ".".join(str(n) for n in version)
        return f"{binary} is Pulumi CLI {shown}, older than {MIN_PULUMI_CLI}: {need}; upgrade it"
    return None
