"""GCP-only: the Cloud KMS key that encrypts Kubernetes Secrets in etcd (GKE application-layer secrets encryption).

GKE needs a key in the cluster's region and its service agent (service-<number>@container-engine-robot) allowed
to encrypt/decrypt with it before the cluster is created. ``ServiceIdentity`` makes sure the agent exists, but
its ``email`` output is documented as possibly empty for some services, and an empty member would fail (or
grant nothing) only at deploy time. So the member is built from the project number (one ``getProject`` lookup)
and the build fails, before anything is registered with it, if that number is missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_gcp as gcp

ROTATION_PERIOD = "7776000s"
"""90 days: automatic rotation of the key-encryption key (CIS GKE benchmark 5.3.1 / KMS best practice)."""
KEY_PURPOSE = "ENCRYPT_DECRYPT"
GKE_SERVICE = "container.googleapis.com"
ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
GKE_AGENT = "serviceAccount:service-{number}@container-engine-robot.iam.gserviceaccount.com"


def gke_agent_member(project_number: str | None) -> str:
    """The GKE service agent's IAM member; refuses an empty project number rather than grant ``serviceAccount:``."""
    if not project_number or not project_number.isdigit():
        raise ValueError(f"the project number {project_number!r} is not usable to name the GKE service agent")
    return GKE_AGENT.format(number=project_number)


@dataclass(frozen=True, kw_only=True)
class SecretsKeyArgs:
    region: str
    project: pulumi.Input[str]
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = False
    depends_on: Sequence[pulumi.Resource] = ()


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
        child = pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on))
        self.key_ring = gcp.kms.KeyRing(name, location=args.region, opts=child)
        self.key = gcp.kms.CryptoKey(
            f"{name}-key",
            key_ring=self.key_ring.id,
            purpose=KEY_PURPOSE,
            rotation_period=ROTATION_PERIOD,
            labels=dict(args.tags),
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(protect=args.protect)),
        )
        self.service_agent = gcp.projects.ServiceIdentity(f"{name}-gke-agent", service=GKE_SERVICE, opts=child)
        self.grant = gcp.kms.CryptoKeyIAMMember(
            f"{name}-gke-agent-access",
            crypto_key_id=self.key.id,
            role=ENCRYPTER_DECRYPTER,
            member=gcp.organizations.get_project_output(project_id=args.project).number.apply(gke_agent_member),
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(depends_on=[self.service_agent])),
        )
        self.key_id = self.key.id
        self.register_outputs({"key_id": self.key_id})
