"""MLflow's authentication: the basic-auth app (`mlflow server --app-name basic-auth`) with a generated admin.

Why basic-auth and not an OIDC proxy: it is MLflow's own, works the same on the three clouds with no identity
provider to register, keeps per-experiment permissions in the tracking database, and the Python client speaks it
(MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD). The admin's password and the Flask secret key are generated
with pulumi_random and live only in the `mlflow-auth` Secret, which also carries the INI file the server reads
(MLFLOW_AUTH_CONFIG_PATH): its users and permissions live in the same Postgres database as the runs, so every
replica sees the same users. Default permission for new users is READ.
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from components.catalog import services as svc

APP_NAME = "basic-auth"
CONFIG_ENV = "MLFLOW_AUTH_CONFIG_PATH"
FLASK_SECRET_ENV = "MLFLOW_FLASK_SERVER_SECRET_KEY"
CONFIG_DIR = "/etc/mlflow-auth"
CONFIG_VOLUME = "auth-config"
DEFAULT_PERMISSION = "READ"
AUTHORIZATION_FUNCTION = "mlflow.server.auth:authenticate_request_basic_auth"
PASSWORD_LENGTH = 32


def ini_value(value: str) -> str:
    """MLflow reads the file with configparser's interpolation: a literal '%' (URL-encoded passwords) is '%%'."""
    return value.replace("%", "%%")


def auth_ini(database_url: str, password: str) -> str:
    """The [mlflow] section MLflow's auth config reads (mlflow/server/auth/config.py)."""
    return "\n".join([
        "[mlflow]",
        f"default_permission = {DEFAULT_PERMISSION}",
        f"database_uri = {ini_value(database_url)}",
        f"admin_username = {svc.MLFLOW_ADMIN_USER}",
        f"admin_password = {ini_value(password)}",
        f"authorization_function = {AUTHORIZATION_FUNCTION}",
        "",
    ])


def auth_secret(
    name: str, namespace: pulumi.Input[str], database_url: pulumi.Output[str], labels: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> tuple[k8s.core.v1.Secret, pulumi.Output[str]]:
    """The admin credentials, the Flask secret key and the INI file, in one Secret (all values secret); and the
    admin password (secret) for the clients the platform configures."""
    child = pulumi.ResourceOptions(parent=opts.parent)
    password = random.RandomPassword(f"{name}-password", length=PASSWORD_LENGTH, special=False, opts=child)
    flask_key = random.RandomPassword(f"{name}-flask-key", length=PASSWORD_LENGTH, special=False, opts=child)
    ini: pulumi.Output[str] = pulumi.Output.all(database_url, password.result).apply(
        lambda v: auth_ini(str(v[0]), str(v[1])))
    admin: pulumi.Output[str] = pulumi.Output.secret(password.result)
    key: pulumi.Output[str] = pulumi.Output.secret(flask_key.result)
    ini_secret: pulumi.Output[str] = pulumi.Output.secret(ini)
    secret = k8s.core.v1.Secret(
        name,
        metadata=k8s.meta.v1.ObjectMetaArgs(name=svc.MLFLOW_AUTH_SECRET, namespace=namespace, labels=dict(labels)),
        type="Opaque",
        string_data={
            svc.MLFLOW_AUTH_USERNAME_KEY: svc.MLFLOW_ADMIN_USER,
            svc.MLFLOW_AUTH_PASSWORD_KEY: admin,
            svc.MLFLOW_AUTH_FLASK_KEY: key,
            svc.MLFLOW_AUTH_INI_KEY: ini_secret,
        },
        opts=opts,
    )
    return secret, admin


def auth_env() -> list[k8s.core.v1.EnvVarArgs]:
    return [
        k8s.core.v1.EnvVarArgs(name=CONFIG_ENV, value=f"{CONFIG_DIR}/{svc.MLFLOW_AUTH_INI_KEY}"),
        k8s.core.v1.EnvVarArgs(
            name=FLASK_SECRET_ENV,
            value_from=k8s.core.v1.EnvVarSourceArgs(secret_key_ref=k8s.core.v1.SecretKeySelectorArgs(
                name=svc.MLFLOW_AUTH_SECRET, key=svc.MLFLOW_AUTH_FLASK_KEY)),
        ),
    ]


def auth_volume() -> k8s.core.v1.VolumeArgs:
    return k8s.core.v1.VolumeArgs(
        name=CONFIG_VOLUME,
        secret=k8s.core.v1.SecretVolumeSourceArgs(
            secret_name=svc.MLFLOW_AUTH_SECRET,
            items=[k8s.core.v1.KeyToPathArgs(key=svc.MLFLOW_AUTH_INI_KEY, path=svc.MLFLOW_AUTH_INI_KEY)],
            default_mode=0o440,
        ),
    )


def auth_mount() -> k8s.core.v1.VolumeMountArgs:
    return k8s.core.v1.VolumeMountArgs(name=CONFIG_VOLUME, mount_path=CONFIG_DIR, read_only=True)
