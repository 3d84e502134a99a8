"""Composition root: stack config -> Blueprint -> Platform -> stack outputs."""

import pulumi

from components.platform import Platform, PlatformArgs
from components.spec import BlueprintError
from components.spec.stackconfig import blueprint_from_stack

try:
    blueprint = blueprint_from_stack(
        pulumi.Config("mlplatform").require_object("blueprint"),
        lambda namespace, key: pulumi.Config(namespace).get(key),
    )
except BlueprintError as exc:
    raise pulumi.RunError(str(exc.located(f"stacks/Pulumi.{pulumi.get_stack()}.yaml"))) from None

platform = Platform("mlplatform", PlatformArgs(blueprint=blueprint))

pulumi.export("cloud", blueprint.cloud.value)
pulumi.export("clusterName", platform.cluster_name)
pulumi.export("endpoint", platform.endpoint)
pulumi.export("kubeconfig", platform.kubeconfig)
pulumi.export("poolNames", platform.pool_names)
