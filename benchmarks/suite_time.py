"""The test suite's time, printed (never asserted): python3 benchmarks/suite_time.py [--repeat N] [-- PYTEST ARGS]

Runs the README's test command (`pytest`, with the pytest config of pyproject.toml: two xdist workers) in a new
process, with the property-based tests derandomized (HYPOTHESIS_PROFILE=ci, as CI runs them), and prints for each
run its wall seconds, the CPU seconds (user + system) of every process it started (pytest, its xdist workers, the
render workers and policy analyzer servers they start: the children's resource usage once they are reaped), and
the load average before and after. The wall figure only means something when the load stays low (other users of
the machine share its cores); the CPU figure is steadier but grows too under contention. Each run starts from an
empty render cache (pytest's own temporary folder), so nothing is carried from one run to the next.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILE_ENV = "HYPOTHESIS_PROFILE"


@dataclass(frozen=True)
class Run:
    wall: float
    user: float
    system: float
    exit_code: int
    load_before: float
    load_after: float

    @property
    def cpu(self) -> float:
        return self.user + self.system


def run_suite(pytest_args: Sequence[str]) -> Run:
    """One run of the suite in a new process; CPU from the children's usage before and after it."""
    env = {**os.environ, PROFILE_ENV: os.environ.get(PROFILE_ENV, "ci")}
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", *pytest_args], cwd=ROOT, env=env, check=False,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = done.stdout.strip().splitlines()[-1:] or ["(no output)"]
    print(f"  pytest: {summary[0]}", flush=True)
    if done.returncode:
        sys.stdout.write(done.stdout[-4000:])
    return Run(wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, done.returncode,
               load_before, os.getloadavg()[0])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs, one after another (default 1)")
    parser.add_argument("pytest_args", nargs="*", help="after --: extra pytest arguments (e.g. a folder)")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {PROFILE_ENV}={os.environ.get(PROFILE_ENV, 'ci')}")
    print("run | wall s | CPU s (user + sys) | load 1 min before -> after | exit")
    runs = []
    for i in range(args.repeat):
        r = run_suite(args.pytest_args)
        runs.append(r)
        print(f"{i + 1} | {r.wall:.1f} | {r.cpu:.1f} ({r.user:.1f} + {r.system:.1f}) | "
              f"{r.load_before:.2f} -> {r.load_after:.2f} | {r.exit_code}", flush=True)
    best = min(runs, key=lambda r: r.wall)
    print(f"fastest: {best.wall:.1f} s wall, {best.cpu:.1f} s CPU")
    return max(r.exit_code for r in runs)


if __name__ == "__main__":
    sys.exit(main())
