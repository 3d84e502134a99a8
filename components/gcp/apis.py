"""GCP-only: the Google APIs the stack calls, enabled by the stack itself and never disabled on destroy.

A fresh project has most of them off; the first resource of each kind would otherwise fail with
"API not enabled". Two APIs cannot be enabled this way and are a checked precondition (docs/deploy-gcp.md):
Service Usage (which enables the others) and Cloud Resource Manager (the project lookup).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.plan import ClusterPlan

CLUSTER_APIS: tuple[str, ...] = (
    "compute.googleapis.com",
    "container.googleapis.com",
    "cloudkms.googleapis.com",
    "iam.googleapis.com",
)
"""What every stack builds: network, GKE, the Secrets key, service accounts and their bindings."""
MLFLOW_APIS: tuple[str, ...] = ("servicenetworking.googleapis.com", "sqladmin.googleapis.com", "storage.googleapis.com")
"""MLflow's data plane: private service access for Cloud SQL, Cloud SQL itself, the artifact bucket."""
PRECONDITION_APIS: tuple[str, ...] = ("serviceusage.googleapis.com", "cloudresourcemanager.googleapis.com")


def required_apis(plan: ClusterPlan) -> tuple[str, ...]:
    return CLUSTER_APIS + (MLFLOW_APIS if plan.services.mlflow is not None else ())


def api_slug(api: str) -> str:
    return api.removesuffix(".googleapis.com")


@dataclass(frozen=True, kw_only=True)
class ApisArgs:
    apis: tuple[str, ...]


class Apis(pulumi.ComponentResource):
    """One ``projects.Service`` per API. Destroying the stack leaves them on: other workloads in the project
    may use them, and disabling an API with resources still in it fails or orphans them.

    Callers rely on ``services``: every resource that calls one of these APIs depends on them.
    """

    services: list[gcp.projects.Service]

    def __init__(self, name: str, args: ApisArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:Apis", name, None, opts)
        self.services = [
            gcp.projects.Service(
                f"{name}-{api_slug(api)}",
                service=api,
                disable_on_destroy=False,
                disable_dependent_services=False,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for api in args.apis
        ]
        self.register_outputs({})
