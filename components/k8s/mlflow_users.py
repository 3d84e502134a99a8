"""MLflow users for the workflow, so nothing but a cluster admin holds MLflow's admin password.

The basic-auth app creates only its admin; other users exist once someone calls its user API
(`get_app_client("basic-auth").create_user`, https://mlflow.org/docs/latest/self-hosting/security/basic-http-auth).
So per user the platform generates a password into its own Secret (`mlflow-user-<name>` in MLflow's namespace) and a
Job, after the server is ready, signs in as the admin and creates each user, or resets its password when the user
already exists (RESOURCE_ALREADY_EXISTS): running it twice changes nothing, and a rotated password is applied.

The Job's pod template carries a digest of the users and passwords: pulumi-kubernetes replaces a Job whose
`.spec.template` changes (the `job` forceNew list in provider/pkg/provider/diff.go), so a new user or password runs it
again, and nothing else does. Users get the server's default permission (READ) on what others create and MANAGE on
what they create themselves: Ray's jobs own their experiments and models; the team reads them and owns its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from components.catalog import services as svc
from components.k8s import mlflow_pod as pod
from components.k8s.mlflow_auth import PASSWORD_LENGTH

JOB_LABELS = {"app.kubernetes.io/name": svc.MLFLOW_USERS_JOB, "app.kubernetes.io/component": "user-setup"}
REVISION_ANNOTATION = "mlplatform.io/users-revision"
COUNT_ENV = "MLPLATFORM_MLFLOW_USER_COUNT"
USER_ENV = "MLPLATFORM_MLFLOW_USER_{}"
PASSWORD_ENV = "MLPLATFORM_MLFLOW_PASSWORD_{}"
BACKOFF_LIMIT = 6  # the Service's endpoints may lag the Deployment's readiness by a few seconds
DEADLINE_SECONDS = 600

SCRIPT = f"""\
import os
from mlflow.exceptions import RestException
from mlflow.server import get_app_client

client = get_app_client("basic-auth", tracking_uri=os.environ["MLFLOW_TRACKING_URI"])
for i in range(int(os.environ["{COUNT_ENV}"])):
    user = os.environ["{USER_ENV}".format(i)]
    password = os.environ["{PASSWORD_ENV}".format(i)]
    try:
        client.create_user(username=user, password=password)
        print("created MLflow user", user)
    except RestException as error:
        if error.error_code != "RESOURCE_ALREADY_EXISTS":
            raise
        client.update_user_password(username=user, password=password)
        print("reset the password of MLflow user", user)
"""


def user_secret_name(user: str) -> str:
    return f"{svc.MLFLOW_USER_SECRET_PREFIX}{user}"


def revision(users: Sequence[str], passwords: Sequence[str]) -> str:
    """What the Job applies, digested: it changes exactly when a user or a password does."""
    material = "\n".join(f"{u}\0{p}" for u, p in zip(users, passwords, strict=True))
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def _secret_env(name: str, secret: str, key: str) -> k8s.core.v1.EnvVarArgs:
    return k8s.core.v1.EnvVarArgs(name=name, value_from=k8s.core.v1.EnvVarSourceArgs(
        secret_key_ref=k8s.core.v1.SecretKeySelectorArgs(name=secret, key=key)))


def job_env(tracking_uri: str, users: Sequence[str]) -> list[k8s.core.v1.EnvVarArgs]:
    """The admin's credentials from mlflow-auth, and each user's name and password from its own Secret."""
    env = [
        k8s.core.v1.EnvVarArgs(name="MLFLOW_TRACKING_URI", value=tracking_uri),
        _secret_env("MLFLOW_TRACKING_USERNAME", svc.MLFLOW_AUTH_SECRET, svc.MLFLOW_AUTH_USERNAME_KEY),
        _secret_env("MLFLOW_TRACKING_PASSWORD", svc.MLFLOW_AUTH_SECRET, svc.MLFLOW_AUTH_PASSWORD_KEY),
        k8s.core.v1.EnvVarArgs(name="HOME", value=pod.TMP[1]),
        k8s.core.v1.EnvVarArgs(name="PYTHONDONTWRITEBYTECODE", value="1"),
        k8s.core.v1.EnvVarArgs(name=COUNT_ENV, value=str(len(users))),
    ]
    for i, user in enumerate(users):
        env.append(k8s.core.v1.EnvVarArgs(name=USER_ENV.format(i), value=user))
        env.append(_secret_env(PASSWORD_ENV.format(i), user_secret_name(user), svc.MLFLOW_AUTH_PASSWORD_KEY))
    return env


class MlflowUsers(pulumi.ComponentResource):
    """One generated password and Secret per user, and the Job that creates the users on the running server."""

    passwords: Mapping[str, pulumi.Output[str]]  # user -> password (secret)

    def __init__(
        self, name: str, users: Sequence[str], namespace: pulumi.Input[str], tracking_uri: str,
        system_selector: Mapping[str, str], server: Sequence[pulumi.Resource], opts: pulumi.ResourceOptions,
    ) -> None:
        """`opts` carries the cluster's provider and what every in-cluster resource waits for; the Job also waits
        for `server` (the Deployment, ready, and its Service)."""
        super().__init__("mlplatform:k8s:MlflowUsers", name, None, pulumi.ResourceOptions(parent=opts.parent))
        child = pulumi.ResourceOptions(parent=self)
        in_ns = pulumi.ResourceOptions.merge(opts, child)
        passwords: dict[str, pulumi.Output[str]] = {}
        secrets: list[pulumi.Resource] = []
        for user in users:
            generated = random.RandomPassword(f"{name}-{user}-password", length=PASSWORD_LENGTH, special=False,
                                              opts=child)
            password: pulumi.Output[str] = pulumi.Output.secret(generated.result)
            passwords[user] = password
            secrets.append(k8s.core.v1.Secret(
                f"{name}-{user}",
                metadata=k8s.meta.v1.ObjectMetaArgs(name=user_secret_name(user), namespace=namespace,
                                                    labels=dict(JOB_LABELS)),
                type="Opaque",
                string_data={svc.MLFLOW_AUTH_USERNAME_KEY: user, svc.MLFLOW_AUTH_PASSWORD_KEY: password},
                opts=in_ns,
            ))
        shape = svc.MLFLOW_MIGRATION.as_k8s()
        digest = pulumi.Output.all(*passwords.values()).apply(lambda ps: revision(list(users), [str(p) for p in ps]))
        k8s.batch.v1.Job(
            f"{name}-job",
            metadata=k8s.meta.v1.ObjectMetaArgs(name=svc.MLFLOW_USERS_JOB, namespace=namespace,
                                                labels=dict(JOB_LABELS)),
            spec=k8s.batch.v1.JobSpecArgs(
                backoff_limit=BACKOFF_LIMIT,
                active_deadline_seconds=DEADLINE_SECONDS,
                template=k8s.core.v1.PodTemplateSpecArgs(
                    metadata=k8s.meta.v1.ObjectMetaArgs(labels=dict(JOB_LABELS),
                                                        annotations={REVISION_ANNOTATION: digest}),
                    spec=k8s.core.v1.PodSpecArgs(
                        restart_policy="Never",
                        automount_service_account_token=False,  # it calls MLflow, never the Kubernetes API
                        node_selector=dict(system_selector),
                        security_context=pod.pod_security_context(),
                        containers=[k8s.core.v1.ContainerArgs(
                            name="create-users",
                            image=svc.MLFLOW_IMAGE.ref,
                            command=["python", "-c", SCRIPT],
                            env=job_env(tracking_uri, users),
                            resources=k8s.core.v1.ResourceRequirementsArgs(requests=shape["requests"],
                                                                           limits=shape["limits"]),
                            security_context=pod.security_context(),
                            volume_mounts=[k8s.core.v1.VolumeMountArgs(name=pod.TMP[0], mount_path=pod.TMP[1])],
                        )],
                        volumes=[k8s.core.v1.VolumeArgs(name=pod.TMP[0],
                                                        empty_dir=k8s.core.v1.EmptyDirVolumeSourceArgs())],
                    ),
                ),
            ),
            opts=pulumi.ResourceOptions.merge(in_ns, pulumi.ResourceOptions(depends_on=[*server, *secrets])),
        )
        self.passwords = passwords
        self.register_outputs({})
