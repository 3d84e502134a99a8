"""A real client of the policy runtime: each pack served by `pulumi_policy`'s own analyzer server, called as the
engine calls it, with the protobuf stubs that ship in the pulumi SDK.

How the engine runs a Python pack (pulumi/pulumi `sdk/go/common/resource/plugin/analyzer_plugin.go`,
`constructEnv`): it starts the pack program (`python <pack folder>`, the folder's `__main__.py`) with
PULUMI_PROJECT, PULUMI_STACK, PULUMI_DRY_RUN and PULUMI_CONFIG in the environment; `PolicyPack` binds
127.0.0.1:0 and prints the port on stdout (pulumi_policy/policy.py); the engine dials it, calls
GetAnalyzerInfo and Configure (the reconciled config), then Analyze per resource and AnalyzeStack once,
sending unknown values as the string sentinel. The server is loopback only, started with a deadline and
killed at the end.
"""

from __future__ import annotations

import os
import random
import select
import subprocess
import sys
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.policy import args as build
from mlplatform.policy import settings
from policies.pack import Pack

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 120.0  # importing pulumi and the catalog on a loaded 2-core machine
CALL_SECONDS = 30.0
LEVELS = {v: k.lower() for k, v in analyzer_pb2.EnforcementLevel.items()}
UNKNOWN_PREFIX = "can't run policy"

# (policy, level, kind, message, urn): one verdict, as the engine would show it.
Seen = tuple[str, str, str, str, str]


def _struct(value: Mapping[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(build.wire_props(dict(value)))
    return out


def _options(reg: Registration) -> analyzer_pb2.AnalyzerResourceOptions:
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=reg.protect,
        ignoreChanges=list(reg.ignore_changes),
        deleteBeforeReplace=reg.delete_before_replace,
        deleteBeforeReplaceDefined=reg.delete_before_replace,
        aliases=list(reg.aliases),
        parent=reg.parent,
    )


def _provider(reg: Registration | None) -> analyzer_pb2.AnalyzerProviderResource | None:
    if reg is None:
        return None
    return analyzer_pb2.AnalyzerProviderResource(
        urn=reg.urn, type=reg.type, name=reg.name, properties=_struct(reg.inputs)
    )


@dataclass
class Analyzer:
    pack: Pack
    stub: analyzer_pb2_grpc.AnalyzerStub
    configured: analyzer_pb2.ConfigureAnalyzerRequest | None = None

    def info(self) -> analyzer_pb2.AnalyzerInfo:
        return self.stub.GetAnalyzerInfo(empty_pb2.Empty(), timeout=CALL_SECONDS)

    def configure(self, config: Mapping[str, Any] | None) -> None:
        """What the engine sends after reconciling the pack config: every policy's level and properties. The server
        keeps the last configuration it was sent, so the same request again is not re-sent."""
        chosen = settings(self.pack, config)
        request = analyzer_pb2.ConfigureAnalyzerRequest(
            policyConfig={
                name: analyzer_pb2.PolicyConfig(
                    enforcementLevel=analyzer_pb2.EnforcementLevel.Value(s.level.value.upper()),
                    properties=_struct(s.config),
                )
                for name, s in chosen.items()
            }
        )
        if request != self.configured:
            self.stub.Configure(request, timeout=CALL_SECONDS)
            self.configured = request

    def analyze(
        self,
        inventory: Inventory,
        project: str,
        stack_config: Mapping[str, Any],
        seed: int,
        only: Collection[str] | None = None,
    ) -> list[Seen]:
        """Analyze each resource (or those of the URNs in ``only``), then AnalyzeStack with every resource
        shuffled by ``seed`` (the engine fixes no order, so a stack policy's messages must not depend on it)."""
        by_name = {r.name: r for r in inventory if r.type.startswith(build.PROVIDER_TYPE)}
        defaults = build.default_providers(inventory, project, stack_config)
        regs = [*defaults.values(), *inventory.registrations]
        providers = {r.urn: _provider(_provider_reg(r, by_name, defaults)) for r in regs}
        seen: list[Seen] = []
        for reg in regs if only is None else [r for r in regs if r.urn in only]:
            request = analyzer_pb2.AnalyzeRequest(
                type=reg.type, properties=_struct(reg.inputs), urn=reg.urn, name=reg.name,
                options=_options(reg), provider=providers[reg.urn],
            )
            seen += _diagnostics(self.stub.Analyze(request, timeout=CALL_SECONDS), reg.urn)
        ordered = list(regs)
        random.Random(seed).shuffle(ordered)
        resources = [
            analyzer_pb2.AnalyzerResource(
                type=r.type, properties=_struct(r.inputs), urn=r.urn, name=r.name, options=_options(r),
                provider=providers[r.urn], parent=r.parent, dependencies=list(r.dependencies),
                propertyDependencies={
                    k: analyzer_pb2.AnalyzerPropertyDependencies(urns=list(v))
                    for k, v in r.property_dependencies.items()
                },
            )
            for r in ordered
        ]
        stack = self.stub.AnalyzeStack(analyzer_pb2.AnalyzeStackRequest(resources=resources), timeout=CALL_SECONDS)
        return sorted(seen + _diagnostics(stack, ""))


def _provider_reg(
    reg: Registration, by_name: Mapping[str, Registration], defaults: Mapping[str, Registration]
) -> Registration | None:
    if reg.type.startswith(build.PROVIDER_TYPE):
        return None
    return by_name.get(reg.provider) if reg.provider else defaults.get(reg.type.split(":")[0])


def _diagnostics(response: analyzer_pb2.AnalyzeResponse, analyzed: str) -> list[Seen]:
    out = []
    for d in response.diagnostics:
        unknown = d.message.startswith(UNKNOWN_PREFIX)
        # A violation's message is the policy's description, a newline, then what the rule reported.
        message = d.message if unknown else d.message.split("\n", 1)[1]
        out.append((d.policyName, LEVELS[d.enforcementLevel], "unknown" if unknown else "violation", message,
                    d.urn or analyzed))
    return out


def _read_port(process: subprocess.Popen[bytes], deadline: float) -> int:
    assert process.stdout is not None
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or process.poll() is not None:
            raise RuntimeError(f"the analyzer printed no port (exit {process.poll()}): {line!r}")
        ready, _, _ = select.select([process.stdout], [], [], left)
        if ready:
            line += os.read(process.stdout.fileno(), 64)
    return int(line.strip())


@contextmanager
def serve(pack: Pack, stack: str = "synthetic", project: str = "mlplatform") -> Iterator[Analyzer]:
    """The pack's program under its real analyzer server; stopped (then killed) on exit."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),  # this checkout's packs, ahead of the copy installed in the venv
        "PULUMI_PROJECT": project,
        "PULUMI_STACK": stack,
        "PULUMI_DRY_RUN": "true",
    }
    process = subprocess.Popen(
        [sys.executable, str(pack.path)], cwd=pack.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    channel: grpc.Channel | None = None
    try:
        port = _read_port(process, time.monotonic() + START_SECONDS)
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(channel).result(timeout=CALL_SECONDS)
        yield Analyzer(pack, analyzer_pb2_grpc.AnalyzerStub(channel))
    finally:
        if channel is not None:
            channel.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def runner_seen(verdicts: Sequence[Any]) -> list[Seen]:
    return sorted((v.policy, v.level, v.kind, v.message, v.urn) for v in verdicts)
