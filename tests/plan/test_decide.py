"""`mlplatform decide`: the design's weighted matrix exactly, overrides validated like a blueprint, cost labelled."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from components.spec import BlueprintError, Cloud
from mlplatform.cli import app
from mlplatform.economics.decide import COST_KEY, DEFAULTS, cost_dimension, decide, load_weights

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_defaults_are_the_design_matrix() -> None:
    assert [(d.title, d.weight, d.scores[Cloud.AWS], d.scores[Cloud.GCP], d.scores[Cloud.AZURE]) for d in DEFAULTS] == [
        ("GPU availability and variety", 5, 5, 5, 4),
        ("Custom accelerators (TPU / Trainium)", 3, 4, 5, 2),
        ("Managed ML platform maturity", 4, 5, 4, 4),
        ("Kubernetes-native workflows", 4, 4, 5, 4),
        ("Enterprise compliance and hybrid", 3, 4, 3, 5),
        ("Spot pricing and cost tools", 4, 5, 4, 4),
        ("Data and analytics integration", 3, 4, 5, 4),
        ("Open-source ecosystem", 3, 4, 5, 3),
    ]


def test_default_ranking_and_totals() -> None:
    decision = decide(load_weights(None))
    assert [(r.cloud, r.total) for r in decision.ranking] == [("gcp", 131), ("aws", 129), ("azure", 110)]
    assert decision.recommendation.startswith("gcp leads with 131 (weighted sum of 1-5 scores); the usual pick is "
                                              "gcp for TPUs and JAX / TensorFlow; aws for the broadest GPU catalogue")


def test_overrides_change_exactly_what_they_name() -> None:
    dims = load_weights({"weights": {"enterprise-compliance": 5}, "scores": {"azure": {"gpu-availability": 5}}})
    decision = decide(dims)
    # enterprise-compliance x5 instead of x3: aws +8, gcp +6, azure +10; azure's GPU score 5 instead of 4: +5.
    assert {r.cloud: r.total for r in decision.ranking} == {"aws": 137, "gcp": 137, "azure": 125}
    assert decision.recommendation.startswith("aws and gcp tie at 137")


def test_a_bad_file_reports_every_problem_with_its_path() -> None:
    with pytest.raises(BlueprintError) as caught:
        load_weights({"weights": {"gpu": 9, "custom-accelerators": 0, "open-source-ecosystem": True},
                      "scores": {"oracle": {}, "azure": {"gpu-availability": "five"}, "aws": []}, "extra": 1},
                     "w.yaml")
    assert str(caught.value).splitlines() == [
        "w.yaml: 7 problems in decision weights",
        "  extra: unknown key; allowed: weights, scores",
        "  weights.gpu: unknown dimension; dimensions: gpu-availability, custom-accelerators, managed-ml-platform, "
        "kubernetes-native, enterprise-compliance, spot-and-cost-tools, data-analytics, open-source-ecosystem",
        "  weights.custom-accelerators: 0 must be a whole number from 1 to 5",
        "  weights.open-source-ecosystem: True must be a whole number from 1 to 5",
        "  scores.oracle: unknown cloud; clouds: aws, gcp, azure",
        "  scores.azure.gpu-availability: 'five' must be a whole number from 1 to 5",
        "  scores.aws: expected a mapping; got []",
    ]


def test_cost_is_an_extra_labelled_dimension_scored_against_the_cheapest() -> None:
    dim = cost_dimension({Cloud.AWS: 100.0, Cloud.GCP: 50.0, Cloud.AZURE: 200.0}, 3, "cost of x")
    assert (dim.key, dim.title, dim.weight) == (COST_KEY, "EXTRA, not in the design matrix: cost of x", 3)
    assert dict(dim.scores) == {Cloud.GCP: 5, Cloud.AWS: 3, Cloud.AZURE: 1}  # 2.5 rounds half up; 1.25 -> 1


def test_cli_ranks_and_exits_1_on_a_bad_weights_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["decide"])
    assert result.exit_code == 0, result.output
    assert "ranking: 1. gcp 131, 2. aws 129, 3. azure 110" in result.output
    assert "| GPU availability and variety | 5 | 5 x 5 = 25 | 5 x 5 = 25 | 4 x 5 = 20 |" in result.output
    bad = tmp_path / "w.yaml"
    bad.write_text("weights:\n  gpu-availability: 6\n")
    result = runner.invoke(app, ["decide", "--weights", str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{bad}: 1 problem in decision weights",
                                          "  weights.gpu-availability: 6 must be a whole number from 1 to 5"]


def test_cli_folds_in_the_blueprint_cost_per_cloud() -> None:
    result = runner.invoke(app, ["decide", "--cost-of", str(ROOT / "stacks" / "Pulumi.gcp-dev.yaml")])
    assert result.exit_code == 0, result.output
    assert "| EXTRA, not in the design matrix: full-scale catalog cost of gcp-dev's blueprint per cloud | 3 |" \
        in result.output
    # us-east-2 (nearest to us-central1) lacks a100-train's shape: migrate's default is the first aws region with both
    assert "note: aws (us-east-1) cost leaves out pools it cannot run: v5e-dev" in result.output
    assert "note: azure (southcentralus) cost leaves out pools it cannot run: v5e-dev" in result.output
