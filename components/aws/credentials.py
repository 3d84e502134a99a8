"""The identity the kubeconfig's exec plugin authenticates as: the same one the AWS provider uses.

Why: the Kubernetes provider runs `aws eks get-token` with its own environment. Without the provider's profile or
role, the token would be minted for whatever default credentials the runner has, which need not be a declared
admin (a 401 on the first Kubernetes call). `aws:profile` becomes `AWS_PROFILE` for the exec plugin (so a
`credential_process` or SSO profile works as well); the last role of `aws:assumeRoles` (the identity the provider
ends up as) becomes `--role-arn`, assumed from the base credentials. Limits: a role chain is not replayed hop by
hop, and credentials the provider takes from `aws:accessKey`/`aws:secretKey` are not passed on (the runner's
environment must hold the same identity); both are stated in docs/deploy-aws.md.
`deployer_warning` says, before anything is created, when the identity running the deploy is not a declared admin.
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
# Environment credentials come first in the AWS CLI's chain and would beat AWS_PROFILE; botocore's EnvProvider
# skips a variable that is set but empty (`if access_key:`, botocore/credentials.py EnvProvider.load), so blanking
# them makes the profile the identity the token is minted for.
# Source: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html (precedence).
MASKED_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
ROLE_ARN_ARG = "--role-arn"
STS_SERVICE = "sts"
ASSUMED_ROLE = "assumed-role/"


@dataclass(frozen=True)
class ExecIdentity:
    """The provider's identity as the exec plugin takes it; empty means the runner's default credentials."""

    profile: str | None = None
    role_arn: str | None = None

    def args(self) -> list[str]:
        return [ROLE_ARN_ARG, self.role_arn] if self.role_arn else []

    def env(self) -> list[Mapping[str, str]]:
        if not self.profile:
            return []
        return [{"name": PROFILE_ENV, "value": self.profile}, *({"name": k, "value": ""} for k in MASKED_ENV)]


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


def admin_arn(caller_arn: str) -> str:
    """The IAM principal behind a caller ARN: `arn:aws:sts::<acct>:assumed-role/<role>/<session>` ->
    `arn:aws:iam::<acct>:role/<role>`; IAM user and role ARNs are returned as they are."""
    parts = caller_arn.split(":", 5)
    if len(parts) == 6 and parts[2] == STS_SERVICE and parts[5].startswith(ASSUMED_ROLE):
        role = parts[5].split("/")[1]
        return f"arn:{parts[1]}:iam::{parts[4]}:role/{role}"
    return caller_arn


def deployer_warning(caller_arn: str, admins: Sequence[str]) -> str | None:
    """A warning when the identity running `pulumi up` is not a declared admin (roles compared by account and name,
    since an assumed-role ARN drops the role's path): its first Kubernetes call would be refused."""
    principal = _principal_key(admin_arn(caller_arn))
    if any(principal == _principal_key(admin) for admin in admins):
        return None
    return (f"{caller_arn} runs this deploy but is not in cluster.admins ({', '.join(admins)}): the cluster grants "
            "no admin to its creator, so the in-cluster steps will be refused; add it, or deploy as a listed admin")


def _principal_key(arn: str) -> tuple[str, str, str]:
    """(account, role|user, name without path) of an IAM ARN."""
    parts = arn.split(":", 5)
    if len(parts) != 6:
        return ("", "", arn)
    kind, _, rest = parts[5].partition("/")
    return (parts[4], kind, rest.rsplit("/", 1)[-1])
