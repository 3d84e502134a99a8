"""Time and memory of offline renders: each committed stack rendered N+1 times in one process.

Run: python3 -m uv run --frozen python benchmarks/render_stacks.py [--repeat N]
Prints per stack the first (cold: includes importing that cloud's SDK) render, the mean of the next N
(warm) renders, warm milliseconds per registered resource, and the ratio of the last warm render to the
first warm one (well above 1.0 would mean state leaking between renders); then the peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from mlplatform.engine.render import render
from mlplatform.engine.stackfile import StackFile, committed_stacks, read_stack_file

ROOT = Path(__file__).resolve().parents[1]


def timed(stack: StackFile) -> tuple[float, int]:
    start = time.perf_counter()
    count = len(render(stack))
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm renders per stack (at least 2)")
    args = parser.parse_args()
    repeat = max(args.repeat, 2)
    print(f"{'stack':<12} {'resources':>9} {'cold s':>7} {'warm s':>7} {'warm ms/res':>11} {'last/first':>10}")
    for path in committed_stacks(ROOT):
        stack = read_stack_file(path)
        cold, count = timed(stack)
        warm = [timed(stack)[0] for _ in range(repeat)]
        mean = sum(warm) / len(warm)
        print(f"{stack.stack:<12} {count:>9} {cold:>7.2f} {mean:>7.2f} {1000 * mean / count:>11.1f} "
              f"{warm[-1] / warm[0]:>10.2f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
