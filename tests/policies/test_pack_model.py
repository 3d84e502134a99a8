"""The pack model apart from the SDK: a policy found by its name, levels stated, kinds told apart."""

from __future__ import annotations

import pytest

from mlplatform.policy.packs import PACKS
from policies.pack import Pack


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_each_policy_is_found_by_its_own_name(pack: Pack) -> None:
    assert [pack.policy(p.name) for p in pack.policies] == list(pack.policies)


def test_a_name_no_policy_has_is_not_found() -> None:
    with pytest.raises(StopIteration):
        PACKS[0].policy("no-such-policy")
