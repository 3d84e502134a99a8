"""`mlplatform policy` returns what the packs themselves return under the engine.

Each pack runs under `pulumi_policy`'s own analyzer server, started as the engine starts it and called over gRPC
with the SDK's protobuf stubs (tests/policies/analyzer.py); the runner's verdicts must be the server's on every
committed stack in both views (update, first preview), on every synthetic case of the rule tables, and with the
stack's resources sent in another order (the engine fixes none, so stack messages must not depend on it). One
server per pack per xdist worker for the whole session (a worker runs one test at a time, so a server is never
configured by two tests at once); each is stopped when the session ends. Every synthetic case is a test of its own,
so the cases spread over the workers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

import pytest
from pulumi_policy import StackValidationPolicy

from mlplatform.engine.inventory import Inventory
from mlplatform.policy import run_pack, run_packs
from mlplatform.policy.packs import PACKS
from tests.engine.conftest import rendered  # noqa: F401 - the session's shared renders
from tests.engine.stacks import Rendered, SessionRenders
from tests.policies import test_every_rule
from tests.policies.analyzer import Analyzer, runner_seen, serve
from tests.policies.synthetic import CONFIG, DROP, PROJECT, inventory, mutated
from tests.policies.test_budget_ceilings import FULL, dev_full, platform, with_platform
from tests.policies.test_committed_stacks import STACKS, expected_verdicts

MODULES = test_every_rule.CASE_MODULES


@pytest.fixture(scope="session")
def analyzers() -> Iterator[dict[str, Analyzer]]:
    with serve(PACKS[0]) as first, serve(PACKS[1]) as second:
        yield {first.pack.name: first, second.pack.name: second}


@pytest.fixture(scope="session")
def previews(rendered: SessionRenders) -> Mapping[str, Inventory]:  # noqa: F811
    """A first `pulumi preview` of each committed stack (computed values unknown), rendered once per session."""
    return {name: rendered.inventory(name, preview=True) for name in STACKS}


def _same(
    analyzer: Analyzer,
    inv: Inventory,
    project: str,
    config: Mapping[str, Any],
    pack_config: Any,
    seed: int,
    only: Collection[str] | None = None,
) -> None:
    """The server's verdicts equal the runner's; with ``only``, Analyze is called for those URNs alone and the
    runner's resource-policy verdicts on other resources are left out (AnalyzeStack always sees the whole stack)."""
    analyzer.configure(pack_config)
    served = analyzer.analyze(inv, project, config, seed, only)
    stack_policies = {p.name for p in analyzer.pack.policies if isinstance(p, StackValidationPolicy)}
    verdicts = run_pack(analyzer.pack, inv, project, config, pack_config).verdicts
    ours = runner_seen([v for v in verdicts if only is None or v.policy in stack_policies or v.urn in only])
    assert ours == served


def test_the_servers_serve_the_packs_policies_with_their_levels(analyzers: dict[str, Analyzer]) -> None:
    for pack in PACKS:
        info = analyzers[pack.name].info()
        assert info.name == pack.name and info.supportsConfig
        assert [(p.name, p.enforcementLevel) for p in info.policies] == [
            (p.name, 0 if p.enforcement_level.value == "advisory" else 1)  # type: ignore[union-attr]
            for p in pack.policies
        ]


@pytest.mark.parametrize("stack", STACKS)
def test_committed_stacks_in_both_views(
    analyzers: dict[str, Analyzer],
    rendered: Mapping[str, Rendered],  # noqa: F811
    previews: Mapping[str, Inventory],
    stack: str,
) -> None:
    """The preview view sends Analyze only for what it changes: resources whose inputs hold unknowns (or whose
    provider does); the others are the update view's requests again (Analyze is stateless per request)."""
    r = rendered[stack]
    update, preview = r.inventory, previews[stack]
    for pack in PACKS:
        _same(analyzers[pack.name], update, r.stack.project, r.stack.config, None, 0)
    edited = _edited(update, preview)
    assert edited  # a first preview leaves computed values unknown on some resources
    for pack in PACKS:
        _same(analyzers[pack.name], preview, r.stack.project, r.stack.config, None, 1, edited)


def _edited(base: Inventory, inv: Inventory) -> set[str]:
    """URNs of ``inv`` whose Analyze request differs from ``base``'s: the registration or its provider changed."""
    before = {r.urn: r for r in base}
    changed = {r.name for r in inv if before.get(r.urn) != r}
    return {r.urn for r in inv if r.name in changed or r.provider in changed}


@pytest.mark.parametrize("stack", STACKS)
def test_a_first_preview_of_each_committed_stack_is_decided_by_every_mandatory_rule(
    rendered: Mapping[str, Rendered],  # noqa: F811
    previews: Mapping[str, Inventory],
    stack: str,
) -> None:
    """Nothing a mandatory rule reads is left unknown: a first deploy is gated like every later one."""
    r = rendered[stack]
    result = run_packs(PACKS, previews[stack], r.stack.project, r.stack.config)
    assert [(v.policy, v.resource, v.kind, v.level) for v in result.verdicts] == expected_verdicts(
        stack, r.inventory
    )
    assert result.unknown == 0


# (name, changes, pack configs, protect, packs): a case goes to the packs its expected verdicts or its config name
Case = tuple[str, Any, Any, Any, frozenset[str]]


def _packs_of(module: Any, case: str, configs: Any) -> frozenset[str]:
    """The packs a clause case is about: those of the rules it expects, or whose config it sets; a case expecting no
    verdict at all (a boundary on its passing side) goes to every pack its module's cases name."""
    named = {test_every_rule.PACK_OF[v[0]] for v in module.EXPECTED.get(case, ())} | set(configs or ())
    if named:
        return frozenset(named)
    return frozenset(
        {test_every_rule.PACK_OF[v[0]] for cases in module.EXPECTED.values() for v in cases}
        | {pack for raw in module.CASES.values() if not isinstance(raw, dict) for pack in (raw[1] or ())}
    )


def _synthetic_cases() -> list[Case]:
    out: list[Case] = []
    for module in MODULES:
        for case, raw in module.CASES.items():
            changes, config, protect = (raw, None, None) if isinstance(raw, dict) else (*raw, None, None)[:3]
            name = f"{module.__name__.rsplit('.', 1)[-1]}:{case}"
            out.append((name, changes, config, protect, _packs_of(module, case, config)))
    for rule, (resource, path) in test_every_rule.UNKNOWNS.items():
        pack = frozenset({test_every_rule.PACK_OF[rule]})
        out.append((f"unknown:{rule}", mutated(resource, (path, "[unknown]")), None, None, pack))
    for rule, cases in test_every_rule.REFERENCES.items():
        pack = frozenset({test_every_rule.PACK_OF[rule]})
        for resource, path in cases:
            out.append((f"reference:{rule}:{resource}", mutated(resource, (path, "[unknown]")), None, None, pack))
            out.append((f"missing:{rule}:{resource}", mutated(resource, (path, DROP)), None, None, pack))
    return out


SYNTHETIC = _synthetic_cases()


def test_the_synthetic_cases_cover_every_clause_unknown_and_reference() -> None:
    assert len(SYNTHETIC) > 150  # every clause case, unknown value, reference and missing reference
    assert len({name for name, *_ in SYNTHETIC}) == len(SYNTHETIC)
    assert all(packs and packs <= {p.name for p in PACKS} for *_, packs in SYNTHETIC)
    assert {p.name for p in PACKS} == {pack for *_, packs in SYNTHETIC for pack in packs}  # every pack gets cases


def test_the_unchanged_synthetic_stack(analyzers: dict[str, Analyzer]) -> None:
    """Every resource of the synthetic stack through the server, for each pack: the base the cases below edit."""
    for pack in PACKS:
        _same(analyzers[pack.name], inventory(), PROJECT, CONFIG, None, 0)


@pytest.mark.parametrize(("index", "case"), list(enumerate(SYNTHETIC)), ids=[name for name, *_ in SYNTHETIC])
def test_every_synthetic_case(analyzers: dict[str, Analyzer], index: int, case: Case) -> None:
    """For each pack the case is about, one server round trip for each resource the case edits and one for the
    stack; ``index`` seeds the stack's order. Analyze is stateless per request (pulumi_policy's servicer reads only
    the request and the configured levels), so under the default config the resources the case leaves as they are
    (with their provider) give the verdicts `test_the_unchanged_synthetic_stack` compared; a case with its own config
    sends every resource. A case skips the packs it is not about: the arguments both sides build do not depend on the
    pack (the runner builds one bag per resource for every pack, the servicer deserializes each request the same way
    whichever pack serves it), so another pack would only run its rules on an edit no expectation names."""
    _, changes, configs, protect, packs = case
    inv = inventory(changes, protect)
    edited = None if configs else _edited(inventory(), inv)
    for pack in (p for p in PACKS if p.name in packs):
        try:
            _same(analyzers[pack.name], inv, PROJECT, CONFIG, (configs or {}).get(pack.name), index, edited)
        except AssertionError as exc:
            raise AssertionError(f"{pack.name}: {exc}") from None


def test_the_blueprint_budget_and_environment_on_the_platform_component(analyzers: dict[str, Analyzer]) -> None:
    """The Platform component's registered budget and environment (tests/policies/test_budget_ceilings.py): over,
    at and under the budget, unknown, and the environment's ceiling with and without a budget."""
    limit = round(FULL - 0.01, 2)
    cases = [
        (platform(budget=limit), None),
        (platform(budget=FULL), None),
        (platform(budget="[unknown]"), None),
        (platform("dev"), dev_full(limit)),
        (platform("prod"), dev_full(limit)),
        (platform("dev", budget=10_000.0), dev_full(limit)),
    ]
    for index, (component, configs) in enumerate(cases):
        inv = with_platform(component)
        for pack in PACKS:
            _same(analyzers[pack.name], inv, PROJECT, CONFIG, (configs or {}).get(pack.name), index)
