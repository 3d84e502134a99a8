"""The ML workflow's identities on AKS: Ray (reads data/, reads and writes checkpoints/) and serving (reads mlflow/,
the registered models), each a user-assigned identity that one Kubernetes service account federates to, with a
Storage Blob Data role on the artifact container narrowed by an ABAC condition to its prefixes.

Why conditions, not a container per prefix: one container keeps MLflow's registered models, Ray's checkpoints
and the data under one store and one set of URIs; an Azure role assignment condition (conditionVersion 2.0) can
limit each blob data action to a path: `@Resource[...blobs:path]` for reading, writing and deleting a blob, and
`@Request[...blobs:prefix]` for listing (List Blobs is the `Blob.List` suboperation of blobs/read).
Sources: https://learn.microsoft.com/azure/storage/blobs/storage-auth-abac-attributes,
https://learn.microsoft.com/azure/storage/blobs/storage-auth-abac-examples (read or list in a path).
Known limit: Storage Blob Data Contributor also carries the container-level ARM actions (read, write, delete the
container) that conditions cannot narrow; the prod account's CanNotDelete lock and container soft delete cover a
deletion. The account uses Microsoft-managed keys, so no key grant exists or is needed.

Propagation: role assignments take "up to five minutes" to take effect (admins.py); each identity's `ready` ends
with the same wait, so pods start with working grants. KServe's storage initializer authenticates through
DefaultAzureCredential once AZURE_CLIENT_ID is set (kserve_storage.py `_get_azure_storage_token`), which AKS's
workload-identity webhook injects, with the token file, into every container of a pod labelled
azure.workload.identity/use=true whose service account carries the client-id annotation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
from pulumi_azure_native import authorization, managedidentity

from components.azure.encryption import PRINCIPAL_SERVICE, role_definition_id
from components.azure.identity import (
    CLIENT_ID_ANNOTATION,
    ROLE_STORAGE_BLOB_DATA_CONTRIBUTOR,
    TOKEN_AUDIENCE,
    USE_LABEL,
    service_account_subject,
)
from components.azure.object_store import ACCOUNT_NAME_ENV, ObjectStore
from components.azure.propagation import ARM_WAIT, propagation_wait
from components.catalog.service_names import CHECKPOINT_PREFIX, DATA_PREFIX, MLFLOW_ARTIFACT_PREFIX
from components.catalog.workloads import WORKLOAD_GRANTS, WorkloadGrant, workflow_roles
from components.handle import RayStorage, WorkloadIdentity
from components.plan import ClusterPlan

ROLE_STORAGE_BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
CONDITION_VERSION = "2.0"
BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs"
READ = f"{BLOBS}/read"
WRITES = (f"{BLOBS}/write", f"{BLOBS}/add/action", f"{BLOBS}/delete", f"{BLOBS}/move/action")
LIST = "Blob.List"


def _any_path(prefixes: tuple[str, ...]) -> str:
    return " OR ".join(f"@Resource[{BLOBS}:path] StringLike '{p}/*'" for p in prefixes)


def _any_listing(prefixes: tuple[str, ...]) -> str:
    return " OR ".join(f"@Request[{BLOBS}:prefix] StringStartsWith '{p}/'" for p in prefixes)


def blob_condition(grant: WorkloadGrant) -> str:
    """The ABAC condition of a grant: every blob read, list, write and delete stays inside its prefixes; writes
    inside its write prefixes only. A clause `(!(action) OR (attribute))` leaves other actions untouched."""
    clauses = [
        f"((!(ActionMatches{{'{READ}'}} AND NOT SubOperationMatches{{'{LIST}'}})) OR ({_any_path(grant.prefixes)}))",
        f"((!(ActionMatches{{'{READ}'}} AND SubOperationMatches{{'{LIST}'}})) OR ({_any_listing(grant.prefixes)}))",
    ]
    if grant.writes:
        no_write = " AND ".join(f"!(ActionMatches{{'{action}'}})" for action in WRITES)
        clauses.append(f"(({no_write}) OR ({_any_path(grant.write)}))")
    return " AND ".join(clauses)


def data_role(grant: WorkloadGrant) -> str:
    return ROLE_STORAGE_BLOB_DATA_CONTRIBUTOR if grant.writes else ROLE_STORAGE_BLOB_DATA_READER


@dataclass(frozen=True, kw_only=True)
class PrefixIdentityArgs:
    plan: ClusterPlan
    grant: WorkloadGrant
    resource_group_name: pulumi.Input[str]
    subscription_id: pulumi.Input[str]
    oidc_issuer_url: pulumi.Input[str]
    container_id: pulumi.Input[str]


class PrefixIdentity(pulumi.ComponentResource):
    """User-assigned identity + federated credential for one service account + a conditioned blob data role."""

    binding: WorkloadIdentity

    def __init__(self, name: str, args: PrefixIdentityArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:PrefixIdentity", name, None, opts)
        plan, grant = args.plan, args.grant
        child = pulumi.ResourceOptions(parent=self)
        identity = managedidentity.UserAssignedIdentity(
            name,
            resource_name_=f"id-{plan.name}-{grant.role}",
            resource_group_name=args.resource_group_name,
            location=plan.region,
            tags=dict(plan.tags),
            opts=child,
        )
        federation = managedidentity.FederatedIdentityCredential(
            f"{name}-federation",
            federated_identity_credential_resource_name=grant.service_account,
            resource_name_=identity.name,
            resource_group_name=args.resource_group_name,
            issuer=args.oidc_issuer_url,
            subject=service_account_subject(grant.namespace, grant.service_account),
            audiences=[TOKEN_AUDIENCE],
            opts=child,
        )
        access = authorization.RoleAssignment(
            f"{name}-blob-access",
            scope=args.container_id,
            role_definition_id=pulumi.Output.from_input(args.subscription_id).apply(
                lambda s: role_definition_id(s, data_role(grant))
            ),
            principal_id=identity.principal_id,
            principal_type=PRINCIPAL_SERVICE,
            condition=blob_condition(grant),
            condition_version=CONDITION_VERSION,
            opts=child,
        )
        wait = propagation_wait(name, {"blob-access": access, "federation": federation}, ARM_WAIT, parent=self)
        self.binding = WorkloadIdentity(
            namespace=grant.namespace,
            service_account=grant.service_account,
            annotations={CLIENT_ID_ANNOTATION: identity.client_id},
            pod_labels=USE_LABEL,
            ready=(federation, access, wait),
        )
        self.register_outputs({"client_id": identity.client_id})


def workflow_identities(
    name: str,
    plan: ClusterPlan,
    *,
    resource_group_name: pulumi.Input[str],
    subscription_id: pulumi.Input[str],
    oidc_issuer_url: pulumi.Input[str],
    store: ObjectStore,
    opts: pulumi.ResourceOptions,
) -> Mapping[str, WorkloadIdentity]:
    """`<name>-<role>-identity` for Ray and serving, each only when its service is enabled."""
    roles = workflow_roles(ray=plan.services.ray is not None, kserve=plan.services.kserve)
    return MappingProxyType({
        role: PrefixIdentity(
            f"{name}-{role}-identity",
            PrefixIdentityArgs(plan=plan, grant=WORKLOAD_GRANTS[role], resource_group_name=resource_group_name,
                               subscription_id=subscription_id, oidc_issuer_url=oidc_issuer_url,
                               container_id=store.container_id),
            opts,
        ).binding
        for role in roles
    })


def serving_uri(store: ObjectStore) -> pulumi.Output[str]:
    """`https://<account>.blob.core.windows.net/<container>/mlflow`: the Azure Blob form KServe's storage
    initializer accepts (kserve_storage.py `_AZURE_BLOB_RE`, v0.20.0); MLflow's wasbs:// is not one of them."""
    return store.prefix_uri(MLFLOW_ARTIFACT_PREFIX)


def ray_storage(plan: ClusterPlan, store: ObjectStore) -> RayStorage | None:
    """abfs:// URIs (adlfs, as MLflow's fsspec URI) and the account name adlfs reads; the token is the pod's."""
    if plan.services.ray is None:
        return None
    return RayStorage(
        data_uri=store.fsspec_prefix_uri(DATA_PREFIX),
        checkpoint_uri=store.fsspec_prefix_uri(CHECKPOINT_PREFIX),
        env=MappingProxyType({ACCOUNT_NAME_ENV: store.account_name}),
    )
