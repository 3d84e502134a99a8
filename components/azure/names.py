"""Names Azure requires to be globally unique (DNS names): the platform's name plus a stable suffix.

The suffix is 8 hex digits of a hash of the subscription, region and cluster name: the same stack always gets
the same name (no diff on the second run), two stacks or two subscriptions never collide.
"""

from __future__ import annotations

import hashlib
import re

from components.plan import ClusterPlan

SUFFIX_LEN = 8
STORAGE_ACCOUNT_MAX = 24  # 3-24 lowercase letters and digits
STORAGE_PREFIX = "st"
POSTGRES_SERVER_MAX = 63  # 3-63 lowercase letters, digits and hyphens
POSTGRES_PREFIX = "psql-"


def suffix(subscription_id: str, plan: ClusterPlan) -> str:
    return hashlib.sha256(f"{subscription_id}/{plan.region}/{plan.name}".encode()).hexdigest()[:SUFFIX_LEN]


def storage_account_name(subscription_id: str, plan: ClusterPlan) -> str:
    room = STORAGE_ACCOUNT_MAX - len(STORAGE_PREFIX) - SUFFIX_LEN
    stem = re.sub(r"[^a-z0-9]", "", plan.name.lower())[:room]
    return f"{STORAGE_PREFIX}{stem}{suffix(subscription_id, plan)}"


def postgres_server_name(subscription_id: str, plan: ClusterPlan) -> str:
    room = POSTGRES_SERVER_MAX - len(POSTGRES_PREFIX) - 1 - SUFFIX_LEN
    return f"{POSTGRES_PREFIX}{plan.name[:room].rstrip('-')}-{suffix(subscription_id, plan)}"
