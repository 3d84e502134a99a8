"""MLflow's pod, pure: the server's command line, its host allowlist, and the hardened containers.

The server reads its database URL from MLFLOW_BACKEND_STORE_URI (a Secret), never from its command line; the
init container runs `mlflow db upgrade` on the same URL before the server starts. Artifacts are proxied
(`--serve-artifacts`), so clients need only the tracking URI, never cloud credentials.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_kubernetes as k8s

from components.catalog import services as svc
from components.catalog.mlflow_sizing import ServerSizing
from components.k8s import mlflow_auth

BACKEND_STORE_ENV = "MLFLOW_BACKEND_STORE_URI"  # `mlflow server` reads it (server_options.json: envvar)
TMP = ("tmp", "/tmp")  # the only writable path: proxied uploads and downloads are staged here, HOME points here
POOL_SIZE_ENV = "MLFLOW_SQLALCHEMYSTORE_POOL_SIZE"
MAX_OVERFLOW_ENV = "MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW"
PORT_NAME = "http"
HEALTH = "/health"  # exempt from the host allowlist, so kubelet probes pass


def service_hosts(service: str, namespace: str) -> tuple[str, ...]:
    """Every name a pod in the cluster can reach the Service by (search-path short forms to the FQDN)."""
    return (service, f"{service}.{namespace}", f"{service}.{namespace}.svc", f"{service}.{namespace}.svc.cluster.local")


def allowed_hosts(service: str, namespace: str, port: int) -> str:
    """The Host headers the server accepts: its in-cluster names with the port (MLflow matches the port too),
    and localhost on any port for `kubectl port-forward`."""
    names = [f"{host}:{port}" for host in service_hosts(service, namespace)]
    return ",".join([*names, "localhost:*", "127.0.0.1:*"])


def server_args(
    artifacts_destination: pulumi.Input[str], service: str, namespace: str, workers: int
) -> list[pulumi.Input[str]]:
    """`mlflow server` flags (names from the pinned release's server_options.json). No --gunicorn-opts or
    --waitress-opts: MLflow refuses them together with --allowed-hosts; --workers sets the process count."""
    return [
        "server",
        "--host", "0.0.0.0",
        "--port", str(svc.MLFLOW_PORT),
        "--serve-artifacts",
        "--artifacts-destination", artifacts_destination,
        "--allowed-hosts", allowed_hosts(service, namespace, svc.MLFLOW_PORT),
        "--workers", str(workers),
        "--app-name", mlflow_auth.APP_NAME,
    ]


def migrate_args() -> list[str]:
    """`mlflow db upgrade <url>`; Kubernetes expands $(VAR) from the container's env (the Secret)."""
    return ["db", "upgrade", f"$({BACKEND_STORE_ENV})"]


def security_context() -> k8s.core.v1.SecurityContextArgs:
    return k8s.core.v1.SecurityContextArgs(
        allow_privilege_escalation=False,
        read_only_root_filesystem=True,
        run_as_non_root=True,
        capabilities=k8s.core.v1.CapabilitiesArgs(drop=["ALL"]),
        seccomp_profile=k8s.core.v1.SeccompProfileArgs(type="RuntimeDefault"),
    )


def pod_security_context() -> k8s.core.v1.PodSecurityContextArgs:
    uid = svc.MLFLOW_USER_ID
    return k8s.core.v1.PodSecurityContextArgs(
        run_as_non_root=True,
        run_as_user=uid,
        run_as_group=uid,
        fs_group=uid,
        seccomp_profile=k8s.core.v1.SeccompProfileArgs(type="RuntimeDefault"),
    )


def environment(
    secret: str, storage_env: Mapping[str, pulumi.Input[str]], sizing: ServerSizing
) -> list[k8s.core.v1.EnvVarArgs]:
    """The database URL from the Secret, HOME and caches on /tmp, the connection pools sized from the database class,
    and what the storage client needs (no secrets)."""
    fixed = [
        k8s.core.v1.EnvVarArgs(
            name=BACKEND_STORE_ENV,
            value_from=k8s.core.v1.EnvVarSourceArgs(
                secret_key_ref=k8s.core.v1.SecretKeySelectorArgs(name=secret, key=svc.MLFLOW_DATABASE_SECRET_KEY)
            ),
        ),
        k8s.core.v1.EnvVarArgs(name="HOME", value=TMP[1]),
        k8s.core.v1.EnvVarArgs(name="PYTHONDONTWRITEBYTECODE", value="1"),
        k8s.core.v1.EnvVarArgs(name=POOL_SIZE_ENV, value=str(sizing.pool_size)),
        k8s.core.v1.EnvVarArgs(name=MAX_OVERFLOW_ENV, value=str(sizing.max_overflow)),
    ]
    return fixed + [k8s.core.v1.EnvVarArgs(name=k, value=v) for k, v in sorted(storage_env.items())]


def _probe(period: int, failures: int) -> k8s.core.v1.ProbeArgs:
    return k8s.core.v1.ProbeArgs(
        http_get=k8s.core.v1.HTTPGetActionArgs(path=HEALTH, port=PORT_NAME),
        period_seconds=period,
        failure_threshold=failures,
        timeout_seconds=5,
    )


def _resources(r: svc.Resources) -> k8s.core.v1.ResourceRequirementsArgs:
    shape = r.as_k8s()
    return k8s.core.v1.ResourceRequirementsArgs(requests=shape["requests"], limits=shape["limits"])


def _tmp_mount() -> k8s.core.v1.VolumeMountArgs:
    return k8s.core.v1.VolumeMountArgs(name=TMP[0], mount_path=TMP[1])


def migrate_container(env: Sequence[k8s.core.v1.EnvVarArgs]) -> k8s.core.v1.ContainerArgs:
    return k8s.core.v1.ContainerArgs(
        name="db-upgrade",
        image=svc.MLFLOW_IMAGE.ref,
        command=["mlflow"],
        args=migrate_args(),
        env=list(env),
        resources=_resources(svc.MLFLOW_MIGRATION),
        security_context=security_context(),
        volume_mounts=[_tmp_mount()],
    )


def server_container(
    env: Sequence[k8s.core.v1.EnvVarArgs], artifacts_destination: pulumi.Input[str], namespace: str, workers: int
) -> k8s.core.v1.ContainerArgs:
    return k8s.core.v1.ContainerArgs(
        name="mlflow",
        image=svc.MLFLOW_IMAGE.ref,
        command=["mlflow"],
        args=server_args(artifacts_destination, svc.MLFLOW_SERVICE, namespace, workers),
        env=[*env, *mlflow_auth.auth_env()],
        ports=[k8s.core.v1.ContainerPortArgs(name=PORT_NAME, container_port=svc.MLFLOW_PORT)],
        startup_probe=_probe(period=5, failures=60),  # first start waits for the migration's last steps
        readiness_probe=_probe(period=10, failures=3),
        liveness_probe=_probe(period=20, failures=3),
        resources=_resources(svc.MLFLOW_SERVER),
        security_context=security_context(),
        volume_mounts=[_tmp_mount(), mlflow_auth.auth_mount()],
    )


def tmp_volume(scratch_gib: int, storage_class: str) -> k8s.core.v1.VolumeArgs:
    """A generic ephemeral volume (a PVC that lives and dies with the pod) of `scratch_gib`: the node's own disk
    cannot hold a staged checkpoint of a full accelerator node (see mlflow_sizing)."""
    return k8s.core.v1.VolumeArgs(
        name=TMP[0],
        ephemeral=k8s.core.v1.EphemeralVolumeSourceArgs(
            volume_claim_template=k8s.core.v1.PersistentVolumeClaimTemplateArgs(
                spec=k8s.core.v1.PersistentVolumeClaimSpecArgs(
                    access_modes=["ReadWriteOnce"],
                    storage_class_name=storage_class,
                    resources=k8s.core.v1.VolumeResourceRequirementsArgs(requests={"storage": f"{scratch_gib}Gi"}),
                )
            )
        ),
    )


def zone_spread(labels: Mapping[str, str]) -> list[k8s.core.v1.TopologySpreadConstraintArgs]:
    """Prod: replicas in different zones (hard), and on different nodes where possible."""
    selector = k8s.meta.v1.LabelSelectorArgs(match_labels=dict(labels))
    return [
        k8s.core.v1.TopologySpreadConstraintArgs(
            max_skew=1, topology_key="topology.kubernetes.io/zone", when_unsatisfiable="DoNotSchedule",
            label_selector=selector,
        ),
        k8s.core.v1.TopologySpreadConstraintArgs(
            max_skew=1, topology_key="kubernetes.io/hostname", when_unsatisfiable="ScheduleAnyway",
            label_selector=selector,
        ),
    ]
