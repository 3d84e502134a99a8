"""Read resource properties the way both packs need them: tags, environment, node pools, on every cloud.

Properties arrive as the policy SDK hands them over: mappings that raise `UnknownValueError` when a value
is unknown at preview. Nothing here catches that error: a rule that needs an unknown value cannot decide,
and the engine (and `mlplatform policy`) reports it as unknown instead of a verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from pulumi_policy.proxy import UnknownValueError

from components import catalog
from components.catalog.scheduling import GPU_RESOURCE, LABEL_ACCELERATOR, LABEL_CAPACITY, LABEL_POOL, TPU_RESOURCE
from components.catalog.types import Shape
from components.plan import TAG_ENVIRONMENT
from components.spec import Accelerator, Capacity, Cloud
from components.spec.naming import SYSTEM_POOL_NAME

EKS_CLUSTER = "aws:eks/cluster:Cluster"
EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
EKS_ADDON = "aws:eks/addon:Addon"
AWS_LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
GKE_CLUSTER = "gcp:container/cluster:Cluster"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"
AKS_CLUSTER = "azure-native:containerservice:ManagedCluster"
AKS_AGENT_POOL = "azure-native:containerservice:AgentPool"
S3_BUCKET = "aws:s3/bucket:Bucket"
S3_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
S3_OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
S3_ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
S3_VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
S3_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
GCS_BUCKET = "gcp:storage/bucket:Bucket"
CLOUD_SQL = "gcp:sql/databaseInstance:DatabaseInstance"
AZURE_STORAGE_ACCOUNT = "azure-native:storage:StorageAccount"
AZURE_BLOB_SERVICE = "azure-native:storage:BlobServiceProperties"
AZURE_POSTGRES = "azure-native:dbforpostgresql:Server"
AZURE_POSTGRES_CONFIG = "azure-native:dbforpostgresql:Configuration"
HELM_RELEASE = "kubernetes:helm.sh/v3:Release"

CLUSTERS = (EKS_CLUSTER, GKE_CLUSTER, AKS_CLUSTER)
POOLS = (EKS_NODE_GROUP, GKE_NODE_POOL, AKS_AGENT_POOL, AKS_CLUSTER)  # AKS's system pool lives in its cluster
BUCKETS = (S3_BUCKET, GCS_BUCKET, AZURE_STORAGE_ACCOUNT)
DATABASES = (RDS_INSTANCE, CLOUD_SQL, AZURE_POSTGRES)

CLOUD_PREFIX: Mapping[str, Cloud] = MappingProxyType(
    {"aws:": Cloud.AWS, "gcp:": Cloud.GCP, "azure-native:": Cloud.AZURE}
)

# Where each taggable type keeps its tags (AWS, Azure) or labels (GCP).
TAG_PATHS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        EKS_CLUSTER: ("tags",),
        EKS_NODE_GROUP: ("tags",),
        S3_BUCKET: ("tags",),
        RDS_INSTANCE: ("tags",),
        GKE_CLUSTER: ("resourceLabels",),
        GKE_NODE_POOL: ("nodeConfig", "resourceLabels"),
        GCS_BUCKET: ("labels",),
        CLOUD_SQL: ("settings", "userLabels"),
        AKS_CLUSTER: ("tags",),
        AKS_AGENT_POOL: ("tags",),
        AZURE_STORAGE_ACCOUNT: ("tags",),
        AZURE_POSTGRES: ("tags",),
    }
)
TAG_WORD: Mapping[Cloud, str] = MappingProxyType({Cloud.AWS: "tags", Cloud.GCP: "labels", Cloud.AZURE: "tags"})

# Kubernetes spelling of each cloud's taint effect.
_EFFECTS: Mapping[str, str] = MappingProxyType(
    {"NO_SCHEDULE": "NoSchedule", "PREFER_NO_SCHEDULE": "PreferNoSchedule", "NO_EXECUTE": "NoExecute"}
)
ACCELERATOR_TAINT_KEYS = (GPU_RESOURCE, TPU_RESOURCE)
# Effects that keep pods without the toleration off a node (PreferNoSchedule only discourages them).
REPELLING_EFFECTS = ("NoSchedule", "NoExecute")
# Machine families that carry accelerators, per cloud: a type the catalog does not list is still an accelerator
# pool (AWS accelerated computing P/G/Trn/Inf/DL families: https://aws.amazon.com/ec2/instance-types/#Accelerated_Computing;
# GCP accelerator-optimized A2/A3/A4/G2 and TPU ct*: https://cloud.google.com/compute/docs/accelerator-optimized-machines;
# Azure GPU N-series: https://learn.microsoft.com/azure/virtual-machines/sizes/overview#gpu-accelerated). Data: 2026-12.
ACCELERATOR_FAMILIES: Mapping[Cloud, tuple[str, ...]] = MappingProxyType(
    {
        Cloud.AWS: ("p2.", "p3.", "p3dn.", "p4d.", "p4de.", "p5.", "p5e.", "p5en.", "p6-", "g4dn.", "g4ad.", "g5.",
                    "g5g.", "g6.", "g6e.", "gr6.", "trn1.", "trn1n.", "trn2.", "inf1.", "inf2.", "dl1.", "dl2q."),
        Cloud.GCP: ("a2-", "a3-", "a4-", "a4x-", "g2-", "ct"),
        Cloud.AZURE: ("Standard_NC", "Standard_ND", "Standard_NV", "Standard_NG"),
    }
)


def get(props: Mapping[str, Any] | None, *path: str | int) -> Any:
    """The value at ``path``, or None where a step is missing; an unknown step raises UnknownValueError."""
    value: Any = props
    for step in path:
        if isinstance(step, int):
            if not isinstance(value, Sequence) or isinstance(value, str) or step >= len(value):
                return None
        elif not isinstance(value, Mapping) or step not in value:
            return None
        value = value[step]
    return value


class _Unknown:
    """A value a first preview cannot know (a computed output of a resource not created yet)."""

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN = _Unknown()


def peek(props: Mapping[str, Any] | None, *path: str | int) -> Any:
    """Like `get`, but a step unknown at preview gives UNKNOWN instead of raising: for rules that decide on
    the presence and shape of a reference (a key ARN, a service account email), never on its computed value."""
    try:
        return get(props, *path)
    except UnknownValueError:
        return UNKNOWN


def present(props: Mapping[str, Any] | None, *path: str | int) -> bool:
    """A non-empty value, or a reference to a resource whose value only exists after it is created."""
    found = peek(props, *path)
    return found is UNKNOWN or bool(found)


def as_list(value: Any) -> list[Any]:
    """A sequence as a list (empty for None or a scalar)."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [value[i] for i in range(len(value))]
    return []


def as_int(value: Any) -> int | None:
    return None if value is None or isinstance(value, bool) else int(float(value))


def cloud_of(resource_type: str) -> Cloud | None:
    return next((c for prefix, c in CLOUD_PREFIX.items() if resource_type.startswith(prefix)), None)


def tags(resource_type: str, props: Mapping[str, Any]) -> Mapping[str, str] | None:
    """Tags or labels of a taggable type (empty when none are set); None for a type that has none."""
    path = TAG_PATHS.get(resource_type)
    if path is None:
        return None
    found = get(props, *path)
    return {str(k): str(found[k]) for k in found} if isinstance(found, Mapping) else {}


def environment(resource_type: str, props: Mapping[str, Any]) -> str | None:
    """The environment tag or label (`mlplatform-environment`), never the stack's name."""
    return (tags(resource_type, props) or {}).get(TAG_ENVIRONMENT)


Reader = Callable[[Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Pool:
    """A node pool on any cloud, as the rules need it (counts are totals over zones).

    Each field is read from the props when a rule asks for it, through the cloud's reader table, so a value
    unknown at preview stops only the rules that need it.
    """

    cloud: Cloud
    props: Mapping[str, Any]
    readers: Mapping[str, Reader]

    def _read(self, field: str) -> Any:
        reader = self.readers.get(field)
        return reader(self.props) if reader else None

    @property
    def name(self) -> str:
        return str(self._read("name") or "")

    @property
    def machine_types(self) -> tuple[str, ...]:
        return tuple(str(t) for t in as_list(self._read("machine_types")))

    @property
    def spot(self) -> bool:
        return bool(self._read("spot"))

    @property
    def reserved(self) -> bool:
        return bool(self._read("reserved"))

    @property
    def flex_start(self) -> bool:
        """GKE flex-start (Dynamic Workload Scheduler): neither spot nor a reservation, and not plain on-demand."""
        return bool(self._read("flex_start"))

    @property
    def min_nodes(self) -> int | None:
        return as_int(self._read("min_nodes"))

    @property
    def max_nodes(self) -> int | None:
        return as_int(self._read("max_nodes"))

    @property
    def taints(self) -> tuple[tuple[str, str], ...]:
        """(key, effect in Kubernetes spelling) of each taint."""
        return tuple(self._read("taints") or ())

    @property
    def labels(self) -> Mapping[str, str]:
        return _str_map(self._read("labels"))

    @property
    def system(self) -> bool:
        return bool(self._read("system_mode")) or self.labels.get(LABEL_POOL) == SYSTEM_POOL_NAME

    @property
    def location(self) -> str | None:
        found = self._read("location")
        return str(found) if found is not None else None

    @property
    def tpu_topology(self) -> str | None:
        found = self._read("tpu_topology")
        return str(found) if found is not None else None

    @property
    def gpu_type(self) -> str | None:
        found = self._read("gpu_type")
        return str(found) if found is not None else None

    @property
    def gpu_count(self) -> int:
        return as_int(self._read("gpu_count")) or 0

    @property
    def shape(self) -> Shape | None:
        """The catalog's shape for the primary machine type (None for a type the catalog does not list)."""
        types = self.machine_types
        return _shape_of(self.cloud, types[0] if types else "", self.gpu_type)

    @property
    def accelerator(self) -> Accelerator | None:
        shape = self.shape
        if shape is not None and shape.accelerator is not None:
            return shape.accelerator
        label = self.labels.get(LABEL_ACCELERATOR)
        return Accelerator(label) if label in {a.value for a in Accelerator} else None

    @property
    def is_accelerator(self) -> bool:
        families = ACCELERATOR_FAMILIES[self.cloud]
        by_family = any(t.startswith(families) for t in self.machine_types)
        return self.accelerator is not None or self.gpu_count > 0 or LABEL_ACCELERATOR in self.labels or by_family

    @property
    def automatic_accelerator_taint(self) -> bool:
        """GKE taints GPU nodes (nvidia.com/gpu=present) and TPU nodes (google.com/tpu=present) NoSchedule itself
        (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#create, .../tpus#create-node-pool)."""
        tpu = any(t.startswith("ct") for t in self.machine_types)
        return self.cloud is Cloud.GCP and (self.gpu_count > 0 or tpu)

    @property
    def accelerators_per_node(self) -> int:
        if self.gpu_count:
            return self.gpu_count
        shape = self.shape
        return 0 if shape is None else shape.tpu_chips_per_host or shape.accelerator_count

    @property
    def capacity(self) -> Capacity:
        if self.spot:
            return Capacity.SPOT
        return Capacity.RESERVED if self.reserved else Capacity.FLEX_START if self.flex_start else Capacity.ON_DEMAND

    @property
    def tainted_for_accelerators(self) -> bool:
        declared = any(key in ACCELERATOR_TAINT_KEYS and effect in REPELLING_EFFECTS for key, effect in self.taints)
        return declared or self.automatic_accelerator_taint


def pools(resource_type: str, props: Mapping[str, Any]) -> list[Pool]:
    """The node pools a resource declares (none for other types)."""
    if resource_type == AKS_CLUSTER:
        return [Pool(Cloud.AZURE, p, AKS_POOL) for p in as_list(get(props, "agentPoolProfiles"))]
    found = POOL_READERS.get(resource_type)
    return [Pool(found[0], props, found[1])] if found else []


def _taints(items: Any) -> list[tuple[str, str]]:
    return [(str(get(t, "key")), _EFFECTS.get(str(get(t, "effect")), str(get(t, "effect")))) for t in as_list(items)]


def _aks_taints(items: Any) -> list[tuple[str, str]]:
    """AKS spells taints 'key=value:Effect'."""
    out = []
    for taint in as_list(items):
        key, _, effect = str(taint).partition(":")
        out.append((key.split("=")[0], effect))
    return out


def _gke_count(total: str, per_zone: str) -> Reader:
    """GKE bounds: a total over zones, else a per-zone bound (or fixed nodeCount) times the pool's zones."""

    def read(props: Mapping[str, Any]) -> int | None:
        found = as_int(get(props, "autoscaling", total))
        if found is not None:
            return found
        zones = len(as_list(get(props, "nodeLocations"))) or 1
        per = as_int(get(props, "autoscaling", per_zone))
        per = per if per is not None else as_int(get(props, "nodeCount"))
        return None if per is None else per * zones

    return read


EKS_POOL: Mapping[str, Reader] = MappingProxyType(
    {
        "name": lambda p: str(get(p, "nodeGroupName") or get(p, "nodeGroupNamePrefix") or "").rstrip("-"),
        "machine_types": lambda p: get(p, "instanceTypes"),
        "spot": lambda p: get(p, "capacityType") == "SPOT",
        "reserved": lambda p: (
            get(p, "capacityType") == "CAPACITY_BLOCK" or get(p, "labels", LABEL_CAPACITY) == Capacity.RESERVED.value
        ),
        "min_nodes": lambda p: get(p, "scalingConfig", "minSize"),
        "max_nodes": lambda p: get(p, "scalingConfig", "maxSize"),
        "taints": lambda p: _taints(get(p, "taints")),
        "labels": lambda p: get(p, "labels"),
    }
)
GKE_POOL: Mapping[str, Reader] = MappingProxyType(
    {
        "name": lambda p: get(p, "name"),
        "machine_types": lambda p: [get(p, "nodeConfig", "machineType") or ""],
        "spot": lambda p: bool(get(p, "nodeConfig", "spot")) or bool(get(p, "nodeConfig", "preemptible")),
        "reserved": lambda p: (
            get(p, "nodeConfig", "reservationAffinity", "consumeReservationType") == "SPECIFIC_RESERVATION"
        ),
        "flex_start": lambda p: get(p, "nodeConfig", "flexStart"),
        "min_nodes": _gke_count("totalMinNodeCount", "minNodeCount"),
        "max_nodes": _gke_count("totalMaxNodeCount", "maxNodeCount"),
        "taints": lambda p: _taints(get(p, "nodeConfig", "taints")),
        "labels": lambda p: get(p, "nodeConfig", "labels"),
        "location": lambda p: get(p, "location"),
        "tpu_topology": lambda p: get(p, "placementPolicy", "tpuTopology"),
        "gpu_type": lambda p: get(p, "nodeConfig", "guestAccelerators", 0, "type"),
        "gpu_count": lambda p: get(p, "nodeConfig", "guestAccelerators", 0, "count"),
    }
)
AKS_POOL: Mapping[str, Reader] = MappingProxyType(
    {
        "name": lambda p: get(p, "agentPoolName") or get(p, "name"),
        "machine_types": lambda p: [get(p, "vmSize") or ""],
        "spot": lambda p: get(p, "scaleSetPriority") == "Spot",
        "reserved": lambda p: get(p, "capacityReservationGroupID") is not None,
        "min_nodes": lambda p: get(p, "minCount") if get(p, "enableAutoScaling") else get(p, "count"),
        "max_nodes": lambda p: get(p, "maxCount") if get(p, "enableAutoScaling") else get(p, "count"),
        "taints": lambda p: _aks_taints(get(p, "nodeTaints")),
        "labels": lambda p: get(p, "nodeLabels"),
        "system_mode": lambda p: get(p, "mode") == "System",
    }
)
POOL_READERS: Mapping[str, tuple[Cloud, Mapping[str, Reader]]] = MappingProxyType(
    {
        EKS_NODE_GROUP: (Cloud.AWS, EKS_POOL),
        GKE_NODE_POOL: (Cloud.GCP, GKE_POOL),
        AKS_AGENT_POOL: (Cloud.AZURE, AKS_POOL),
    }
)


def _str_map(value: Any) -> dict[str, str]:
    return {str(k): str(value[k]) for k in value} if isinstance(value, Mapping) else {}


def _shape_of(cloud: Cloud, machine_type: str, gpu_type: str | None) -> Shape | None:
    for (c, _, _), shapes in catalog.ACCELERATOR_SHAPES.items():
        for shape in shapes:
            matches = gpu_type is None or shape.gcp_accelerator_type in (None, gpu_type)
            if c is cloud and shape.machine_type == machine_type and matches:
                return shape
    return None
