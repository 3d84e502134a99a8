"""Entry point for `pulumi preview --policy-pack policies/cost_guardrails`: builds the pack and serves it."""

from pulumi_policy import EnforcementLevel, PolicyPack

from policies.cost_guardrails.pack import PACK

PolicyPack(
    name=PACK.name,
    description=PACK.description,
    policies=list(PACK.policies),
    enforcement_level=EnforcementLevel.MANDATORY,
)
