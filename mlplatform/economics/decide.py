"""The weighted cloud-choice matrix the platform was designed from: score 1-5 per dimension, weight 1-5, sum.

Defaults are the design's (weight; AWS, GCP, Azure). A YAML file may override any weight and any score::

    weights:
      custom-accelerators: 5
    scores:
      azure: {enterprise-compliance: 5, gpu-availability: 5}

It is validated like a blueprint: every problem at once, each with its path (``scores.azure.gpu``), the value
and what is allowed. Optionally this blueprint's catalog cost per cloud is folded in as an extra dimension,
labelled as such: the cheapest cloud scores 5, the others 5 x cheapest / theirs (half up, at least 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any

from components.spec import Cloud
from components.spec.errors import BlueprintError, Problem, show

WHERE = "decision weights"
COST_KEY = "blueprint-cost"
CLOUDS = (Cloud.AWS, Cloud.GCP, Cloud.AZURE)


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    weight: int
    scores: Mapping[Cloud, int]


def _dim(key: str, title: str, weight: int, aws: int, gcp: int, azure: int) -> Dimension:
    return Dimension(key, title, weight, MappingProxyType({Cloud.AWS: aws, Cloud.GCP: gcp, Cloud.AZURE: azure}))


DEFAULTS: tuple[Dimension, ...] = (
    _dim("gpu-availability", "GPU availability and variety", 5, 5, 5, 4),
    _dim("custom-accelerators", "Custom accelerators (TPU / Trainium)", 3, 4, 5, 2),
    _dim("managed-ml-platform", "Managed ML platform maturity", 4, 5, 4, 4),
    _dim("kubernetes-native", "Kubernetes-native workflows", 4, 4, 5, 4),
    _dim("enterprise-compliance", "Enterprise compliance and hybrid", 3, 4, 3, 5),
    _dim("spot-and-cost-tools", "Spot pricing and cost tools", 4, 5, 4, 4),
    _dim("data-analytics", "Data and analytics integration", 3, 4, 5, 4),
    _dim("open-source-ecosystem", "Open-source ecosystem", 3, 4, 5, 3),
)

PATTERNS: Mapping[Cloud, str] = MappingProxyType({
    Cloud.AWS: "the broadest GPU catalogue and managed ML tooling",
    Cloud.GCP: "TPUs and JAX / TensorFlow",
    Cloud.AZURE: "a Microsoft-centric or hybrid estate",
})
"""When each cloud is the usual pick, whatever the totals."""


def _score(value: object, path: str, problems: list[Problem]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        problems.append(Problem(path, f"{show(value)} must be a whole number from 1 to 5"))
        return None
    return value


def _mapping(value: object, path: str, problems: list[Problem]) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.append(Problem(path, f"expected a mapping; got {show(value)}"))
        return {}
    return value


def load_weights(data: object, source: str = "") -> tuple[Dimension, ...]:
    """The defaults with ``data``'s overrides; raises BlueprintError listing every problem with its path."""
    problems: list[Problem] = []
    keys = [d.key for d in DEFAULTS]
    doc = _mapping(data, "(top level)", problems)
    for key in doc:
        if key not in ("weights", "scores"):
            problems.append(Problem(str(key), "unknown key; allowed: weights, scores"))
    weights: dict[str, int] = {}
    for key, value in _mapping(doc.get("weights"), "weights", problems).items():
        if key not in keys:
            problems.append(Problem(f"weights.{key}", f"unknown dimension; dimensions: {', '.join(keys)}"))
        elif (weight := _score(value, f"weights.{key}", problems)) is not None:
            weights[key] = weight
    scores: dict[tuple[Cloud, str], int] = {}
    for cloud_key, by_dim in _mapping(doc.get("scores"), "scores", problems).items():
        if cloud_key not in [c.value for c in CLOUDS]:
            problems.append(Problem(f"scores.{cloud_key}", "unknown cloud; clouds: aws, gcp, azure"))
            continue
        for key, value in _mapping(by_dim, f"scores.{cloud_key}", problems).items():
            if key not in keys:
                where = f"scores.{cloud_key}.{key}"
                problems.append(Problem(where, f"unknown dimension; dimensions: {', '.join(keys)}"))
            elif (score := _score(value, f"scores.{cloud_key}.{key}", problems)) is not None:
                scores[(Cloud(cloud_key), key)] = score
    if problems:
        raise BlueprintError(problems, where=WHERE, source=source)
    return tuple(
        Dimension(d.key, d.title, weights.get(d.key, d.weight),
                  MappingProxyType({c: scores.get((c, d.key), d.scores[c]) for c in CLOUDS}))
        for d in DEFAULTS
    )


def cost_dimension(full_usd_per_hour: Mapping[Cloud, float], weight: int, what: str) -> Dimension:
    """This blueprint's catalog cost as an extra, labelled dimension: cheapest 5, others 5 x cheapest / theirs."""
    cheapest = min(full_usd_per_hour.values())
    scores = {c: max(1, int(5 * cheapest / cost + 0.5)) if cost > 0 else 5 for c, cost in full_usd_per_hour.items()}
    return Dimension(COST_KEY, f"EXTRA, not in the design matrix: {what}", weight,
                     MappingProxyType({c: scores.get(c, 1) for c in CLOUDS}))


@dataclass(frozen=True)
class Ranked:
    cloud: str
    total: int
    pattern: str


@dataclass(frozen=True)
class Decision:
    dimensions: tuple[Dimension, ...]
    ranking: tuple[Ranked, ...]
    recommendation: str

    def to_json(self) -> dict[str, Any]:
        return {
            "dimensions": [{"key": d.key, "title": d.title, "weight": d.weight,
                            "scores": {c.value: s for c, s in d.scores.items()}} for d in self.dimensions],
            "ranking": [asdict(r) for r in self.ranking],
            "recommendation": self.recommendation,
        }


def decide(dimensions: tuple[Dimension, ...]) -> Decision:
    totals = {c: sum(d.weight * d.scores[c] for d in dimensions) for c in CLOUDS}
    order = sorted(CLOUDS, key=lambda c: (-totals[c], CLOUDS.index(c)))
    ranking = tuple(Ranked(c.value, totals[c], PATTERNS[c]) for c in order)
    top = ranking[0]
    tie = [r.cloud for r in ranking if r.total == top.total]
    lead = f"{' and '.join(tie)} tie at {top.total}" if len(tie) > 1 else f"{top.cloud} leads with {top.total}"
    others = "; ".join(f"{r.cloud} for {r.pattern}" for r in ranking if r.cloud != top.cloud)
    text = f"{lead} (weighted sum of 1-5 scores); the usual pick is {top.cloud} for {top.pattern}; {others}"
    return Decision(dimensions, ranking, text)


def rows(decision: Decision) -> list[tuple[str, ...]]:
    """(dimension, weight, weighted score per cloud as "score x weight = n") then the totals."""
    out: list[tuple[str, ...]] = [
        (d.title, str(d.weight), *(f"{d.scores[c]} x {d.weight} = {d.scores[c] * d.weight}" for c in CLOUDS))
        for d in decision.dimensions
    ]
    totals = {r.cloud: r.total for r in decision.ranking}
    out.append(("total", "", *(str(totals[c.value]) for c in CLOUDS)))
    return out
