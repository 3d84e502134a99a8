"""The ML team's namespace, the serving service account, and namespaced roles bound to the cloud's team subjects.

In `ml` the team edits what the workflow needs (InferenceServices, RayJobs; pods, logs and port-forward to their
predictors); in `ray` and `mlflow` they may only port-forward to the head / server and read the one Secret that
authenticates them there. Nothing is cluster-scoped: no ClusterRole or ClusterRoleBinding is created.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
import pulumi_kubernetes as k8s

from components.catalog import services as svc
from components.handle import ClusterHandle, WorkloadIdentity
from components.k8s.mlflow_users import user_secret_name
from components.k8s.release import PodSecurity, in_cluster, namespace

ROLE = "ml-team"
READ = ("get", "list", "watch")
EDIT = (*READ, "create", "update", "patch", "delete")


@dataclass(frozen=True)
class Rule:
    api_groups: tuple[str, ...]
    resources: tuple[str, ...]
    verbs: tuple[str, ...]
    resource_names: tuple[str, ...] = ()

    def args(self) -> k8s.rbac.v1.PolicyRuleArgs:
        return k8s.rbac.v1.PolicyRuleArgs(api_groups=list(self.api_groups), resources=list(self.resources),
                                          verbs=list(self.verbs), resource_names=list(self.resource_names) or None)


def _forward_to(secret: str) -> tuple[Rule, ...]:
    """Port-forward (`kubectl port-forward svc/...` reads the Service and its pods) and read one Secret."""
    return (
        Rule(("",), ("services", "pods"), ("get", "list")),
        Rule(("",), ("pods/portforward",), ("create",)),
        Rule(("",), ("secrets",), ("get",), (secret,)),
    )


# namespace -> the team's rules there.
TEAM_RULES: Mapping[str, tuple[Rule, ...]] = MappingProxyType({
    svc.TEAM_NAMESPACE: (
        Rule(("serving.kserve.io",), ("inferenceservices",), EDIT),
        Rule(("ray.io",), ("rayjobs",), EDIT),
        Rule(("",), ("pods", "pods/log", "services", "events", "configmaps"), READ),
        Rule(("",), ("pods/portforward",), ("create",)),
        Rule(("apps",), ("deployments", "replicasets"), READ),
    ),
    svc.RAY_NAMESPACE: _forward_to(svc.RAY_AUTH_SECRET),
    svc.MLFLOW_NAMESPACE: _forward_to(user_secret_name(svc.MLFLOW_TEAM_USER)),  # the team's user, never the admin
})


def serving_identity(cluster: ClusterHandle) -> WorkloadIdentity:
    """The cloud's binding for serving; without KServe the team namespace still gets the service account, bound to
    nothing (no predictor runs, so nothing reads the store)."""
    return cluster.workloads.get(svc.WORKLOAD_SERVING) or WorkloadIdentity(
        namespace=svc.SERVING_NAMESPACE, service_account=svc.SERVING_SERVICE_ACCOUNT, annotations={}, pod_labels={}
    )


class Team(pulumi.ComponentResource):
    """`ml` (baseline), the `model-server` service account, and a Role + RoleBinding in `ml` and in each of
    `namespaces` (ray, mlflow where they exist; `after` holds the resources creating them)."""

    namespace: pulumi.Output[str]
    serving_account: pulumi.Output[str]

    def __init__(
        self, name: str, cluster: ClusterHandle, namespaces: Sequence[str], after: Sequence[pulumi.Resource],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("mlplatform:k8s:Team", name, None, opts)
        ns = namespace(f"{name}-ns", svc.TEAM_NAMESPACE, PodSecurity.BASELINE, in_cluster(cluster, self))
        identity = serving_identity(cluster)
        account = k8s.core.v1.ServiceAccount(
            f"{name}-serving-sa",
            metadata=k8s.meta.v1.ObjectMetaArgs(name=identity.service_account, namespace=ns.metadata.name,
                                                annotations=dict(identity.annotations)),
            automount_service_account_token=False,  # the storage initializer and predictors never call the API
            opts=in_cluster(cluster, self, ns, *identity.ready),
        )
        subjects = [k8s.rbac.v1.SubjectArgs(kind=s["kind"], name=s["name"], api_group=s.get("apiGroup"),
                                            namespace=s.get("namespace")) for s in cluster.team_subjects]
        for target in [svc.TEAM_NAMESPACE, *namespaces]:
            role = k8s.rbac.v1.Role(
                f"{name}-{target}-role",
                metadata=k8s.meta.v1.ObjectMetaArgs(name=ROLE, namespace=target),
                rules=[r.args() for r in TEAM_RULES[target]],
                opts=in_cluster(cluster, self, ns, *after),
            )
            if subjects:
                k8s.rbac.v1.RoleBinding(
                    f"{name}-{target}-binding",
                    metadata=k8s.meta.v1.ObjectMetaArgs(name=ROLE, namespace=target),
                    role_ref=k8s.rbac.v1.RoleRefArgs(api_group="rbac.authorization.k8s.io", kind="Role", name=ROLE),
                    subjects=subjects,
                    opts=in_cluster(cluster, self, role),
                )
        self.namespace = ns.metadata.name
        self.serving_account = account.metadata.name
        self.register_outputs({"namespace": self.namespace, "serving_account": self.serving_account})
