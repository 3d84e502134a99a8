"""MLflow tracking server as plain Kubernetes objects (MLflow publishes no official chart).

Namespace at the restricted Pod Security level; the service account the cloud's workload identity maps (so the
server reaches its bucket with no keys); the database URL (TLS required) in a Secret; a Deployment of the pinned
image that migrates the schema first; a ClusterIP Service only; in prod a PodDisruptionBudget and zone spread; the
workflow's own non-admin users once the server is up (mlflow_users.py).
The Deployment starts after the database, the identity mapping and the bucket are ready.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

import pulumi
import pulumi_kubernetes as k8s

from components.catalog import services as svc
from components.catalog.mlflow_sizing import server_sizing
from components.handle import ClusterHandle, DatabaseConnection, MlflowBackend
from components.k8s import mlflow_pod as pod
from components.k8s.mlflow_auth import auth_secret, auth_volume
from components.k8s.mlflow_sizing import scratch_gib
from components.k8s.mlflow_users import MlflowUsers
from components.k8s.release import PodSecurity, in_cluster, namespace
from components.plan import PoolPlan
from components.plan_services import MlflowPlan
from components.spec.enums import Cloud

APP_LABELS = {"app.kubernetes.io/name": svc.MLFLOW_SERVICE, "app.kubernetes.io/component": "tracking-server"}


@dataclass(frozen=True, kw_only=True)
class MlflowArgs:
    cluster: ClusterHandle
    backend: MlflowBackend
    plan: MlflowPlan
    prod: bool  # PodDisruptionBudget and hard zone spread
    cloud: Cloud  # the block storage class of the scratch volume
    pools: Sequence[PoolPlan] = field(default_factory=tuple)  # the largest artifact they produce sizes the scratch
    users: Sequence[str] = ()  # non-admin users to create (mlflow_users): Ray's jobs, the team


def database_url(db: DatabaseConnection) -> pulumi.Output[str]:
    """postgresql://user:password@host:port/db?sslmode=require, secret (the password is URL-encoded)."""
    url = pulumi.Output.all(db.host, db.password).apply(
        lambda hp: f"postgresql://{quote(db.username, safe='')}:{quote(str(hp[1]), safe='')}@{hp[0]}:{db.port}/"
        f"{quote(db.database, safe='')}?sslmode=require"
    )
    return pulumi.Output.secret(url)


def tracking_uri(namespace_name: str) -> str:
    return f"http://{pod.service_hosts(svc.MLFLOW_SERVICE, namespace_name)[-1]}:{svc.MLFLOW_PORT}"


class Mlflow(pulumi.ComponentResource):
    """The tracking server, its Secret and its ClusterIP Service; outputs the URIs clients use."""

    deployment: k8s.apps.v1.Deployment
    service: k8s.core.v1.Service
    tracking_uri: pulumi.Output[str]
    artifact_uri: pulumi.Output[str]
    fsspec_uri: pulumi.Output[str]
    auth_secret: pulumi.Output[str]
    admin_password: pulumi.Output[str]  # secret
    user_passwords: Mapping[str, pulumi.Output[str]]  # user -> password (secret), for args.users

    def __init__(self, name: str, args: MlflowArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:k8s:Mlflow", name, None, opts)
        cluster, backend = args.cluster, args.backend
        identity = backend.identity
        ns_name = identity.namespace
        ns = namespace(f"{name}-ns", ns_name, PodSecurity.RESTRICTED, in_cluster(cluster, self))
        account = k8s.core.v1.ServiceAccount(
            f"{name}-sa",
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name=identity.service_account, namespace=ns.metadata.name, labels=dict(APP_LABELS),
                annotations=dict(identity.annotations),
            ),
            automount_service_account_token=False,  # MLflow never calls the Kubernetes API
            opts=in_cluster(cluster, self, ns),
        )
        secret = k8s.core.v1.Secret(
            f"{name}-db",
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name=svc.MLFLOW_DATABASE_SECRET, namespace=ns.metadata.name, labels=dict(APP_LABELS)
            ),
            type="Opaque",
            string_data={svc.MLFLOW_DATABASE_SECRET_KEY: database_url(backend.database)},
            opts=in_cluster(cluster, self, ns),
        )
        auth, self.admin_password = auth_secret(f"{name}-auth", ns.metadata.name, database_url(backend.database),
                                                APP_LABELS, in_cluster(cluster, self, ns))
        sizing = server_sizing(args.plan.database, args.plan.replicas)
        env = pod.environment(svc.MLFLOW_DATABASE_SECRET, backend.artifacts.env, sizing)
        ready = [*backend.database.ready, *identity.ready, *backend.artifacts.ready]
        self.deployment = k8s.apps.v1.Deployment(
            name,
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name=svc.MLFLOW_SERVICE, namespace=ns.metadata.name, labels=dict(APP_LABELS)
            ),
            spec=k8s.apps.v1.DeploymentSpecArgs(
                replicas=args.plan.replicas,
                # One extra pod while rolling: the connection budget (mlflow_sizing) counts it.
                strategy=k8s.apps.v1.DeploymentStrategyArgs(
                    type="RollingUpdate",
                    rolling_update=k8s.apps.v1.RollingUpdateDeploymentArgs(max_surge=1, max_unavailable=0),
                ),
                selector=k8s.meta.v1.LabelSelectorArgs(match_labels=dict(APP_LABELS)),
                template=k8s.core.v1.PodTemplateSpecArgs(
                    metadata=k8s.meta.v1.ObjectMetaArgs(labels={**APP_LABELS, **identity.pod_labels}),
                    spec=k8s.core.v1.PodSpecArgs(
                        service_account_name=identity.service_account,
                        node_selector=dict(cluster.system_node_selector),
                        security_context=pod.pod_security_context(),
                        init_containers=[pod.migrate_container(env)],
                        containers=[pod.server_container(env, backend.artifacts.mlflow_uri, ns_name,
                                                         sizing.workers)],
                        volumes=[pod.tmp_volume(scratch_gib(args.pools), svc.SCRATCH_STORAGE_CLASS[args.cloud]),
                                 auth_volume()],
                        topology_spread_constraints=pod.zone_spread(APP_LABELS) if args.prod else None,
                    ),
                ),
            ),
            opts=in_cluster(cluster, self, account, secret, auth, *ready),
        )
        self.service = k8s.core.v1.Service(
            f"{name}-svc",
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name=svc.MLFLOW_SERVICE, namespace=ns.metadata.name, labels=dict(APP_LABELS)
            ),
            spec=k8s.core.v1.ServiceSpecArgs(
                type="ClusterIP",
                selector=dict(APP_LABELS),
                ports=[k8s.core.v1.ServicePortArgs(
                    name=pod.PORT_NAME, port=svc.MLFLOW_PORT, target_port=pod.PORT_NAME, protocol="TCP"
                )],
            ),
            opts=in_cluster(cluster, self, ns),
        )
        if args.prod:
            k8s.policy.v1.PodDisruptionBudget(
                f"{name}-pdb",
                metadata=k8s.meta.v1.ObjectMetaArgs(
                    name=svc.MLFLOW_SERVICE, namespace=ns.metadata.name, labels=dict(APP_LABELS)
                ),
                spec=k8s.policy.v1.PodDisruptionBudgetSpecArgs(
                    max_unavailable=1, selector=k8s.meta.v1.LabelSelectorArgs(match_labels=dict(APP_LABELS))
                ),
                opts=in_cluster(cluster, self, ns),
            )
        self.user_passwords = {}
        if args.users:
            users = MlflowUsers(f"{name}-users", args.users, ns.metadata.name, tracking_uri(ns_name),
                                cluster.system_node_selector, [self.deployment, self.service, auth],
                                in_cluster(cluster, self, ns))
            self.user_passwords = users.passwords
        self.tracking_uri = pulumi.Output.from_input(tracking_uri(ns_name))
        self.artifact_uri = backend.artifacts.mlflow_uri
        self.fsspec_uri = backend.artifacts.fsspec_uri
        self.auth_secret = auth.metadata.name
        self.register_outputs({
            "auth_secret": self.auth_secret,
            "tracking_uri": self.tracking_uri,
            "artifact_uri": self.artifact_uri,
            "fsspec_uri": self.fsspec_uri,
        })
