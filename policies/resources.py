"""Read resource properties the way both packs need them: tags, environment, node pools, on every cloud.

Properties arrive as the policy SDK hands them over: mappings that raise `UnknownValueError` when a value
is unknown at preview. Nothing here catches that error: a rule that needs an unknown value cannot decide,
and the engine (and `mlplatform policy`) reports it as unknown instead of a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

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


@dataclass(frozen=True)
class Pool:
    """A node pool on any cloud, as the rules need it (counts are totals over zones)."""

    cloud: Cloud
    name: str
    machine_types: tuple[str, ...]
    spot: bool
    reserved: bool
    min_nodes: int | None
    max_nodes: int | None
    taints: tuple[tuple[str, str], ...]  # (key, Kubernetes effect)
    labels: Mapping[str, str]
    system: bool
    location: str | None
    tpu_topology: str | None = None
    gpu_type: str | None = None  # GKE guest accelerator type
    gpu_count: int = 0

    @property
    def shape(self) -> Shape | None:
        """The catalog's shape for the primary machine type (None for a type the catalog does not list)."""
        return _shape_of(self.cloud, self.machine_types[0] if self.machine_types else "", self.gpu_type)

    @property
    def accelerator(self) -> Accelerator | None:
        shape = self.shape
        if shape is not None and shape.accelerator is not None:
            return shape.accelerator
        label = self.labels.get(LABEL_ACCELERATOR)
        return Accelerator(label) if label in {a.value for a in Accelerator} else None

    @property
    def is_accelerator(self) -> bool:
        return self.accelerator is not None or self.gpu_count > 0 or LABEL_ACCELERATOR in self.labels

    @property
    def accelerators_per_node(self) -> int:
        shape = self.shape
        if self.gpu_count:
            return self.gpu_count
        if shape is None:
            return 0
        return shape.tpu_chips_per_host or shape.accelerator_count

    @property
    def capacity(self) -> Capacity:
        return Capacity.SPOT if self.spot else Capacity.RESERVED if self.reserved else Capacity.ON_DEMAND

    @property
    def multi_host_tpu(self) -> bool:
        accel = self.accelerator
        if self.tpu_topology is None or accel is None:
            return False
        try:
            return catalog.tpu_topology(accel, self.tpu_topology).multi_host
        except catalog.CatalogError:
            return True  # a slice topology the catalog does not know is still a slice: never half of it

    @property
    def tainted_for_accelerators(self) -> bool:
        return any(key in ACCELERATOR_TAINT_KEYS and effect == "NoSchedule" for key, effect in self.taints)


def pools(resource_type: str, props: Mapping[str, Any]) -> list[Pool]:
    """The node pools a resource declares (none for other types)."""
    reader = _POOL_READERS.get(resource_type)
    return reader(props) if reader else []


def _eks_pool(props: Mapping[str, Any]) -> list[Pool]:
    labels = _str_map(get(props, "labels"))
    name = get(props, "nodeGroupName") or get(props, "nodeGroupNamePrefix") or ""
    return [
        Pool(
            cloud=Cloud.AWS,
            name=str(name).rstrip("-"),
            machine_types=tuple(str(t) for t in as_list(get(props, "instanceTypes"))),
            spot=get(props, "capacityType") == "SPOT",
            reserved=labels.get(LABEL_CAPACITY) == Capacity.RESERVED.value,
            min_nodes=as_int(get(props, "scalingConfig", "minSize")),
            max_nodes=as_int(get(props, "scalingConfig", "maxSize")),
            taints=tuple(
                (str(get(t, "key")), _EFFECTS.get(str(get(t, "effect")), str(get(t, "effect"))))
                for t in as_list(get(props, "taints"))
            ),
            labels=labels,
            system=labels.get(LABEL_POOL) == SYSTEM_POOL_NAME,
            location=None,
        )
    ]


def _gke_pool(props: Mapping[str, Any]) -> list[Pool]:
    config = get(props, "nodeConfig") or {}
    labels = _str_map(get(config, "labels"))
    zones = len(as_list(get(props, "nodeLocations"))) or 1
    fixed = as_int(get(props, "nodeCount"))
    total_min = as_int(get(props, "autoscaling", "totalMinNodeCount"))
    total_max = as_int(get(props, "autoscaling", "totalMaxNodeCount"))
    zone_min = as_int(get(props, "autoscaling", "minNodeCount"))
    zone_max = as_int(get(props, "autoscaling", "maxNodeCount"))
    accelerators = as_list(get(config, "guestAccelerators"))
    reservation = get(config, "reservationAffinity", "consumeReservationType")
    return [
        Pool(
            cloud=Cloud.GCP,
            name=str(get(props, "name") or ""),
            machine_types=(str(get(config, "machineType") or ""),),
            spot=bool(get(config, "spot")) or bool(get(config, "preemptible")),
            reserved=reservation == "SPECIFIC_RESERVATION",
            min_nodes=_first(total_min, _times(zone_min, zones), _times(fixed, zones)),
            max_nodes=_first(total_max, _times(zone_max, zones), _times(fixed, zones)),
            taints=tuple(
                (str(get(t, "key")), _EFFECTS.get(str(get(t, "effect")), str(get(t, "effect"))))
                for t in as_list(get(config, "taints"))
            ),
            labels=labels,
            system=labels.get(LABEL_POOL) == SYSTEM_POOL_NAME,
            location=get(props, "location"),
            tpu_topology=get(props, "placementPolicy", "tpuTopology"),
            gpu_type=str(get(accelerators, 0, "type")) if accelerators else None,
            gpu_count=as_int(get(accelerators, 0, "count")) or 0,
        )
    ]


def _aks_pool(props: Mapping[str, Any]) -> Pool:
    labels = _str_map(get(props, "nodeLabels"))
    autoscaled = bool(get(props, "enableAutoScaling"))
    count = as_int(get(props, "count"))
    taints = []
    for taint in as_list(get(props, "nodeTaints")):
        key, _, effect = str(taint).partition(":")
        taints.append((key.split("=")[0], effect))
    return Pool(
        cloud=Cloud.AZURE,
        name=str(get(props, "agentPoolName") or get(props, "name") or ""),
        machine_types=(str(get(props, "vmSize") or ""),),
        spot=get(props, "scaleSetPriority") == "Spot",
        reserved=get(props, "capacityReservationGroupID") is not None,
        min_nodes=as_int(get(props, "minCount")) if autoscaled else count,
        max_nodes=as_int(get(props, "maxCount")) if autoscaled else count,
        taints=tuple(taints),
        labels=labels,
        system=get(props, "mode") == "System" or labels.get(LABEL_POOL) == SYSTEM_POOL_NAME,
        location=None,
    )


_POOL_READERS = MappingProxyType(
    {
        EKS_NODE_GROUP: _eks_pool,
        GKE_NODE_POOL: _gke_pool,
        AKS_AGENT_POOL: lambda props: [_aks_pool(props)],
        AKS_CLUSTER: lambda props: [_aks_pool(p) for p in as_list(get(props, "agentPoolProfiles"))],
    }
)


def _str_map(value: Any) -> dict[str, str]:
    return {str(k): str(value[k]) for k in value} if isinstance(value, Mapping) else {}


def _times(value: int | None, zones: int) -> int | None:
    return None if value is None else value * zones


def _first(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)


def _shape_of(cloud: Cloud, machine_type: str, gpu_type: str | None) -> Shape | None:
    for (c, _, _), shapes in catalog.ACCELERATOR_SHAPES.items():
        for shape in shapes:
            matches = gpu_type is None or shape.gcp_accelerator_type in (None, gpu_type)
            if c is cloud and shape.machine_type == machine_type and matches:
                return shape
    return None
