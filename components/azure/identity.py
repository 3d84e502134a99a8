"""MLflow's workload identity on AKS: a user-assigned identity the MLflow service account federates to, with a
data-plane role on its own container only; no keys anywhere.

(learn.microsoft.com/azure/aks/workload-identity-overview) A federated identity credential trusts tokens that
the cluster's OIDC issuer signs for `system:serviceaccount:<namespace>:<service account>` with the audience
`api://AzureADTokenExchange`; pods of that service account labelled `azure.workload.identity/use: "true"` get the
identity's token projected by AKS's webhook, which reads the client ID from the service account's
`azure.workload.identity/client-id` annotation. The identity holds "Storage Blob Data Contributor" scoped to the
artifact container, nothing wider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pulumi
from pulumi_azure_native import authorization, managedidentity

from components.azure.encryption import PRINCIPAL_SERVICE, role_definition_id
from components.azure.propagation import ARM_WAIT, propagation_wait
from components.catalog.services import MLFLOW_NAMESPACE, MLFLOW_SERVICE_ACCOUNT
from components.handle import WorkloadIdentity
from components.plan import ClusterPlan

TOKEN_AUDIENCE = "api://AzureADTokenExchange"
CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id"
USE_LABEL: Mapping[str, str] = MappingProxyType({"azure.workload.identity/use": "true"})
ROLE_STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe"


def service_account_subject(namespace: str, service_account: str) -> str:
    return f"system:serviceaccount:{namespace}:{service_account}"


@dataclass(frozen=True, kw_only=True)
class MlflowIdentityArgs:
    plan: ClusterPlan
    resource_group_name: pulumi.Input[str]
    subscription_id: pulumi.Input[str]
    oidc_issuer_url: pulumi.Input[str]
    container_id: pulumi.Input[str]  # the artifact container: the only scope of the data role


class MlflowIdentity(pulumi.ComponentResource):
    """User-assigned identity + federated credential for the MLflow KSA + blob data role on its container."""

    binding: WorkloadIdentity
    client_id: pulumi.Output[str]

    def __init__(self, name: str, args: MlflowIdentityArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:azure:MlflowIdentity", name, None, opts)
        plan = args.plan
        child = pulumi.ResourceOptions(parent=self)
        identity = managedidentity.UserAssignedIdentity(
            name,
            resource_name_=f"id-{plan.name}-mlflow",
            resource_group_name=args.resource_group_name,
            location=plan.region,
            tags=dict(plan.tags),
            opts=child,
        )
        federation = managedidentity.FederatedIdentityCredential(
            f"{name}-federation",
            federated_identity_credential_resource_name=MLFLOW_SERVICE_ACCOUNT,
            resource_name_=identity.name,
            resource_group_name=args.resource_group_name,
            issuer=args.oidc_issuer_url,
            subject=service_account_subject(MLFLOW_NAMESPACE, MLFLOW_SERVICE_ACCOUNT),
            audiences=[TOKEN_AUDIENCE],
            opts=child,
        )
        access = authorization.RoleAssignment(
            f"{name}-blob-access",
            scope=args.container_id,
            role_definition_id=pulumi.Output.from_input(args.subscription_id).apply(
                lambda s: role_definition_id(s, ROLE_STORAGE_BLOB_DATA_CONTRIBUTOR)
            ),
            principal_id=identity.principal_id,
            principal_type=PRINCIPAL_SERVICE,
            opts=child,
        )
        # The blob role takes effect up to ten minutes after it is granted (propagation.py): pods start after it.
        wait = propagation_wait(name, {"blob-access": access, "federation": federation}, ARM_WAIT, parent=self)
        self.client_id = identity.client_id
        self.binding = WorkloadIdentity(
            namespace=MLFLOW_NAMESPACE,
            service_account=MLFLOW_SERVICE_ACCOUNT,
            annotations={CLIENT_ID_ANNOTATION: identity.client_id},
            pod_labels=USE_LABEL,
            ready=(federation, access, wait),
        )
        self.register_outputs({"client_id": self.client_id})
