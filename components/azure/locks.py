"""Azure's own delete protection for stateful resources in prod: a CanNotDelete management lock on the resource,
on top of Pulumi's `protect` (which only guards against this program, not the portal or another tool)."""

from __future__ import annotations

import pulumi
from pulumi_azure_native import authorization

LOCK_LEVEL = "CanNotDelete"
LOCK_NAME = "do-not-delete"


def delete_lock(
    name: str, scope: pulumi.Input[str], notes: str, opts: pulumi.ResourceOptions
) -> authorization.ManagementLockByScope:
    return authorization.ManagementLockByScope(
        name, lock_name=LOCK_NAME, level=LOCK_LEVEL, scope=scope, notes=notes, opts=opts
    )
