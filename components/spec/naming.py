"""Name and tag rules shared by the three clouds (the strictest of them, so a blueprint stays portable)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from components.spec.enums import Capacity, Cloud

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
# GCP labels are the strictest of the three clouds' tag rules; AWS and Azure accept these too.
TAG_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
TAG_VALUE = re.compile(r"^[a-z0-9_-]{0,63}$")
RESERVED_TAG_PREFIXES = ("aws", "goog", "microsoft", "azure", "windows", "kubernetes", "mlplatform")
MAX_USER_TAGS = 40  # AWS allows 50 tags per resource; the platform adds its own.
SYSTEM_POOL_NAME = "system"  # the CPU pool every cloud builds; accelerator pools may not take its name


def is_dns_label(name: str, max_len: int = 63) -> bool:
    return len(name) <= max_len and DNS_LABEL.match(name) is not None


def aks_pool_name(name: str) -> str:
    """AKS Linux pool names are lowercase alphanumerics only: the blueprint name without dashes."""
    return name.replace("-", "")


AKS_TIER_SUFFIX: Mapping[Capacity, str] = MappingProxyType(
    {Capacity.ON_DEMAND: "od", Capacity.SPOT: "spot", Capacity.RESERVED: "rsv", Capacity.CAPACITY_BLOCK: "cb",
     Capacity.FLEX_START: "flex"}
)
"""Short tier suffixes for AKS, whose Linux pool names hold at most 12 lowercase alphanumerics."""


def tier_pool_name(cloud: Cloud, pool: str, fallback: Capacity | None = None) -> str:
    """The cloud's name of one tier of a pool: the pool's own name for its preferred tier; a later tier of a
    preference list adds the tier (`gpu-on-demand` on EKS and GKE, `gpuod` on AKS)."""
    if cloud is Cloud.AZURE:
        return aks_pool_name(pool) + ("" if fallback is None else AKS_TIER_SUFFIX[fallback])
    return pool if fallback is None else f"{pool}-{fallback.value}"


def tag_problems(key: str, value: str) -> list[str]:
    """Why a tag is unusable on at least one cloud (empty when it is fine everywhere)."""
    out = []
    if not TAG_KEY.match(key):
        out.append(
            "tag keys must start with a lowercase letter and hold at most 63 lowercase letters, digits, "
            "'_' or '-' (GCP label rules, the strictest of the three clouds)"
        )
    elif key.startswith(RESERVED_TAG_PREFIXES):
        out.append(f"tag keys may not start with a reserved prefix ({', '.join(RESERVED_TAG_PREFIXES)})")
    if not TAG_VALUE.match(value):
        out.append("tag values hold at most 63 lowercase letters, digits, '_' or '-' (GCP label rules)")
    return out


AZURE_RESERVATION_ID = re.compile(
    r"^/subscriptions/(?P<subscription>[^/]+)/resourceGroups/(?P<group>[^/]+)"
    r"/providers/Microsoft\.Compute/capacityReservationGroups/[^/]+$",
    re.IGNORECASE,
)
# What `nodePools[].reservation` names on each cloud, and an example for the error message.
RESERVATION_FORMATS: Mapping[Cloud, tuple[re.Pattern[str], str]] = MappingProxyType({
    Cloud.AWS: (
        re.compile(r"^cr-[0-9a-f]{8}([0-9a-f]{9})?$"),
        "an EC2 capacity reservation ID, e.g. cr-0123456789abcdef0",
    ),
    Cloud.GCP: (
        re.compile(r"^(projects/[a-z][-a-z0-9]{4,28}[a-z0-9]/reservations/)?[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"),
        "a Compute Engine reservation name, or projects/<project>/reservations/<name> for a shared one",
    ),
    Cloud.AZURE: (
        AZURE_RESERVATION_ID,
        "a capacity reservation group ID: /subscriptions/<id>/resourceGroups/<group>/providers/"
        "Microsoft.Compute/capacityReservationGroups/<name>",
    ),
})


# What `cluster.admins` entries are on each cloud, and an example for the error message.
ADMIN_FORMATS: Mapping[Cloud, tuple[re.Pattern[str], str]] = MappingProxyType({
    Cloud.AWS: (
        re.compile(r"^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)/[\w+=,.@/-]{1,512}$"),
        "an IAM role or user ARN, e.g. arn:aws:iam::111122223333:role/platform-admins",
    ),
    Cloud.GCP: (
        re.compile(r"^(user|group|serviceAccount):[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"),
        "a principal such as group:platform-admins@example.com, user:alice@example.com or "
        "serviceAccount:deployer@my-project.iam.gserviceaccount.com",
    ),
    Cloud.AZURE: (
        re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
        "an Entra ID object ID (lowercase GUID) of a user, group or service principal",
    ),
})

# A syntactically valid admin of each cloud that names nobody: where a tool writes a blueprint for another cloud
# (migrate) and the caller named no admins, the deploy then fails at the grant instead of granting a stranger.
ADMIN_PLACEHOLDERS: Mapping[Cloud, str] = MappingProxyType({
    Cloud.AWS: "arn:aws:iam::000000000000:role/replace-with-platform-admins",
    Cloud.GCP: "group:replace-with-platform-admins@example.invalid",
    Cloud.AZURE: "00000000-0000-0000-0000-000000000000",
})

# What `network.hub.id` names on each cloud.
HUB_FORMATS: Mapping[Cloud, tuple[re.Pattern[str], str]] = MappingProxyType({
    Cloud.AWS: (re.compile(r"^tgw-[0-9a-f]{8}([0-9a-f]{9})?$"), "a transit gateway ID, e.g. tgw-0123456789abcdef0"),
    Cloud.GCP: (
        re.compile(r"^projects/[a-z][-a-z0-9]{4,28}[a-z0-9]/global/networks/[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"),
        "a VPC network, e.g. projects/my-hub-project/global/networks/hub",
    ),
    Cloud.AZURE: (
        re.compile(
            r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+$",
            re.IGNORECASE,
        ),
        "a virtual network ID: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/"
        "virtualNetworks/<name>",
    ),
})
