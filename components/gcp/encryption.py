"""GCP-only: the Cloud KMS key that encrypts Kubernetes Secrets in etcd (GKE application-layer secrets encryption).

GKE needs a key in the cluster's region and its service agent (service-<number>@container-engine-robot) allowed
to encrypt/decrypt with it before the cluster is created. The agent's address is read from a
``ServiceIdentity`` resource, so no project-number lookup (invoke) is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi
import pulumi_gcp as gcp

ROTATION_PERIOD = "7776000s"
"""90 days: automatic rotation of the key-encryption key (CIS GKE benchmark 5.3.1 / KMS best practice)."""
KEY_PURPOSE = "ENCRYPT_DECRYPT"
GKE_SERVICE = "container.googleapis.com"
ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter"


@dataclass(frozen=True, kw_only=True)
class SecretsKeyArgs:
    region: str
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = False


class SecretsKey(pulumi.ComponentResource):
    """A key ring and a rotating key in the region, usable by the GKE service agent only.

    Callers rely on ``key_id`` (the cluster's ``databaseEncryption.keyName``) and ``grant`` (the cluster must
    depend on it, or creation fails with a permission error).
    """

    key_ring: gcp.kms.KeyRing
    key: gcp.kms.CryptoKey
    service_agent: gcp.projects.ServiceIdentity
    grant: gcp.kms.CryptoKeyIAMMember
    key_id: pulumi.Output[str]

    def __init__(self, name: str, args: SecretsKeyArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlplatform:gcp:SecretsKey", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.key_ring = gcp.kms.KeyRing(name, location=args.region, opts=child)
        self.key = gcp.kms.CryptoKey(
            f"{name}-key",
            key_ring=self.key_ring.id,
            purpose=KEY_PURPOSE,
            rotation_period=ROTATION_PERIOD,
            labels=dict(args.tags),
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        self.service_agent = gcp.projects.ServiceIdentity(f"{name}-gke-agent", service=GKE_SERVICE, opts=child)
        self.grant = gcp.kms.CryptoKeyIAMMember(
            f"{name}-gke-agent-access",
            crypto_key_id=self.key.id,
            role=ENCRYPTER_DECRYPTER,
            member=self.service_agent.member,
            opts=child,
        )
        self.key_id = self.key.id
        self.register_outputs({"key_id": self.key_id})
