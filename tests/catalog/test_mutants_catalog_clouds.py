"""Each cloud's traits agree with the words the catalog shows users for them.

A name rule's description is what a refused name's problem quotes (`NameRule.problems`), so its stated bounds are the
checked ones: "M-N characters" or "at most N" (then at least 1). A name at each bound is accepted, one past is refused,
on both sides. The spot notice in seconds is the one its note states ("two-minute", "30-second", "30 seconds").
"""

from __future__ import annotations

import re

import pytest

from components.catalog import TRAITS, NameRule
from components.spec.enums import Cloud

WORDS = {"two-minute": 120, "30-second": 30, "30 seconds": 30}


def _rules() -> list[tuple[str, NameRule]]:
    return [(f"{cloud.value}-{kind}", rule) for cloud, t in TRAITS.items()
            for kind, rule in (("pool", t.node_pool_name), ("cluster", t.cluster_name))]


def _stated(description: str) -> tuple[int, int]:
    both = re.search(r"(\d+)-(\d+) characters", description)
    if both is not None:
        return int(both[1]), int(both[2])
    most = re.search(r"at most (\d+)", description)
    assert most is not None, description
    return 1, int(most[1])


@pytest.mark.parametrize(("name", "rule"), _rules(), ids=[n for n, _ in _rules()])
def test_a_name_rule_checks_the_bounds_its_words_state(name: str, rule: NameRule) -> None:
    low, high = _stated(rule.description)

    assert (rule.min_length, rule.max_length) == (low, high)
    assert rule.problems("a" * low) == ()
    assert rule.problems("a" * high) == ()
    assert rule.problems("a" * (high + 1)) == (f"{'a' * (high + 1)!r} has {high + 1} characters; {low}-{high} allowed",)
    assert rule.problems("") == (f"'' has 0 characters; 1-{high} allowed",
                                 f"'' does not match the rule: {rule.description}")


@pytest.mark.parametrize("cloud", list(Cloud))
def test_the_spot_notice_is_the_one_its_note_states(cloud: Cloud) -> None:
    traits = TRAITS[cloud]

    stated = {seconds for words, seconds in WORDS.items() if words in traits.spot_eviction_note}

    assert stated == {traits.spot_eviction_notice_seconds}
