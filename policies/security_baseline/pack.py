"""The security baseline pack: each policy's description cites the benchmark control or Checkov id it ports."""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidation,
    ResourceValidationPolicy,
    StackValidation,
    StackValidationPolicy,
)

from policies.pack import Pack
from policies.security_baseline import addons, azure, cluster, data_plane, hardening, nodes, storage, workloads

MANDATORY, ADVISORY = EnforcementLevel.MANDATORY, EnforcementLevel.ADVISORY


def _resource(
    name: str,
    description: str,
    validate: ResourceValidation,
    level: EnforcementLevel = MANDATORY,
    config_schema: PolicyConfigSchema | None = None,
) -> ResourceValidationPolicy:
    return ResourceValidationPolicy(
        name=name, description=description, validate=validate, enforcement_level=level, config_schema=config_schema
    )


def _stack(
    name: str, description: str, validate: StackValidation, level: EnforcementLevel = MANDATORY
) -> StackValidationPolicy:
    return StackValidationPolicy(name=name, description=description, validate=validate, enforcement_level=level)


PACK = Pack(
    folder="security_baseline",
    name="mlplatform-security-baseline",
    description="Security baseline for mlplatform stacks: CIS EKS/GKE/AKS controls and Checkov checks.",
    policies=(
        _resource(
            "api-endpoint-private",
            "The API endpoint is private or allowlisted, never 0.0.0.0/0 (CIS EKS 5.4.1/5.4.2, CIS GKE 5.6.3/5.6.4, "
            "CIS AKS 5.4.1/5.4.2; Checkov CKV_AWS_38, CKV_AWS_39, CKV_GCP_20, CKV_GCP_25, CKV_AZURE_6, CKV_AZURE_115).",
            cluster.api_endpoint_private,
        ),
        _resource(
            "secrets-encrypted-with-cmk",
            "Kubernetes secrets are encrypted with a customer-managed key (CIS EKS 5.3.1, CIS GKE 5.3.1, "
            "CIS AKS 5.3.1; Checkov CKV_AWS_58).",
            cluster.secrets_encrypted,
        ),
        _resource(
            "control-plane-audit-logging",
            "Control-plane logs are collected: all five EKS log types, GKE Cloud Logging (CIS EKS 2.1.1, "
            "CIS GKE 5.7.1; Checkov CKV_AWS_37, CKV_GCP_1).",
            cluster.audit_logging,
        ),
        _stack(
            "aks-audit-logs",
            "AKS ships kube-audit logs through a diagnostic setting (CIS AKS 2.1.1; Checkov CKV_AZURE_4). Advisory: "
            "the Azure cluster component creates no diagnostic setting yet.",
            addons.aks_audit_logs,
            ADVISORY,
        ),
        _stack(
            "workload-identity",
            "Pods get cloud credentials through workload identity: EKS Pod Identity or IRSA, GKE Workload Identity, "
            "AKS workload identity (CIS EKS 5.2.1, CIS GKE 5.2.2).",
            addons.workload_identity,
        ),
        _resource(
            "node-metadata-protected",
            "Pods cannot read node credentials from instance metadata: IMDSv2 with hop limit 1, GKE metadata server "
            "(CIS GKE 5.4.2; Checkov CKV_AWS_79, CKV_AWS_341, CKV_GCP_69).",
            nodes.node_metadata_protected,
        ),
        _resource(
            "no-public-node-access",
            "Nodes have no public IPs and no SSH access (CIS EKS 5.4.3, CIS GKE 5.6.5, CIS AKS 5.4.3; "
            "Checkov CKV_AWS_100, CKV_GCP_64).",
            nodes.no_public_node_access,
        ),
        _resource(
            "network-policy-enforced",
            "NetworkPolicy is enforced by the cluster's dataplane (CIS GKE 5.6.7, CIS AKS 5.4.4; Checkov CKV_GCP_12, "
            "CKV_AZURE_7).",
            cluster.network_policy_enforced,
        ),
        _stack(
            "eks-network-policy",
            "EKS enforces NetworkPolicy through the VPC CNI add-on (CIS EKS 4.3.2). Advisory: the AWS cluster "
            "component does not manage the vpc-cni add-on yet.",
            addons.eks_network_policy,
            ADVISORY,
        ),
        _resource(
            "no-legacy-authentication",
            "No local accounts, client certificates, ABAC or aws-auth ConfigMap (CIS EKS 5.5.1, CIS GKE 5.8.1/5.8.3, "
            "CIS AKS 5.5.1; Checkov CKV_GCP_7, CKV_GCP_13, CKV_AZURE_5, CKV_AZURE_141).",
            cluster.no_legacy_authentication,
        ),
        _resource(
            "supported-kubernetes-version",
            "Clusters and pools run a Kubernetes minor in the cloud's standard support (catalog calendar; "
            "Checkov CKV_AWS_339).",
            cluster.supported_kubernetes_version,
        ),
        _resource(
            "hardened-node-images",
            "Nodes boot hardened images: AL2023 or Bottlerocket on EKS; shielded Container-Optimized OS with secure "
            "boot on GKE (CIS GKE 5.5.1/5.5.5/5.5.7; Checkov CKV_GCP_68, CKV_GCP_71).",
            nodes.hardened_node_images,
        ),
        _resource(
            "least-privilege-node-identity",
            "Nodes use a dedicated narrow identity: not the GKE default service account, no admin policy on AWS "
            "roles (CIS GKE 5.2.1; Checkov CKV_AWS_274).",
            nodes.least_privilege_node_identity,
        ),
        _stack(
            "buckets-not-public",
            "Buckets block public access (Checkov CKV_AWS_53-56, CKV_GCP_114, CKV_GCP_29).",
            storage.buckets_not_public,
        ),
        _stack(
            "buckets-encrypted",
            "S3 buckets declare default encryption; GCS and Azure Storage always encrypt (Checkov CKV_AWS_145).",
            storage.buckets_encrypted,
        ),
        _stack(
            "buckets-versioned",
            "Buckets keep object versions (Checkov CKV_AWS_21, CKV_GCP_78).",
            storage.buckets_versioned,
        ),
        _stack(
            "buckets-tls-only",
            "Buckets refuse plain HTTP (CIS AWS Foundations 2.1.1 deny HTTP requests; Checkov CKV_AZURE_3, "
            "CKV_AZURE_44).",
            storage.buckets_tls_only,
        ),
        _resource(
            "databases-not-public",
            "Databases have no public endpoint (Checkov CKV_AWS_17, CKV_GCP_60).",
            storage.databases_not_public,
        ),
        _resource(
            "databases-encrypted",
            "Database storage is encrypted (Checkov CKV_AWS_16).",
            storage.databases_encrypted,
        ),
        _stack(
            "databases-tls-enforced",
            "Databases refuse unencrypted connections: rds.force_ssl, Cloud SQL sslMode, require_secure_transport "
            "(Checkov CKV_GCP_6).",
            storage.databases_tls_enforced,
        ),
        _resource(
            "databases-backed-up",
            "Databases keep automated backups for the configured days: RDS retention, Cloud SQL retained backups, "
            "Azure retention (Checkov CKV_AWS_133, CKV_GCP_14).",
            storage.databases_backed_up,
            config_schema=PolicyConfigSchema(
                properties={
                    storage.MIN_BACKUP_DAYS: {"type": "integer", "minimum": 1, "default": 7, "description": "days"}
                }
            ),
        ),
        _resource(
            "databases-deletion-protected",
            "Databases in protected environments cannot be deleted by an update (Checkov CKV_AWS_293).",
            storage.databases_deletion_protected,
            config_schema=PolicyConfigSchema(
                properties={
                    storage.PROTECTED_ENVIRONMENTS: {
                        "type": "array",
                        "items": {"type": "string"},
                        "default": ["prod"],
                        "description": "environments (tag or label) whose databases must be protected",
                    }
                }
            ),
        ),
        _resource(
            "keys-rotated",
            "Customer-managed keys rotate automatically: AWS KMS key rotation, Cloud KMS rotation period of at most "
            "90 days, Key Vault rotation policy that rotates before its versions expire within two years (CIS AWS "
            "Foundations 3.6, CIS GCP 1.10, CIS Azure Foundations 2.0 8.1/8.8; Checkov CKV_AWS_7, CKV_GCP_43, "
            "CKV_AZURE_40).",
            data_plane.keys_rotated,
        ),
        _resource(
            "key-vaults-network-restricted",
            "Key Vaults are closed to the internet: public network access Disabled, or a firewall that denies by "
            "default and allows no open CIDR (CIS Azure Foundations 2.0 8.7; Checkov CKV_AZURE_109, CKV_AZURE_189).",
            azure.key_vaults_network_restricted,
        ),
        _resource(
            "storage-accounts-network-restricted",
            "Storage accounts deny public network access by default: publicNetworkAccess Disabled, or networkRuleSet "
            "defaultAction Deny with no open CIDR (CIS Azure Foundations 1.5 3.7; Checkov CKV_AZURE_35).",
            azure.storage_accounts_network_restricted,
        ),
        _resource(
            "aks-host-encryption",
            "Every AKS pool, the system pool included, is encrypted at host: temp disks, caches and disk traffic "
            "(Checkov CKV_AZURE_227).",
            azure.aks_host_encryption,
        ),
        _stack(
            "buckets-owner-enforced",
            "S3 buckets disable ACLs with object ownership BucketOwnerEnforced (Checkov CKV2_AWS_65).",
            data_plane.buckets_owner_enforced,
        ),
        _resource(
            "databases-highly-available",
            "Databases in protected environments survive a zone: RDS Multi-AZ, Cloud SQL REGIONAL, Azure HA "
            "(Checkov CKV_AWS_157, CKV_AZURE_136).",
            data_plane.databases_highly_available,
            config_schema=PolicyConfigSchema(
                properties={
                    data_plane.HA_ENVIRONMENTS: {
                        "type": "array",
                        "items": {"type": "string"},
                        "default": ["prod"],
                        "description": "environments (tag or label) whose databases must be highly available",
                    }
                }
            ),
        ),
        _resource(
            "no-public-load-balancer",
            "LoadBalancer Services are internal (platform rule: nothing is exposed to the internet by a Service).",
            workloads.no_public_load_balancer,
        ),
        _stack(
            "no-privileged-containers",
            "No privileged container outside the system namespaces labelled privileged (kube-system, the device "
            "plugin's; CIS EKS 4.2.1; Checkov CKV_K8S_16).",
            workloads.no_privileged_containers,
        ),
        _stack(
            "no-host-namespaces",
            "Pods share no host namespace (CIS EKS 4.2.2-4.2.4; Checkov CKV_K8S_17, CKV_K8S_18, CKV_K8S_19).",
            workloads.no_host_namespaces,
        ),
        _stack(
            "no-privilege-escalation",
            "Containers cannot escalate privileges (CIS EKS 4.2.5; Checkov CKV_K8S_20).",
            workloads.no_privilege_escalation,
        ),
        _stack(
            "run-as-non-root",
            "Containers run as non-root (CIS EKS 4.2.6; Checkov CKV_K8S_23).",
            workloads.run_as_non_root,
        ),
        _stack(
            "requests-and-limits",
            "Containers request and limit CPU and memory (Checkov CKV_K8S_10-13).",
            workloads.requests_and_limits,
        ),
        _stack(
            "container-hardening",
            "Containers add no capability beyond NET_BIND_SERVICE and drop NET_RAW; no seccomp Unconfined, no hostPath "
            "volumes (CIS Kubernetes 5.2.8/5.2.9/5.2.12; Checkov CKV_K8S_25, CKV_K8S_28, CKV_K8S_31, CKV_K8S_39).",
            hardening.container_hardening,
        ),
        _stack(
            "namespaces-default-deny",
            "Every namespace that runs workloads has a default-deny NetworkPolicy (CIS Kubernetes 5.3.2).",
            hardening.namespaces_default_deny,
        ),
        _stack(
            "images-pinned",
            "Container images name a release tag or a digest, never latest or none (Checkov CKV_K8S_14, CKV_K8S_43).",
            hardening.images_pinned,
            ADVISORY,
        ),
        _resource(
            "helm-releases-pinned",
            "Helm releases pin an exact chart version from an https or OCI repository (platform rule: supply chain).",
            workloads.helm_releases_pinned,
        ),
    ),
)
