"""The identity the kubeconfig's exec plugin authenticates as: the same one the AWS provider uses.

Why: the Kubernetes provider runs `aws eks get-token` with its own environment. Without the provider's profile or
role, the token would be minted for whatever default credentials the runner has, which need not be a declared
admin (a 401 on the first Kubernetes call). `aws:profile` becomes `AWS_PROFILE` for the exec plugin (so a
`credential_process` or SSO profile works as well); the last role of `aws:assumeRoles` (the identity the provider
ends up as) becomes `--role-arn`, assumed from the base credentials. Limits: a role chain is not replayed hop by
hop, and credentials the provider takes from `aws:accessKey`/`aws:secretKey` are not passed on (the runner's
environment must hold the same identity); both are stated in docs/deploy-aws.md.
Source: https://awscli.amazonaws.com/v2/documentation/api/latest/reference/eks/get-token.html
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

PROVIDER_NAMESPACE = "aws"
PROFILE_KEY = "profile"
ASSUME_ROLES_KEY = "assumeRoles"
ROLE_ARN_FIELD = "roleArn"
PROFILE_ENV = "AWS_PROFILE"
ROLE_ARN_ARG = "--role-arn"


@dataclass(frozen=True)
class ExecIdentity:
    """The provider's identity as the exec plugin takes it; empty means the runner's default credentials."""

    profile: str | None = None
    role_arn: str | None = None

    def args(self) -> list[str]:
        return [ROLE_ARN_ARG, self.role_arn] if self.role_arn else []

    def env(self) -> list[Mapping[str, str]]:
        return [{"name": PROFILE_ENV, "value": self.profile}] if self.profile else []


def exec_identity(profile: str | None, assume_roles: Any) -> ExecIdentity:
    """From the values of `aws:profile` and `aws:assumeRoles` (a list of `{roleArn, ...}`), either may be unset."""
    role_arn = None
    if isinstance(assume_roles, Sequence) and assume_roles and isinstance(assume_roles[-1], Mapping):
        role_arn = assume_roles[-1].get(ROLE_ARN_FIELD) or None
    return ExecIdentity(profile=profile or None, role_arn=str(role_arn) if role_arn else None)


def provider_exec_identity() -> ExecIdentity:
    """The stack's `aws` provider config, read once by `build` (the composition step, not a component)."""
    config = pulumi.Config(PROVIDER_NAMESPACE)
    return exec_identity(config.get(PROFILE_KEY), config.get_object(ASSUME_ROLES_KEY))
