"""Offline renders leave out the version aliases a typed provider class attaches to itself.

Every generated class of a provider SDK (`pulumi_azure_native`, `pulumi_aws`, `pulumi_kubernetes`, ...) ends its
`_internal_init` with

    alias_opts = pulumi.ResourceOptions(aliases=[pulumi.Alias(type_="azure-native:containerservice/v20170831:..."),
                                                 ...])
    opts = pulumi.ResourceOptions.merge(opts, alias_opts)

one `Alias(type_=...)` per older API version or former type token (about a hundred on an AKS `ManagedCluster`,
1,441 on azure-prod). The SDK then turns each into a URN output (`Resource.__init__`, `collapse_alias_to_urn`),
resolves it and serialises an alias spec (`pulumi.runtime.resource.prepare_aliases`, `create_alias_spec`) on every
registration. The engine needs them only to find state saved under an older type; the inventory records URN
aliases only, so offline they cost time (about half of an Azure render) and change nothing.

`without_version_aliases` replaces `ResourceOptions.merge` for as long as it is entered: a merge called from a
provider SDK's `_internal_init` with that function's own `alias_opts` drops the type-only aliases of `alias_opts`
and keeps everything else. The caller's `opts` (every alias a component or user set, URN or spec) pass through
untouched. Only the offline engine enters it (`mlplatform.engine.render`); `pulumi up` never imports this module.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import pulumi

PROVIDER_SDK_PREFIX = "pulumi_"  # pulumi_aws, pulumi_gcp, pulumi_azure_native, pulumi_kubernetes, ...
INIT_FUNCTION = "_internal_init"  # where the generated classes build and merge `alias_opts`
ALIAS_OPTS = "alias_opts"
SPEC_FIELDS = ("name", "parent", "stack", "project")  # an Alias field left at `...` is not set


@contextmanager
def without_version_aliases() -> Iterator[None]:
    """While entered, typed provider classes register without their own version aliases."""
    # a plain function on the class, called as `ResourceOptions.merge(a, b)` and as `a.merge(b)`
    merge = pulumi.ResourceOptions.merge

    def merge_without_version_aliases(
        opts1: pulumi.ResourceOptions | None = None, opts2: pulumi.ResourceOptions | None = None
    ) -> pulumi.ResourceOptions:
        if opts2 is not None and opts2.aliases and _is_alias_opts(opts2, sys._getframe(1)):
            kept = [a for a in opts2.aliases if not is_version_alias(a)]
            opts2 = opts2._copy()
            opts2.aliases = kept or None
        result: pulumi.ResourceOptions = merge(opts1, opts2)
        return result

    pulumi.ResourceOptions.merge = merge_without_version_aliases  # type: ignore[method-assign]
    try:
        yield
    finally:
        pulumi.ResourceOptions.merge = merge  # type: ignore[method-assign]


def is_version_alias(alias: object) -> bool:
    """An `Alias` that sets only the type: the shape a provider class uses for its older API versions."""
    if not isinstance(alias, pulumi.Alias):
        return False
    return isinstance(alias.type_, str) and all(getattr(alias, f) is ... for f in SPEC_FIELDS)


def _is_alias_opts(opts: pulumi.ResourceOptions, caller: FrameType) -> bool:
    """`opts` is the `alias_opts` local of a provider SDK class's `_internal_init` that called merge."""
    module = caller.f_globals.get("__name__", "")
    return (
        caller.f_code.co_name == INIT_FUNCTION
        and isinstance(module, str)
        and module.startswith(PROVIDER_SDK_PREFIX)
        and caller.f_locals.get(ALIAS_OPTS) is opts
    )
