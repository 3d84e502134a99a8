"""Security baseline on buckets, databases and Kubernetes objects; enforcement levels from the pack config.

Each case mutates one resource of the synthetic stack (which passes everything) and asserts every verdict of
both packs exactly: the clause that broke and nothing else. Missing properties fall back to the cloud's
default, which is what the case expects; unknown values are reported as unknown, never as a verdict.
"""

from __future__ import annotations

import json

import pytest

from tests.policies.synthetic import DROP, SMALL_DB_IN_DEV, TAGS, found, mutated, verdicts

SECURITY = "mlplatform-security-baseline"
DEV = {**TAGS, "mlplatform-environment": "dev"}

C0 = ("spec", "template", "spec", "containers", 0)
CTX = (*C0, "securityContext")
CASES = {
    "pub-pab": (mutated("art-pab", (("blockPublicPolicy",), False)), None, None),
    "pub-pab-gone": ({"art-pab": None}, None, None),
    "pub-pab-unknown": (mutated("art-pab", (("blockPublicAcls",), "[unknown]")), None, None),
    "pub-gcs": (
        mutated("models", (("publicAccessPrevention",), "inherited"), (("uniformBucketLevelAccess",), DROP)),
        None,
        None,
    ),
    "pub-az": (mutated("st", (("allowBlobPublicAccess",), DROP)), None, None),
    "enc-s3": ({"art-sse": None}, None, None),
    "enc-s3-aes": (
        mutated("art-sse", (("rules", 0, "applyServerSideEncryptionByDefault"), {"sseAlgorithm": "AES256"})),
        None,
        None,
    ),
    "ver-s3": (mutated("art-versioning", (("versioningConfiguration", "status"), "Suspended")), None, None),
    "ver-gcs": (mutated("models", (("versioning",), DROP)), None, None),
    "ver-az": (mutated("st-blob", (("isVersioningEnabled",), False)), None, None),
    "tls-s3": (
        mutated(
            "art-policy",
            (("policy",), json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]})),
        ),
        None,
        None,
    ),
    "tls-az": (mutated("st", (("enableHttpsTrafficOnly",), False), (("minimumTlsVersion",), "TLS1_0")), None, None),
    "dbpub-rds": (mutated("db", (("publiclyAccessible",), True)), None, None),
    "dbpub-sql": (mutated("sql", (("settings", "ipConfiguration", "ipv4Enabled"), DROP)), None, None),
    "dbpub-pg": (mutated("pg", (("network", "publicNetworkAccess"), "Enabled")), None, None),
    "dbenc": (mutated("db", (("storageEncrypted",), DROP)), None, None),
    "dbtls-rds": (mutated("db-params", (("parameters",), [])), None, None),
    "dbtls-sql": (
        mutated("sql", (("settings", "ipConfiguration", "sslMode"), "ALLOW_UNENCRYPTED_AND_ENCRYPTED")),
        None,
        None,
    ),
    "dbtls-pg": (mutated("pg-tls", (("value",), "off")), None, None),
    "bk-rds": (mutated("db", (("backupRetentionPeriod",), DROP)), None, None),
    "bk-sql": (mutated("sql", (("settings", "backupConfiguration", "enabled"), False)), None, None),
    "bk-config": ({}, {SECURITY: {"databases-backed-up": {"minBackupRetentionDays": 30}}}, None),
    "del-rds": (mutated("db", (("deletionProtection",), False)), None, None),
    "del-sql": (mutated("sql", (("settings", "deletionProtectionEnabled"), DROP)), None, None),
    "del-pg": ({}, None, {"pg": False}),
    "del-sql-top": (mutated("sql", (("deletionProtection",), False)), None, None),
    "bak-sql-few": (
        mutated("sql", (("settings", "backupConfiguration", "backupRetentionSettings"), {"retainedBackups": 3.0})),
        None,
        None,
    ),
    "bak-sql-enough": (
        mutated("sql", (("settings", "backupConfiguration", "backupRetentionSettings"), {"retainedBackups": 7.0})),
        None,
        None,
    ),
    "lb-wrong-value": (
        mutated("api-lb", (("metadata", "annotations"), {"networking.gke.io/load-balancer-type": "External"})),
        None,
        None,
    ),
    "lb-aws-internal": (
        mutated(
            "api-lb",
            (("metadata", "annotations"), {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"}),
        ),
        None,
        None,
    ),
    "del-dev": (mutated("db", (("deletionProtection",), False), (("tags",), DEV)), None, None),
    "del-config": (
        mutated("db", (("deletionProtection",), False)),
        {SECURITY: {"databases-deletion-protected": {"protectedEnvironments": []}}},
        None,
    ),
    "lb": (mutated("api-lb", (("metadata", "annotations"), DROP)), None, None),
    "priv": (
        mutated("api", (("spec", "template", "spec", "containers", 0, "securityContext", "privileged"), True)),
        None,
        None,
    ),
    "plugin-ns": (mutated("plugin", (("metadata", "namespace"), "ml")), None, None),
    "host": (mutated("api", (("spec", "template", "spec", "hostPID"), True)), None, None),
    "esc": (
        mutated(
            "api", (("spec", "template", "spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"), True)
        ),
        None,
        None,
    ),
    "root": (mutated("api", (("spec", "template", "spec", "securityContext"), {"runAsUser": 0})), None, None),
    "limits": (
        mutated("api", (("spec", "template", "spec", "containers", 0, "resources", "limits"), DROP)),
        None,
        None,
    ),
    "helm-range": (mutated("operator", (("version",), "^1.4")), None, None),
    "helm-http": (mutated("operator", (("repositoryOpts", "repo"), "http://charts.example.com")), None, None),
    "helm-oci": (mutated("operator", (("chart",), "oci://ghcr.io/x/chart"), (("repositoryOpts",), DROP)), None, None),
    "helm-missing": (mutated("operator", (("version",), DROP)), None, None),
    "level-adv": (
        mutated("eks", (("vpcConfig", "endpointPublicAccess"), True)),
        {SECURITY: {"api-endpoint-private": "advisory"}},
        None,
    ),
    "level-dis": (mutated("eks", (("vpcConfig", "endpointPublicAccess"), True)), {SECURITY: {"all": "disabled"}}, None),
}

EXPECTED = {
    "plugin-ns": [
        ("container-hardening", "violation", "plugin", "plugin: container 'p' keeps NET_RAW; drop ALL capabilities"),
        ("images-pinned", "violation", "plugin", "plugin container 'p': image (none) is not pinned"),
        ("no-host-namespaces", "violation", "plugin", "plugin shares the host's namespaces: hostNetwork"),
        ("no-privilege-escalation", "violation", "plugin", "plugin container 'p': set allowPrivilegeEscalation: false"),
        (
            "no-privileged-containers",
            "violation",
            "plugin",
            "plugin: privileged container(s) p in namespace 'ml'; only kube-system, nvidia-device-plugin (labelled "
            "pod-security.kubernetes.io/enforce: privileged) may run them",
        ),
        (
            "requests-and-limits",
            "violation",
            "plugin",
            "plugin container 'p' sets no requests.cpu, requests.memory, limits.cpu, limits.memory",
        ),
        ("run-as-non-root", "violation", "plugin", "plugin container 'p' may run as root; set runAsNonRoot: true"),
    ],
    "priv": [
        (
            "no-privileged-containers",
            "violation",
            "api",
            "api: privileged container(s) app in namespace 'ml'; only kube-system, nvidia-device-plugin (labelled "
            "pod-security.kubernetes.io/enforce: privileged) may run them",
        )
    ],
    "esc": [
        ("no-privilege-escalation", "violation", "api", "api container 'app': set allowPrivilegeEscalation: false")
    ],
    "del-sql-top": [
        (
            "databases-deletion-protected",
            "violation",
            "sql",
            "sql: set deletionProtection and settings.deletionProtectionEnabled in prod",
        )
    ],
    "bak-sql-few": [
        (
            "databases-backed-up",
            "violation",
            "sql",
            "sql: 3 daily backup(s) retained, under 7 (backupRetentionSettings)",
        )
    ],
    "bak-sql-enough": [],
    "lb-wrong-value": [
        (
            "no-public-load-balancer",
            "violation",
            "api-lb",
            "Service api-lb is a public LoadBalancer; annotate it internal or use an internal ingress",
        )
    ],
    "lb-aws-internal": [],
    "pub-pab": [
        ("buckets-not-public", "violation", "art", "S3 bucket art: public access block lacks blockPublicPolicy")
    ],
    "pub-pab-gone": [
        (
            "buckets-not-public",
            "violation",
            "art",
            "S3 bucket art: public access block lacks blockPublicAcls, blockPublicPolicy, ignorePublicAcls, "
            "restrictPublicBuckets",
        )
    ],
    "pub-pab-unknown": [
        (
            "buckets-not-public",
            "unknown",
            "(stack)",
            "can't run policy 'buckets-not-public' from policy pack 'mlplatform-security-baseline@v0.0.1' "
            "during preview: "
            "string value at .blockPublicAcls "
            "can't be known during preview",
        )
    ],
    "pub-gcs": [
        ("buckets-not-public", "violation", "models", "GCS bucket models: set publicAccessPrevention: enforced"),
        (
            "buckets-not-public",
            "violation",
            "models",
            "GCS bucket models: set uniformBucketLevelAccess (no per-object ACLs)",
        ),
    ],
    "pub-az": [("buckets-not-public", "violation", "st", "storage account st: set allowBlobPublicAccess: false")],
    "enc-s3": [
        (
            "buckets-encrypted",
            "violation",
            "art",
            "S3 bucket art: default encryption is none; use aws:kms with a customer-managed key (kmsMasterKeyId)",
        )
    ],
    "enc-s3-aes": [
        (
            "buckets-encrypted",
            "violation",
            "art",
            "S3 bucket art: default encryption is AES256; use aws:kms with a customer-managed key (kmsMasterKeyId)",
        )
    ],
    "ver-s3": [("buckets-versioned", "violation", "art", "bucket art: object versioning is off")],
    "ver-gcs": [("buckets-versioned", "violation", "models", "bucket models: object versioning is off")],
    "ver-az": [("buckets-versioned", "violation", "st", "bucket st: object versioning is off")],
    "tls-s3": [
        ("buckets-tls-only", "violation", "art", "S3 bucket art: no bucket policy denies aws:SecureTransport false")
    ],
    "tls-az": [
        ("buckets-tls-only", "violation", "st", "storage account st: plain HTTP is allowed (enableHttpsTrafficOnly)"),
        ("buckets-tls-only", "violation", "st", "storage account st: set minimumTlsVersion: TLS1_2"),
    ],
    "dbpub-rds": [("databases-not-public", "violation", "db", "db: publiclyAccessible is true")],
    "dbpub-sql": [
        (
            "databases-not-public",
            "violation",
            "sql",
            "sql: a public IPv4 address is assigned; set settings.ipConfiguration.ipv4Enabled: false",
        )
    ],
    "dbpub-pg": [
        (
            "databases-not-public",
            "violation",
            "pg",
            "pg: public network access is on; set network.publicNetworkAccess: Disabled",
        )
    ],
    "dbenc": [("databases-encrypted", "violation", "db", "db: storageEncrypted is not true")],
    "dbtls-rds": [
        (
            "databases-tls-enforced",
            "violation",
            "db",
            "RDS instance db: its parameter group does not set rds.force_ssl=1",
        )
    ],
    "dbtls-sql": [
        (
            "databases-tls-enforced",
            "violation",
            "sql",
            "Cloud SQL sql: sslMode is ALLOW_UNENCRYPTED_AND_ENCRYPTED; use ENCRYPTED_ONLY",
        )
    ],
    "dbtls-pg": [
        ("databases-tls-enforced", "violation", "pg", "PostgreSQL server pg: require_secure_transport is off")
    ],
    "bk-rds": [("databases-backed-up", "violation", "db", "db: backups kept the default 1 day(s), under 7")],
    "bk-sql": [
        (
            "databases-backed-up",
            "violation",
            "sql",
            "sql: automated backups are off (settings.backupConfiguration.enabled)",
        )
    ],
    "bk-config": [
        ("databases-backed-up", "violation", "db", "db: backups kept 7 day(s), under 30"),
        ("databases-backed-up", "violation", "pg", "pg: backups kept 14 day(s), under 30"),
        (
            "databases-backed-up",
            "violation",
            "sql",
            "sql: 7 daily backup(s) retained, under 30 (backupRetentionSettings)",
        ),
    ],
    "del-rds": [("databases-deletion-protected", "violation", "db", "db: deletionProtection is off in prod")],
    "del-sql": [
        (
            "databases-deletion-protected",
            "violation",
            "sql",
            "sql: set deletionProtection and settings.deletionProtectionEnabled in prod",
        )
    ],
    "del-pg": [
        (
            "databases-deletion-protected",
            "violation",
            "pg",
            "pg: not protected in prod; set the protect resource option",
        )
    ],
    "del-dev": SMALL_DB_IN_DEV,
    "del-config": [],
    "lb": [
        (
            "no-public-load-balancer",
            "violation",
            "api-lb",
            "Service api-lb is a public LoadBalancer; annotate it internal or use an internal ingress",
        )
    ],
    "host": [("no-host-namespaces", "violation", "api", "api shares the host's namespaces: hostPID")],
    "root": [("run-as-non-root", "violation", "api", "api container 'app' may run as root; set runAsNonRoot: true")],
    "limits": [("requests-and-limits", "violation", "api", "api container 'app' sets no limits.cpu, limits.memory")],
    "helm-range": [
        (
            "helm-releases-pinned",
            "violation",
            "operator",
            "Helm release operator (kuberay-operator) pins no exact version (got '^1.4')",
        )
    ],
    "helm-http": [
        (
            "helm-releases-pinned",
            "violation",
            "operator",
            "Helm release operator (kuberay-operator) comes from http://charts.example.com; use an https or oci:// one",
        )
    ],
    "helm-oci": [],
    "helm-missing": [
        (
            "helm-releases-pinned",
            "violation",
            "operator",
            "Helm release operator (kuberay-operator) pins no exact version (got None)",
        )
    ],
    "level-adv": [
        (
            "api-endpoint-private",
            "violation",
            "eks",
            "eks: the public API endpoint is open to 0.0.0.0/0 (no publicAccessCidrs); make it private or allowlist",
        )
    ],
    "level-dis": [],
}


@pytest.mark.parametrize("case", CASES)
def test_data_and_workload_case(case: str) -> None:
    assert found(verdicts(*CASES[case])) == EXPECTED[case]
