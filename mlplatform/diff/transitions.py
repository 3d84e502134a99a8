"""Transitions a cloud refuses: `pulumi up` would fail part-way, so the diff reports them as errors by rule.

- `kubernetes-downgrade`: a control plane's version goes down. EKS, GKE and AKS upgrade only
  (docs.aws.amazon.com/eks/latest/userguide/update-cluster.html: "you can't downgrade";
  cloud.google.com/kubernetes-engine/docs/concepts/cluster-upgrades: a control plane cannot be downgraded
  to an earlier minor; learn.microsoft.com/azure/aks/upgrade-cluster: "downgrading isn't supported"; read 2026-12-06).
- `kubernetes-skipped-minor`: a control-plane upgrade of more than one minor version. EKS and GKE move the
  control plane one minor at a time (same pages); AKS refuses skipping a minor unless the version is out of
  support (learn.microsoft.com/azure/aks/upgrade-cluster).
- `storage-shrink`: a Postgres disk gets smaller. RDS: "you can't decrease allocated storage"
  (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.ModifyingExisting.html); Cloud SQL: "you can't
  decrease storage size" (cloud.google.com/sql/docs/postgres/instance-settings); Azure flexible server
  storage scales up only (learn.microsoft.com/azure/postgresql/flexible-server/concepts-storage).
- `stateful-region-move`: a stateful resource (cluster, key, bucket, database, network) kept under the same
  name in another region: no cloud moves one; the provider replaces or errors, and the data stays behind.
- `immutable-field`: an input the Kubernetes API server refuses to update while the provider updates it in place
  (it is not in the provider's replace list, `mlplatform/diff/create_only.json`): a StorageClass's `reclaimPolicy`
  and `volumeBindingMode` (kubernetes/kubernetes `pkg/apis/storage/validation/validation.go`,
  `ValidateStorageClassUpdate`: "updates to reclaimPolicy are forbidden", `volumeBindingMode` immutable;
  pulumi-kubernetes `provider/pkg/provider/diff.go` replaces a StorageClass only for `parameters` and
  `provisioner`; read 2026-12-07). Delete the object first, or give it a new name.

A path the resource's own `ignoreChanges` covers is never sent, so it breaks no rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from mlplatform.diff.compare import ResourceDiff, stack_free
from mlplatform.diff.replace import stateful_reason
from mlplatform.engine.inventory import Inventory, JsonValue


class TransitionRule(StrEnum):
    KUBERNETES_DOWNGRADE = "kubernetes-downgrade"
    KUBERNETES_SKIPPED_MINOR = "kubernetes-skipped-minor"
    STORAGE_SHRINK = "storage-shrink"
    STATEFUL_REGION_MOVE = "stateful-region-move"
    IMMUTABLE_FIELD = "immutable-field"


@dataclass(frozen=True)
class Transition:
    """One refused transition: the rule, the resource (URN without the stack), the input and its two values."""

    rule: TransitionRule
    key: str
    type: str
    name: str
    path: str
    old: JsonValue
    new: JsonValue
    message: str

    def to_json(self) -> dict[str, JsonValue]:
        return {"rule": self.rule.value, "key": self.key, "type": self.type, "name": self.name,
                "path": self.path, "old": self.old, "new": self.new, "message": self.message}


VERSION = "version"
SIZE = "size"
LOCATION = "location"
IMMUTABLE = "immutable"
STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"

# (type token, input path) -> what the input is; one row per input a cloud will not move backwards.
WATCHED: Mapping[tuple[str, str], str] = {
    ("aws:eks/cluster:Cluster", "version"): VERSION,
    ("gcp:container/cluster:Cluster", "minMasterVersion"): VERSION,
    ("azure-native:containerservice:ManagedCluster", "kubernetesVersion"): VERSION,
    ("aws:rds/instance:Instance", "allocatedStorage"): SIZE,
    ("gcp:sql/databaseInstance:DatabaseInstance", "settings.diskSize"): SIZE,
    ("azure-native:dbforpostgresql:Server", "storage.storageSizeGB"): SIZE,
    (STORAGE_CLASS, "reclaimPolicy"): IMMUTABLE,
    (STORAGE_CLASS, "volumeBindingMode"): IMMUTABLE,
}
LOCATION_PATHS = ("location", "region")  # GCP and Azure resources name their region as an input
_MINOR = re.compile(r"^v?(\d+)\.(\d+)")


def transitions(
    diffs: tuple[ResourceDiff, ...], base: Inventory, head: Inventory, regions: tuple[str | None, str | None],
) -> tuple[Transition, ...]:
    """Every refused transition among the changed resources, plus the stateful resources a region change moves."""
    found: list[Transition] = []
    for res in diffs:
        for change in res.changes:
            kind = WATCHED.get((res.type, change.path))
            if kind is None and change.path in LOCATION_PATHS and res.stateful is not None:
                kind = LOCATION
            check = CHECKS.get(kind or "")
            if check is None or change.path in _ignored(head, res.key):
                continue
            hit = check(change.old, change.new)
            if hit is not None:
                rule, message = hit
                found.append(Transition(rule, res.key, res.type, res.name, change.path, change.old, change.new,
                                        f"{res.type} {res.name}: {change.path} {message}"))
    found += _region_moves(base, head, regions, {(t.key, t.rule) for t in found})
    return tuple(found)


def _version_rule(old: JsonValue, new: JsonValue) -> tuple[TransitionRule, str] | None:
    before, after = _minor(old), _minor(new)
    if before is None or after is None:
        return None
    if after < before:
        return TransitionRule.KUBERNETES_DOWNGRADE, f"{old} -> {new}: a control plane cannot be downgraded"
    if after[0] == before[0] and after[1] - before[1] > 1:
        return (TransitionRule.KUBERNETES_SKIPPED_MINOR,
                f"{old} -> {new}: the control plane upgrades one minor version at a time "
                f"(upgrade to {before[0]}.{before[1] + 1} first)")
    return None


def _size_rule(old: JsonValue, new: JsonValue) -> tuple[TransitionRule, str] | None:
    if isinstance(old, int | float) and isinstance(new, int | float) and new < old:
        return TransitionRule.STORAGE_SHRINK, f"{old:g} -> {new:g} GB: database storage can grow, never shrink"
    return None


def _location_rule(old: JsonValue, new: JsonValue) -> tuple[TransitionRule, str] | None:
    if isinstance(old, str) and isinstance(new, str) and old.lower() != new.lower():
        return (TransitionRule.STATEFUL_REGION_MOVE,
                f"{old} -> {new}: a stateful resource does not move region; its data stays in {old}")
    return None


def _immutable_rule(old: JsonValue, new: JsonValue) -> tuple[TransitionRule, str] | None:
    if old == new:
        return None
    return (TransitionRule.IMMUTABLE_FIELD,
            f"{old} -> {new}: the Kubernetes API refuses to update it and the provider updates it in place; "
            "delete the object first or give it a new name")


CHECKS: Mapping[str, Callable[[JsonValue, JsonValue], tuple[TransitionRule, str] | None]] = {
    VERSION: _version_rule, SIZE: _size_rule, LOCATION: _location_rule, IMMUTABLE: _immutable_rule,
}


def _minor(value: JsonValue) -> tuple[int, int] | None:
    found = _MINOR.match(value) if isinstance(value, str) else None
    return (int(found[1]), int(found[2])) if found else None


def _ignored(head: Inventory, key: str) -> tuple[str, ...]:
    return next((r.ignore_changes for r in head if stack_free(r.urn) == key), ())


def _region_moves(
    base: Inventory, head: Inventory, regions: tuple[str | None, str | None], seen: set[tuple[str, TransitionRule]],
) -> list[Transition]:
    """Stateful resources on both sides of a blueprint region change (AWS keeps the region in its provider)."""
    old, new = regions
    if old is None or new is None or old == new:
        return []
    before = {stack_free(r.urn) for r in base}
    rule = TransitionRule.STATEFUL_REGION_MOVE
    return [
        Transition(rule, key, r.type, r.name, "region", old, new,
                   f"{r.type} {r.name}: region {old} -> {new}: a stateful resource does not move region; "
                   f"its data ({stateful_reason(r.type)}) stays in {old}")
        for r in head
        if (key := stack_free(r.urn)) in before and stateful_reason(r.type) and (key, rule) not in seen
    ]
