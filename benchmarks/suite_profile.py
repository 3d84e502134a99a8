"""Where the test suite's time goes, printed: python3 benchmarks/suite_profile.py [--top N] [-- PYTEST ARGS]

Runs the README's test command (two xdist workers, HYPOTHESIS_PROFILE=ci) with each worker under cProfile
(`suite_profile_plugin.py`), then charges each function's own time to the code it belongs to: the Pulumi SDK and its
runtime (the `pulumi` package, the provider SDKs, gRPC, protobuf, asyncio's loop), the policy SDK, pytest and
hypothesis, the project's code (`components`, `mlplatform`, `policies`), the tests, and the rest (YAML, JSON Schema).
A library function's time (the standard library's, say) is charged to the code that called it, up its callers: the
SDK's stack captures are the SDK's time. Waiting (for a thread, a subprocess, an analyzer server's reply) is a line
of its own: it is not the worker's CPU. Subprocesses (render workers, policy analyzer servers, the mutation tool's
pytest runs) are not profiled: their CPU is one line, read from the workers' reaped children.

Profiling slows every Python call and its clock is elapsed time, so the seconds are larger than a plain run's
(`suite_time.py`): run it on a quiet machine, and read the shares. A share no test edit can move (the SDK's, the
servers') bounds the suite from below.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "benchmarks.suite_profile_plugin"
DIR_ENV = "SUITE_PROFILE_DIR"

# (owner, path fragments): the first owner one of whose fragments is in a function's file name.
OWNERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("project: components", (f"{ROOT}/components/",)),
    ("project: mlplatform", (f"{ROOT}/mlplatform/",)),
    ("project: policies", (f"{ROOT}/policies/",)),
    ("tests", (f"{ROOT}/tests/", f"{ROOT}/benchmarks/")),
    ("policy SDK (pulumi_policy)", ("/pulumi_policy/",)),
    ("waiting: for threads, subprocesses (render workers, pytest runs) and analyzer servers (gRPC calls)", (
        "<method 'acquire' of '_thread", "<method 'poll' of 'select.", "<built-in method select.select>",
        "<built-in method time.sleep>", "<built-in method posix.waitpid>", "<built-in method posix.read>",
        "grpc/_channel.py", "<method 'control' of 'select.epoll'",
    )),
    ("Pulumi SDK, providers, gRPC, protobuf, asyncio", (
        "/pulumi/", "/pulumi_aws/", "/pulumi_gcp/", "/pulumi_azure_native/", "/pulumi_kubernetes/", "/pulumi_random/",
        "/pulumi_tls/", "/grpc/", "/google/protobuf/", "/asyncio/", "concurrent/futures", "threading.py",
        "selectors.py",
    )),
    ("pytest, xdist, hypothesis", ("/_pytest/", "/xdist/", "/execnet/", "/pluggy/", "/hypothesis/")),
)
OTHER = "standard library, YAML, JSON Schema, other"
PROJECT = frozenset(name for name, _ in OWNERS[:3])


def owner(filename: str) -> str:
    return next((name for name, parts in OWNERS if any(p in filename for p in parts)), OTHER)


Function = tuple[str, int, str]

Row = tuple[int, int, float, float, dict[Function, tuple[int, int, float, float]]]


def _owner_of(function: Function) -> str:
    filename, _, name = function
    return owner(filename if filename != "~" else name)


def _split(stats: dict[Function, Row], function: Function, memo: dict[Function, dict[str, float]],
           path: frozenset[Function]) -> dict[str, float]:
    """How a function's own time divides among owners: its own owner's, or for a library function (the standard
    library's, say) its callers' split, weighted by the time of each caller's calls: `traceback` run by the Pulumi
    SDK is the SDK's time. A cycle, or a function no caller is known for, stays "other"."""
    if function in memo:
        return memo[function]
    found = _owner_of(function)
    callers = {c: call[2] for c, call in (stats[function][4] if function in stats else {}).items() if c not in path}
    total = sum(callers.values())
    if found != OTHER or not total:
        return memo.setdefault(function, {found: 1.0})
    out: defaultdict[str, float] = defaultdict(float)
    for caller, weight in callers.items():
        for name, part in _split(stats, caller, memo, path | {function}).items():
            out[name] += part * weight / total
    return memo.setdefault(function, dict(out))


def shares(folder: Path) -> tuple[dict[str, float], dict[Function, float], float, float]:
    """Own seconds per owner (the libraries' passed to their callers) and per function over every profile in
    ``folder``; the processes' CPU; their children's."""
    seconds: defaultdict[str, float] = defaultdict(float)
    functions: defaultdict[Function, float] = defaultdict(float)
    for profile in sorted(folder.glob("*.prof")):
        stats: dict[Function, Row] = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
        memo: dict[Function, dict[str, float]] = {}
        for function, row in stats.items():
            for name, part in _split(stats, function, memo, frozenset()).items():
                seconds[name] += row[2] * part
            functions[function] += row[2]
    usage = [json.loads(p.read_text()) for p in folder.glob("*.json")]
    return dict(seconds), dict(functions), sum(u["self"] for u in usage), sum(u["children"] for u in usage)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--top", type=int, default=15, help="the heaviest functions to list (default 15)")
    parser.add_argument("pytest_args", nargs="*", help="after --: extra pytest arguments (e.g. a folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="suite-profile-") as tmp:
        env = {**os.environ, DIR_ENV: tmp, "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", PLUGIN, *args.pytest_args], cwd=ROOT,
                              env=env, check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(f"pytest: {(done.stdout.strip().splitlines() or ['(no output)'])[-1]}")
        seconds, top, processes, children = shares(Path(tmp))
    profiled = sum(seconds.values())
    print(f"pytest processes: {processes:.1f} s CPU, {profiled:.1f} s of it profiled; their subprocesses: "
          f"{children:.1f} s CPU (not profiled)")
    print("owner | own s (profiled) | share")
    for name, value in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"{name} | {value:.1f} | {value / profiled:.0%}")
    for title, wanted in (("of the project", True), ("elsewhere", False)):
        print(f"heaviest functions {title} (own s):")
        heaviest = sorted(top.items(), key=lambda item: -item[1])
        chosen = [(f, v) for f, v in heaviest if (_owner_of(f) in PROJECT) is wanted][: args.top]
        for (filename, line, function), value in chosen:
            print(f"  {value:.1f} {function} ({filename.removeprefix(str(ROOT) + '/')}:{line})")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
