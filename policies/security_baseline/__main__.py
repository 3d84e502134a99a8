"""Entry point for `pulumi preview --policy-pack policies/security_baseline`: builds the pack and serves it."""

from pulumi_policy import EnforcementLevel, PolicyPack

from policies.security_baseline.pack import PACK

PolicyPack(
    name=PACK.name,
    description=PACK.description,
    policies=list(PACK.policies),
    enforcement_level=EnforcementLevel.MANDATORY,
)
