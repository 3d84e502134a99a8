"""Offline, the AWS deployer is the stack's own first admin: no false "not in cluster.admins" warning."""

from __future__ import annotations

import json

import pytest

from components.aws.credentials import deployer_warning
from mlplatform.engine.mock_outputs import invoke_result
from mlplatform.engine.mocks import install_mocks

TOKEN = "aws:index/getCallerIdentity:getCallerIdentity"


@pytest.mark.parametrize(("admins", "arn"), [
    (["arn:aws:iam::444455556666:role/ops/ml-admins"],
     "arn:aws:sts::444455556666:assumed-role/ml-admins/mlplatform-ci"),
    (["arn:aws:iam::444455556666:user/alice"], "arn:aws:iam::444455556666:user/alice"),
    ([], "arn:aws:sts::111122223333:assumed-role/platform-admins/mlplatform-ci"),
])
def test_the_offline_caller_is_the_first_admin(admins: list[str], arn: str) -> None:
    blueprint = {"cloud": "aws", "cluster": {"admins": admins}}
    install_mocks("mlplatform", "aws-x", {"mlplatform:blueprint": json.dumps(blueprint)})
    found = invoke_result(TOKEN, {})
    assert (found["arn"], found["accountId"]) == (arn, arn.split(":")[4])
    if admins:
        assert deployer_warning(found["arn"], admins) is None
