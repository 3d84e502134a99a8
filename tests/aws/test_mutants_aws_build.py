"""What AWS's `build` (components/aws/__init__.py) itself decides, found unpinned by a mutation run of it.

- The deployer check: a deploy by a principal outside `cluster.admins` logs the warning once (EKS grants its
  creator no admin with access entries, so every in-cluster step would be refused:
  https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html); a listed admin logs nothing.
- The cluster's Kubernetes provider waits for `api_ready`: the admins' access policy associations and the API's
  security-group ingress rules (and a hub's attachment). Mocks record the ordering, not the readiness it buys; the
  provider's first call needs both (the same page, and
  https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html).
"""

from __future__ import annotations

import pulumi
import pytest

from tests.aws.conftest import Rendered, fresh_render, plan_of

PROVIDER = "pulumi:providers:kubernetes"
ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
API_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
OUTSIDER = "arn:aws:iam::444455556666:user/alice"


@pytest.mark.parametrize(("admins", "warnings"), [(None, 0), ([OUTSIDER], 1)])
def test_build_warns_once_only_when_the_deployer_is_no_cluster_admin(
    monkeypatch: pytest.MonkeyPatch, admins: list[str] | None, warnings: int,
) -> None:
    logged: list[object] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *_, **__: logged.append(message))

    fresh_render(plan_of("dev") if admins is None else plan_of("dev", admins=admins))

    ours = [m for m in logged if not isinstance(m, str) or "runs this deploy but is not in cluster.admins" in m]
    assert len(ours) == warnings
    assert all(isinstance(m, str) and f"({OUTSIDER})" in m for m in ours)


def test_the_kubernetes_provider_waits_for_the_admin_grants_and_the_api_rules(dev: Rendered) -> None:
    provider = dev.named("mlplatform-k8s", PROVIDER)
    grants = {r.urn for r in dev.inventory.of_type(ASSOCIATION)}
    rules = {r.urn for r in dev.inventory.of_type(API_RULE) if "-api-from-" in r.name}

    assert grants and rules
    assert grants | rules <= set(provider.dependencies)
