"""One measurement in a fresh process (started by benchmarks/run.py); prints one JSON line.

  probe.py render STACK_FILE   SDK import, render, our own code (validate, plan, cost), peak RSS
  probe.py floor STACK_FILE    the same registrations replayed as bare SDK resources under the same mocks
  probe.py replay-all [--version-aliases]
                               every stack's registrations replayed in one process (the floor of `plan --all`),
                               without (default) or with the provider classes' version aliases
  probe.py breakdown           a cold `plan --all`'s CPU by phase: imports, SDK registration, components,
                               validate/plan/cost, policy packs (import and run)
  probe.py scale CLOUD N       a blueprint with N accelerator pools on CLOUD, rendered

Times are seconds from the start of this process's Python code; `end` is a wall-clock stamp so the
caller can measure interpreter teardown (the process exits normally here, as a plain script would).
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import resource
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

START = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PACKAGES = {"aws": "pulumi_aws", "gcp": "pulumi_gcp", "azure-native": "pulumi_azure_native",
            "kubernetes": "pulumi_kubernetes", "random": "pulumi_random", "time": "pulumiverse_time"}
OUR_MODULES = ("components.platform", "mlplatform.cli", "mlplatform.engine.render")
POLICY_MODULES = ("mlplatform.policy", "mlplatform.policy.packs")
# Kubernetes API groups the SDK has modules for; any other group is a custom resource (RayCluster, ...).
K8S_CUSTOM = "apiextensions"


def sdk_location(type_token: str) -> tuple[str, str]:
    """`aws:eks/nodeGroup:NodeGroup` -> (pulumi_aws.eks, NodeGroup); `pulumi:providers:kubernetes` -> its Provider."""
    package, module, name = type_token.split(":")
    if package == "pulumi" and module == "providers":
        return PACKAGES[name], "Provider"
    if package == "kubernetes" and "." in module.split("/")[0] and not module.startswith("helm.sh"):
        return f"{PACKAGES[package]}.{K8S_CUSTOM}", "CustomResource"
    if module.startswith("index/"):
        return PACKAGES[package], name
    path = module.split("/")[0] if package != "kubernetes" else module.replace("helm.sh", "helm").replace("/", ".")
    return f"{PACKAGES[package]}.{path}", name


def sdk_class(type_token: str) -> Any:
    module, name = sdk_location(type_token)
    return getattr(importlib.import_module(module), name)


def modules_of(types: Iterable[str]) -> list[str]:
    return sorted({sdk_location(t)[0] for t in types if not t.startswith("mlplatform:")})


def snake(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z][a-z])", r"_\1\2", key).lower()


def _param(key: str, accepted: set[str]) -> str:
    """The SDK renames an input that clashes with a constructor argument (`resource_name` -> `resource_name_`)."""
    return f"{key}_" if f"{key}_" in accepted else key


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def stack_types(stack_file: Path) -> list[str]:
    """The type tokens a render of this stack registers (from the cache of a previous run)."""
    cached = json.loads((ROOT / "benchmarks" / ".types.json").read_text())
    return list(cached[stack_file.name])


def our_code(stack: Any) -> float:
    from components.plan import plan_platform
    from components.spec.stackconfig import blueprint_from_stack
    from mlplatform.economics.cost import estimate

    def run() -> None:
        blueprint = blueprint_from_stack(stack.blueprint, lambda ns, key: stack.config.get(f"{ns}:{key}"))
        estimate(plan_platform(blueprint))

    return timed(run)[0]


def probe_render(path: Path) -> dict[str, Any]:
    from mlplatform.engine.stackfile import read_stack_file

    stack = read_stack_file(path)
    modules = modules_of(stack_types(path))
    sdk_import = timed(lambda: [importlib.import_module(m) for m in ["pulumi", *modules]])[0]
    from mlplatform.engine.render import render

    render_s, inventory = timed(lambda: render(stack))
    return {"stack": stack.stack, "resources": len(inventory), "sdk_import": sdk_import, "render": render_s,
            "our_code": our_code(stack)}


def probe_floor(path: Path) -> dict[str, Any]:
    """Replay the recorded registrations as the SDK's own classes (with their alias specs), no components."""
    from mlplatform.engine.stackfile import read_stack_file

    stack = read_stack_file(path)
    doc = recorded(path)
    modules = modules_of(r["type"] for r in doc["resources"])
    sdk_import = timed(lambda: [importlib.import_module(m) for m in ["pulumi", *modules]])[0]
    render_s, dropped = timed(lambda: replay(stack, doc, version_aliases=True))
    return {"stack": stack.stack, "resources": len(doc["resources"]), "sdk_import": sdk_import, "render": render_s,
            "dropped_inputs": dropped}


def recorded(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((ROOT / "benchmarks" / ".inventories" / f"{path.name}.json").read_text())
    return doc


def replay(stack: Any, doc: dict[str, Any], *, version_aliases: bool) -> int:
    """Register the inventory's resources as bare SDK classes under the engine's mocks; the inputs dropped."""
    from contextlib import nullcontext

    import pulumi
    from pulumi.runtime.stack import run_pulumi_func
    from pulumi.runtime.sync_await import _sync_await

    from mlplatform.engine.aliases import without_version_aliases
    from mlplatform.engine.mocks import install_mocks
    from mlplatform.engine.render import _close_loop

    install_mocks(stack.project, stack.stack, stack.engine_config())
    made: dict[str, Any] = {}
    dropped = 0

    def run() -> None:
        nonlocal dropped
        for res in sorted(doc["resources"], key=lambda r: r["urn"].count("$")):
            parent = made.get(res["parent"])
            provider = made.get(next((u for u in made if u.endswith("::" + res["provider"])), "")) \
                if res["provider"] else None
            opts = pulumi.ResourceOptions(parent=parent, provider=provider, protect=res["options"]["protect"])
            if not res["custom"]:
                made[res["urn"]] = pulumi.ComponentResource(res["type"], res["name"], None, opts)
                continue
            cls = sdk_class(res["type"])
            if not hasattr(cls, "_internal_init"):  # a custom resource: apiVersion and kind, then its fields
                inputs = dict(res["inputs"])
                made[res["urn"]] = cls(res["name"], inputs.pop("apiVersion"), inputs.pop("kind"),
                                       inputs.pop("metadata", None), opts, **inputs)
                continue
            accepted = set(inspect.signature(cls._internal_init).parameters)
            kwargs = {_param(snake(k), accepted): v for k, v in res["inputs"].items()}
            dropped += sum(1 for k in kwargs if k not in accepted)
            made[res["urn"]] = cls(res["name"], opts=opts, **{k: v for k, v in kwargs.items() if k in accepted})

    try:
        with nullcontext() if version_aliases else without_version_aliases():
            _sync_await(run_pulumi_func(run))
    finally:
        _close_loop()
    return dropped


def probe_replay_all(version_aliases: bool) -> dict[str, Any]:
    """Every committed stack replayed in this one process, as `plan --all --jobs 1` renders them."""
    from mlplatform.engine.stackfile import committed_stacks, read_stack_file

    paths = committed_stacks(ROOT)
    docs = {p: recorded(p) for p in paths}
    for module in ["pulumi", *modules_of(r["type"] for d in docs.values() for r in d["resources"])]:
        importlib.import_module(module)
    for path in paths:
        replay(read_stack_file(path), docs[path], version_aliases=version_aliases)
    return {"stacks": len(paths), "resources": sum(len(d["resources"]) for d in docs.values())}


def probe_breakdown() -> dict[str, Any]:
    """Where a cold `plan --all --jobs 1` spends its CPU, phase by phase in one process (process time, s).

    The renders run twice: the first pass is what `plan` pays; the second, warm, is set against the bare replay
    (warm too), so `first_use` + `sdk_registration` + `components` is the first pass.
    """
    paths = sorted((ROOT / "stacks").glob("Pulumi.*.yaml"))
    docs = {p: recorded(p) for p in paths}
    modules = ["pulumi", *modules_of(r["type"] for d in docs.values() for r in d["resources"])]
    out: dict[str, Any] = {}

    def phase(name: str, action: Callable[[], Any]) -> Any:
        started = time.process_time()
        result = action()
        out[name] = time.process_time() - started
        return result

    phase("import_sdk", lambda: [importlib.import_module(m) for m in modules])
    phase("import_ours", lambda: [importlib.import_module(m) for m in OUR_MODULES])
    from mlplatform.engine.render import render
    from mlplatform.engine.stackfile import read_stack_file

    stacks = [read_stack_file(p) for p in paths]
    inventories = phase("render_first", lambda: [render(s) for s in stacks])
    # a second pass, warm: the bare replay against the same render; the difference is our components
    phase("sdk_registration", lambda: [
        replay(s, docs[p], version_aliases=False) for s, p in zip(stacks, paths, strict=True)
    ])
    phase("render", lambda: [render(s) for s in stacks])
    out["first_use"] = out["render_first"] - out["render"]  # lazy SDK imports, first construction of each class
    out["components"] = out["render"] - out["sdk_registration"]
    out["validate_plan_cost"] = sum(our_code(s) for s in stacks)
    phase("import_policy_packs", lambda: [importlib.import_module(m) for m in POLICY_MODULES])
    from mlplatform.policy import run_packs
    from mlplatform.policy.packs import PACKS

    phase("run_policy_packs", lambda: [
        run_packs(PACKS, i, s.project, s.config) for s, i in zip(stacks, inventories, strict=True)
    ])
    out["resources"] = sum(len(i) for i in inventories)
    return out


def probe_scale(cloud: str, pools: int) -> dict[str, Any]:
    import yaml

    from mlplatform.engine.render import render
    from mlplatform.engine.stackfile import read_stack_file

    doc = yaml.safe_load((ROOT / "stacks" / f"Pulumi.{cloud}-dev.yaml").read_text())
    blueprint = doc["config"]["mlplatform:blueprint"]
    template = blueprint["nodePools"][0]
    blueprint["nodePools"] = [{**template, "name": f"p{i}"} for i in range(pools)]
    blueprint["services"]["ray"]["workers"] = [{"pool": f"p{i}", "maxWorkers": 1} for i in range(pools)]
    blueprint.pop("budget", None)
    if cloud == "aws":  # past EKS's default 30 managed node groups a real account has raised its quota
        blueprint["cluster"]["nodePoolQuota"] = pools + 1
    folder = ROOT / "benchmarks" / ".scale"
    folder.mkdir(exist_ok=True)
    path = folder / f"Pulumi.{cloud}-scale{pools}.yaml"
    path.write_text(yaml.safe_dump(doc))
    render_s, inventory = timed(lambda: render(read_stack_file(path)))
    return {"cloud": cloud, "pools": pools, "resources": len(inventory), "render": render_s}


def main() -> None:
    mode, *args = sys.argv[1:]
    if mode == "render":
        out = probe_render(Path(args[0]))
    elif mode == "floor":
        out = probe_floor(Path(args[0]))
    elif mode == "replay-all":
        out = probe_replay_all(version_aliases=args == ["--version-aliases"])
    elif mode == "breakdown":
        out = probe_breakdown()
    else:
        out = probe_scale(args[0], int(args[1]))
    out["total"] = time.perf_counter() - START
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["end"] = time.time()
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
