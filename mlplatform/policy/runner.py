"""Run the packs on a rendered inventory the way the engine runs them during `pulumi preview`.

Per pack: the config is reconciled like the CLI does (schema defaults, then `all`, then per-policy values and
enforcement levels); every registration goes to each enabled resource policy (`Analyze`), then the whole
stack to each stack policy (`AnalyzeStack`). A value unknown at preview ends that policy's run on that
resource with an advisory "unknown" verdict, as the SDK's servicer reports it. `PolicyPack` is never built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationPolicy,
    StackValidationPolicy,
)
from pulumi_policy.policy import _NotApplicableError
from pulumi_policy.proxy import UnknownValueError

from mlplatform.engine.inventory import Inventory, Registration
from mlplatform.policy import args as build
from mlplatform.policy.config import PolicyConfigError as PolicyConfigError
from mlplatform.policy.config import PolicySettings, pack_version, reconcile
from policies.pack import Pack

# The version a Python pack's servicer names in its own messages: `PolicyPack` always sends "0.0.1" and the engine
# shows PulumiPolicy.yaml's version beside the message, not inside it (pulumi_policy/policy.py, PolicyPack).
SDK_PACK_VERSION = "0.0.1"


@dataclass(frozen=True)
class Verdict:
    pack: str
    policy: str
    level: str  # mandatory | advisory
    kind: str  # violation | unknown
    message: str
    urn: str = ""  # empty: the stack as a whole

    @property
    def resource(self) -> str:
        return self.urn.rsplit("::", 1)[-1] if self.urn else "(stack)"

    @property
    def blocking(self) -> bool:
        return self.kind == "violation" and self.level == EnforcementLevel.MANDATORY.value


@dataclass
class StackVerdicts:
    stack: str
    verdicts: list[Verdict] = field(default_factory=list)
    policies_run: int = 0
    view: str = "update"  # update (`pulumi up`), preview (a first `pulumi preview`), or export (a saved inventory)

    @property
    def title(self) -> str:
        return self.stack if self.view == "update" else f"{self.stack} ({self.view})"

    @property
    def mandatory(self) -> int:
        return sum(v.blocking for v in self.verdicts)

    @property
    def advisory(self) -> int:
        return sum(v.kind == "violation" and not v.blocking for v in self.verdicts)

    @property
    def unknown(self) -> int:
        return sum(v.kind == "unknown" for v in self.verdicts)

    def summary(self) -> str:
        verdict = "FAIL" if self.mandatory else "pass"
        return (
            f"{verdict}: {self.mandatory} mandatory, {self.advisory} advisory, {self.unknown} unknown "
            f"({self.policies_run} policies)"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "view": self.view,
            "summary": self.summary(),
            "mandatory": self.mandatory,
            "advisory": self.advisory,
            "unknown": self.unknown,
            "verdicts": [asdict(v) | {"resource": v.resource} for v in self.verdicts],
        }


def settings(pack: Pack, config: Mapping[str, Any] | None = None) -> Mapping[str, PolicySettings]:
    """Each policy's level and config as the engine reconciles them (see `mlplatform.policy.config`)."""
    return reconcile(pack, config, pack_version(pack.path)).settings


@dataclass(frozen=True)
class Prepared:
    """What every policy of every pack reads of one stack, built once: registrations (default providers first),
    each one's provider, its inputs as the SDK's proxy and its options, and the stack's resources linked for the
    stack policies.

    The SDK's servicer builds all of these afresh per policy; sharing them is the same as long as no policy writes
    to its args, which `tests/policies/test_shared_bags.py` checks on every committed stack.
    """

    registrations: tuple[Registration, ...]
    providers: Mapping[str, PolicyProviderResource | None]
    props: Mapping[str, Mapping[str, Any]]
    options: Mapping[str, PolicyResourceOptions]
    resources: tuple[PolicyResource, ...]

    @classmethod
    def of(cls, inventory: Inventory, project: str, stack_config: Mapping[str, Any]) -> Prepared:
        by_name = {r.name: r for r in inventory if r.type.startswith(build.PROVIDER_TYPE)}
        defaults = build.default_providers(inventory, project, stack_config)
        registrations = (*defaults.values(), *inventory.registrations)
        providers = {r.urn: build.provider_of(r, by_name, defaults) for r in registrations}
        props = {r.urn: build.proxied(r.inputs) for r in registrations}
        options = {r.urn: build.options(r) for r in registrations}
        linked = build.linked(registrations, providers, props, options)
        return cls(registrations, providers, props, options, tuple(linked))


def run_pack(
    pack: Pack,
    inventory: Inventory,
    project: str,
    stack_config: Mapping[str, Any],
    pack_config: Mapping[str, Any] | None = None,
    prepared: Prepared | None = None,
) -> StackVerdicts:
    configured = settings(pack, pack_config)
    ready = prepared or Prepared.of(inventory, project, stack_config)
    result = StackVerdicts(stack=inventory.stack)
    stack_tags: Mapping[str, str] = {}
    for policy in pack.policies:
        chosen = configured[policy.name]
        if chosen.level is EnforcementLevel.DISABLED:
            continue
        result.policies_run += 1
        shown = EnforcementLevel.MANDATORY if chosen.level is EnforcementLevel.REMEDIATE else chosen.level
        if isinstance(policy, ResourceValidationPolicy):
            for reg in ready.registrations:
                bag = build.resource_args(reg, ready.providers[reg.urn], chosen.config, stack_tags,
                                          ready.props[reg.urn], ready.options[reg.urn])
                _run(pack, policy, shown, reg.urn, partial(policy.validate, bag), result)
        elif isinstance(policy, StackValidationPolicy):
            whole = build.whole_stack(ready.resources, chosen.config, stack_tags)
            _run(pack, policy, shown, "", partial(policy.validate, whole), result)
    return result


def run_packs(
    packs: Sequence[Pack],
    inventory: Inventory,
    project: str,
    stack_config: Mapping[str, Any],
    configs: Mapping[str, Mapping[str, Any]] | None = None,
) -> StackVerdicts:
    result = StackVerdicts(stack=inventory.stack)
    ready = Prepared.of(inventory, project, stack_config)
    for pack in packs:
        ran = run_pack(pack, inventory, project, stack_config, (configs or {}).get(pack.name), ready)
        result.verdicts += ran.verdicts
        result.policies_run += ran.policies_run
    return result


def _run(
    pack: Pack,
    policy: Policy,
    shown: EnforcementLevel,
    urn: str,
    validate: Callable[[Callable[[str, str | None], None]], Any],
    result: StackVerdicts,
) -> None:
    def report(message: str, at: str | None = None) -> None:
        target = urn or (at or "")
        result.verdicts.append(Verdict(pack.name, policy.name, shown.value, "violation", message, target))

    try:
        outcome = validate(report)
        if outcome is not None:
            raise TypeError(f"policy {policy.name!r} returned an awaitable; these packs validate synchronously")
    except UnknownValueError as exc:
        message = (
            f"can't run policy '{policy.name}' from policy pack '{pack.name}@v{SDK_PACK_VERSION}' during preview: "
            f"{exc.message}"
        )
        advisory = EnforcementLevel.ADVISORY.value
        result.verdicts.append(Verdict(pack.name, policy.name, advisory, "unknown", message, urn))
    except _NotApplicableError:
        pass
