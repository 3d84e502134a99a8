"""Time and memory of offline renders: each committed stack rendered N times in one process.

Run: python3 -m uv run --frozen python benchmarks/render_stacks.py [--repeat N]
Prints per-stack seconds per render, milliseconds per registration, and the process's peak RSS,
plus the ratio of the last render to the first (a drift well above 1.0 means state leaks between renders).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from mlplatform.render import render
from mlplatform.stackfile import committed_stacks, read_stack_file

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'stack':<12} {'resources':>9} {'s/render':>9} {'ms/resource':>11} {'last/first':>10}")
    for path in committed_stacks(ROOT):
        stack = read_stack_file(path)
        times, count = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            count = len(render(stack))
            times.append(time.perf_counter() - start)
        mean = sum(times) / len(times)
        print(f"{stack.stack:<12} {count:>9} {mean:>9.2f} {1000 * mean / count:>11.1f} {times[-1] / times[0]:>10.2f}")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
