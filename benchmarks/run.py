"""Benchmarks of the offline engine, printed (never asserted): python3 benchmarks/run.py [--repeat N] [--jobs N]

0. Cold `plan --all` (one process) against the bare replay of the same registrations in one process, without
   and with the provider classes' version aliases: wall and CPU ratios; then its CPU by phase (imports, SDK
   registration, our components, validate/plan/cost, the policy packs' import and run).

1. Per stack, cold (a new process each): SDK import, render, our own code (validate, plan, cost),
   interpreter teardown, wall time and peak memory; medians of --repeat runs.
2. The SDK floor: the same registrations replayed as the SDK's own resource classes (with their alias
   specs), no components, under the same mocks; tool / floor ratios.
3. The CLI end to end: `plan --all` sequential cold, parallel cold, cached; `diff --all` against an
   unchanged base (HEAD: commit first) from an empty cache, without the cache, and cached; wall time and
   the peak RSS of the largest process.
4. Scaling: 20, 100 and 200 accelerator pools per cloud (Azure 20, 50, 99: AKS's ceiling): render time,
   time per pool, the largest/smallest time ratio against the linear one, peak memory.

Uses a temporary render cache (never the user's). Run it on a quiet machine; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "benchmarks" / "probe.py"
CLI = [sys.executable, "-m", "mlplatform"]
MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
           "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
           "ru = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(time.perf_counter() - t, ru.ru_maxrss / 1024, code, ru.ru_utime + ru.ru_stime)")
SCALES = (20, 100, 200)
# AKS allows 100 node pools a cluster, the system pool among them (components/catalog limits): 99 accelerator pools.
CLOUD_SCALES = {"aws": SCALES, "gcp": SCALES, "azure": (20, 50, 99)}
CLOUDS = ("aws", "gcp", "azure")


def stacks() -> list[Path]:
    return sorted((ROOT / "stacks").glob("Pulumi.*.yaml"))


def measured(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB, largest process) and CPU seconds (all its processes) of a command."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, env=env,
                         cwd=ROOT, check=True).stdout.split()
    if out[2] not in ("0", "1"):
        raise SystemExit(f"{' '.join(argv)} exited {out[2]}")
    return float(out[0]), float(out[1]), float(out[3])


def probe(args: Sequence[str], env: dict[str, str]) -> dict[str, Any]:
    started = time.time()
    done = subprocess.run([sys.executable, str(PROBE), *args], capture_output=True, text=True, env=env, cwd=ROOT)
    finished = time.time()
    if done.returncode != 0:
        raise SystemExit(f"probe {' '.join(args)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["teardown"] = finished - result["end"]
    result["wall"] = finished - started
    return result


def median_probe(args: Sequence[str], env: dict[str, str], repeat: int) -> dict[str, Any]:
    runs = [probe(args, env) for _ in range(repeat)]
    keys = [k for k, v in runs[0].items() if isinstance(v, float) and k != "end"]
    return {**runs[0], **{k: statistics.median(r[k] for r in runs) for k in keys}}


def prepare(env: dict[str, str]) -> None:
    """Record each stack's inventory and type tokens (the probes import exactly those SDK modules)."""
    out = subprocess.run([*CLI, "plan", "--all", "--format", "json", "--no-cache"], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True).stdout
    folder = ROOT / "benchmarks" / ".inventories"
    folder.mkdir(exist_ok=True)
    types = {}
    for report, path in zip(json.loads(out), stacks(), strict=True):
        (folder / f"{path.name}.json").write_text(json.dumps(report["inventory"]))
        types[path.name] = sorted({r["type"] for r in report["inventory"]["resources"]})
    (ROOT / "benchmarks" / ".types.json").write_text(json.dumps(types))


def per_stack(env: dict[str, str], repeat: int) -> None:
    print("\n## 1-2. Per stack, cold (new process each); medians; seconds, MiB")
    print(f"{'stack':<11} {'res':>4} {'import':>7} {'render':>7} {'ours':>6} {'teardown':>8} {'wall':>6} "
          f"{'MiB':>5} | {'floor wall':>10} {'floor render':>12} {'tool/floor':>10}")
    totals = [0.0, 0.0]
    for path in stacks():
        tool = median_probe(["render", str(path)], env, repeat)
        floor = median_probe(["floor", str(path)], env, repeat)
        totals[0] += tool["wall"]
        totals[1] += floor["wall"]
        print(f"{tool['stack']:<11} {tool['resources']:>4} {tool['sdk_import']:>7.2f} {tool['render']:>7.2f} "
              f"{tool['our_code']:>6.3f} {tool['teardown']:>8.2f} {tool['wall']:>6.2f} {tool['peak_rss_mib']:>5.0f} | "
              f"{floor['wall']:>10.2f} {floor['render']:>12.2f} {tool['wall'] / floor['wall']:>10.2f}")
    print(f"{'total':<11} {'':>4} {'':>7} {'':>7} {'':>6} {'':>8} {totals[0]:>6.2f} {'':>5} | {totals[1]:>10.2f} "
          f"{'':>12} {totals[0] / totals[1]:>10.2f}")


def end_to_end(env: dict[str, str], repeat: int, jobs: int) -> None:
    print("\n## 3. The CLI end to end (wall s, peak RSS MiB of the largest process; medians)")
    plan = [*CLI, "plan", "--all", "--format", "json"]
    diff = [*CLI, "diff", "--all", "--base", "HEAD"]
    cases = [  # label, command, warm the cache first (True) or empty it before each run (False)
        ("plan --all, sequential cold (--jobs 1)", [*plan, "--jobs", "1"], False),
        (f"plan --all, parallel cold (--jobs {jobs})", [*plan, "--jobs", str(jobs)], False),
        ("plan --all, cached", plan, True),
        ("diff --all --base HEAD, empty cache", diff, False),
        ("diff --all --base HEAD, both sides --no-cache", [*diff, "--no-cache"], False),
        ("diff --all --base HEAD, cached", diff, True),
    ]
    cache = Path(env["MLPLATFORM_CACHE_DIR"])
    for label, argv, warm in cases:
        if warm:
            measured(argv, env)
        runs = []
        for _ in range(repeat):
            if not warm:
                shutil.rmtree(cache, ignore_errors=True)
            runs.append(measured(argv, env))
        print(f"{label:<42} {statistics.median(r[0] for r in runs):>6.2f} s {max(r[1] for r in runs):>6.0f} MiB")


def against_replay(env: dict[str, str], repeat: int) -> None:
    """Cold `plan --all` (one process) against the bare replay of its registrations, then where its CPU goes."""
    print("\n## 0. Cold plan --all (--jobs 1, --no-cache) against the bare replay in one process; medians")
    cases = {
        "plan": [*CLI, "plan", "--all", "--format", "json", "--no-cache", "--jobs", "1"],
        "replay": [sys.executable, str(PROBE), "replay-all"],
        "replay+aliases": [sys.executable, str(PROBE), "replay-all", "--version-aliases"],
    }
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in cases}
    for _ in range(repeat):  # interleaved, so a busy minute hits every case alike
        for name, argv in cases.items():
            runs[name].append(measured(argv, env))
    wall = {n: statistics.median(r[0] for r in got) for n, got in runs.items()}
    cpu = {n: statistics.median(r[2] for r in got) for n, got in runs.items()}
    for name in cases:
        print(f"{name:<16} wall {wall[name]:>6.2f} s  cpu {cpu[name]:>6.2f} s")
    for base in ("replay", "replay+aliases"):
        print(f"plan / {base:<16} wall {wall['plan'] / wall[base]:>5.2f}  cpu {cpu['plan'] / cpu[base]:>5.2f}")
    phases = probe(["breakdown"], env)
    print("plan --all CPU by phase (one process, s): " + ", ".join(
        f"{k} {phases[k]:.2f}" for k in ("import_sdk", "import_ours", "first_use", "sdk_registration", "components",
                                          "validate_plan_cost", "import_policy_packs", "run_policy_packs")))


def scaling(env: dict[str, str]) -> None:
    print("\n## 4. Scaling: N accelerator pools (render s, ms per pool, peak MiB; largest/smallest time ratio)")
    for cloud in CLOUDS:
        got = {pools: probe(["scale", cloud, str(pools)], env) for pools in CLOUD_SCALES[cloud]}
        cells = [f"{n:>3} pools {g['resources']:>4} res {g['render']:>6.2f} s {1000 * g['render'] / n:>4.0f} ms/pool "
                 f"{g['peak_rss_mib']:>4.0f} MiB" for n, g in got.items()]
        low, high = min(got), max(got)
        ratio = got[high]["render"] / got[low]["render"]
        linear = f"{high}/{low} pools: {ratio:.1f}x time ({high / low:.0f}x is linear)"
        print(f"{cloud:<6} " + " | ".join(cells) + f" | {linear}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--only", choices=["ratio", "stacks", "cli", "scale"], action="append")
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="mlplatform-bench-cache-")
    env = {**os.environ, "MLPLATFORM_CACHE_DIR": cache}
    load = os.getloadavg()
    print(f"# mlplatform benchmarks: {os.cpu_count()} CPUs, load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, "
          f"Python {sys.version.split()[0]}, repeat {args.repeat}")
    try:
        prepare(env)
        only = set(args.only or ["ratio", "stacks", "cli", "scale"])
        if "ratio" in only:
            against_replay(env, args.repeat)
        if "stacks" in only:
            per_stack(env, args.repeat)
        if "cli" in only:
            end_to_end(env, args.repeat, args.jobs)
        if "scale" in only:
            scaling(env)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    load = os.getloadavg()
    print(f"\nload at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
