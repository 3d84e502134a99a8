"""Resource rules over what is billed besides nodes: tags for cost allocation, databases, stateful workloads."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs

from components.catalog.scheduling import (
    AKS_SCALESET_PRIORITY,
    EKS_CAPACITY_TYPE_LABEL,
    GKE_SPOT_LABEL,
    LABEL_CAPACITY,
)
from components.spec import Capacity
from policies import resources as res

REQUIRED_TAGS = "requiredTags"
SMALL_ENVIRONMENTS = "smallEnvironments"
SMALL_DATABASE_CLASSES = "smallDatabaseClasses"
STATEFUL_SET = "kubernetes:apps/v1:StatefulSet"

# Node labels whose value marks a spot node, per cloud.
SPOT_NODE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        LABEL_CAPACITY: Capacity.SPOT.value,
        GKE_SPOT_LABEL: "true",
        EKS_CAPACITY_TYPE_LABEL: "SPOT",
        AKS_SCALESET_PRIORITY: "spot",
    }
)
TAGGED = res.CLUSTERS + res.POOLS + res.BUCKETS + res.DATABASES


def cost_allocation_tags(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Clusters, pools, buckets and databases carry the cost-allocation tags (labels on GCP)."""
    if args.resource_type not in TAGGED:
        return
    found = res.tags(args.resource_type, args.props) or {}
    missing = [key for key in args.get_config()[REQUIRED_TAGS] if not found.get(key)]
    if missing:
        cloud = res.cloud_of(args.resource_type)
        word = res.TAG_WORD[cloud] if cloud else "tags"
        report(f"{args.name} has no {word} {', '.join(missing)}; set them in the blueprint's tags", None)


def _database_shape(resource_type: str, props: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(instance class or tier, highly available) of a managed database."""
    if resource_type == res.RDS_INSTANCE:
        return res.get(props, "instanceClass"), bool(res.get(props, "multiAz"))
    if resource_type == res.CLOUD_SQL:
        return res.get(props, "settings", "tier"), res.get(props, "settings", "availabilityType") == "REGIONAL"
    if resource_type == res.AZURE_POSTGRES:
        mode = res.get(props, "highAvailability", "mode")
        return res.get(props, "sku", "name"), mode not in (None, "Disabled")
    return None, False


def small_databases_in_dev(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Outside prod a database is small and single-zone (advisory: a reviewer may have a reason)."""
    if args.resource_type not in res.DATABASES:
        return
    config = args.get_config()
    env = res.environment(args.resource_type, args.props)
    if env not in config[SMALL_ENVIRONMENTS]:
        return
    size, highly_available = _database_shape(args.resource_type, args.props)
    if highly_available:
        report(f"database {args.name} is highly available in {env}; one zone is enough there", None)
    classes = tuple(config[SMALL_DATABASE_CLASSES])
    if size is None or not str(size).startswith(classes):
        report(
            f"database {args.name} uses {size or 'no explicit size'} in {env}; use one of {', '.join(classes)}", None
        )


def stateful_workloads_on_demand(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """StatefulSets never select or tolerate spot nodes: an eviction loses their state mid-write."""
    if args.resource_type != STATEFUL_SET:
        return
    pod = res.get(args.props, "spec", "template", "spec") or {}
    selector = res.get(pod, "nodeSelector") or {}
    chosen = [f"{k}={selector[k]}" for k in selector if SPOT_NODE_LABELS.get(str(k)) == str(selector[k])]
    tolerated = [
        str(res.get(t, "key"))
        for t in res.as_list(res.get(pod, "tolerations"))
        if res.get(t, "key") == AKS_SCALESET_PRIORITY
    ]
    if chosen or tolerated:
        report(f"StatefulSet {args.name} targets spot nodes ({', '.join(chosen + tolerated)}); run it on-demand", None)
