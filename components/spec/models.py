"""The blueprint: what a platform team asks for, in cloud-neutral terms (no cloud SDK here).

Field names are camelCase on the wire (stack files, JSON Schema) and snake_case in Python.
Structure and types are checked here; rules that need the catalog live in `rules.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from components.spec.enums import Availability, Capacity, Cloud, Environment, ServiceSize, SystemSize

DEFAULT_NAME = "mlplatform"


class Model(BaseModel):
    """Frozen, unknown keys rejected, camelCase aliases."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        use_enum_values=False,
    )


class EndpointAccess(Model):
    """Kubernetes API endpoint: private unless `public` with an explicit CIDR allowlist."""

    public: bool = False
    allowed_cidrs: tuple[str, ...] = Field(default=(), description="CIDRs allowed to reach a public endpoint")
    private_access_cidrs: tuple[str, ...] = Field(
        default=(),
        description="Private ranges outside the cluster's network (VPN, peered networks, CI runners) that may "
        "reach the private endpoint; AWS and GCP only (AKS private clusters are reached by peering and DNS)",
    )


class SystemPool(Model):
    """The CPU pool that runs cluster add-ons and operators. Always on-demand."""

    size: SystemSize = SystemSize.MEDIUM
    nodes: int = Field(default=2, ge=1, le=100, description="Nodes in total, spread over the cluster's zones")
    capacity: Capacity = Capacity.ON_DEMAND


class ClusterSpec(Model):
    kubernetes_version: str = Field(description="MAJOR.MINOR, one of the catalog's supported versions")
    availability: Availability = Availability.REGIONAL
    system_pool: SystemPool = SystemPool()
    endpoint: EndpointAccess = EndpointAccess()
    admins: tuple[str, ...] = Field(
        default=(),
        description="Cluster administrators, at least one (the break-glass principal): AWS IAM role or user ARNs, "
        "GCP principals (user:, group:, serviceAccount:), Azure Entra object IDs. The deploying identity must be "
        "one of them; nobody else gets cluster-admin implicitly",
    )
    team: tuple[str, ...] = Field(
        default=(),
        description="The ML team's principals, in the same form as admins: they get the team namespace and "
        "namespaced roles (submit Ray jobs, serve models, port-forward to MLflow and the Ray dashboard), never "
        "cluster-admin",
    )
    node_pool_quota: int | None = Field(
        default=None,
        ge=1,
        description="AWS only: your account's raised Service Quotas value of 'Managed node groups per cluster' "
        "(default 30); the system pool and every capacity tier of a pool count as one group each",
    )


class HubSpec(Model):
    """An existing network the stack attaches to: where CI runners and VPNs reach the private API from."""

    id: str = Field(
        description="AWS: transit gateway ID (tgw-...); Azure: the hub VNet's resource ID; GCP: the hub VPC "
        "network (projects/<project>/global/networks/<name>)"
    )
    cidrs: tuple[str, ...] = Field(
        default=(), description="The hub's private ranges (runners, VPN pools): routed to and admitted to the API"
    )


class NetworkSpec(Model):
    """The stack's own address space, and the hub network its first deploy runs from."""

    cidr: str | None = Field(
        default=None,
        description="The VPC/VNet range (/16 to /20), unique per stack so several stacks route from one hub; "
        "default: the catalog's per-cloud default",
    )
    hub: HubSpec | None = None


class NodePoolSpec(Model):
    """An accelerator pool. Sizes are nodes (VMs); a multi-host TPU slice derives them from its topology."""

    name: str
    accelerator: str = Field(description="e.g. nvidia-h100-80gb, nvidia-a100-80gb, nvidia-t4, tpu-v5e")
    accelerators_per_node: int | None = Field(default=None, ge=1, description="GPUs or TPU chips per node")
    topology: str | None = Field(default=None, description="TPU slice topology, e.g. 2x4 (v5e/v6e), 2x2x2 (v5p)")
    capacity: Capacity | tuple[Capacity, ...] | None = Field(
        default=None,
        description="A tier, or tiers in order of preference (e.g. [spot, on-demand], on AWS [capacity-block, "
        "on-demand], on GCP [spot, flex-start, on-demand]); default: spot outside prod, on-demand in prod",
    )
    min_nodes: int = Field(default=0, ge=0)
    max_nodes: int | None = Field(default=None, ge=0, description="Required for GPU and single-host TPU pools")
    spot_max_price: float | None = Field(
        default=None, description="USD per node-hour cap for spot; -1 means up to the on-demand price"
    )
    reservation: str | None = Field(
        default=None,
        description="Capacity reservation to consume, never created: with capacity: reserved, or on AWS the "
        "Capacity Block's reservation ID (cr-...) with capacity: capacity-block",
    )
    reservation_zone: str | None = Field(
        default=None,
        description="The reservation's zone (AWS AZ ID, GCP zone, Azure zone number); the pool is placed there only",
    )
    root_volume_gib: int = Field(default=200, ge=100, le=4096)


class DatabaseSpec(Model):
    size: ServiceSize = Field(default=ServiceSize.SMALL, description="Managed Postgres class, mapped per cloud")


class MlflowSpec(Model):
    """MLflow tracking server on managed Postgres with an artifact bucket, reached through workload identity."""

    enabled: bool = True
    database: DatabaseSpec = DatabaseSpec()
    replicas: int | None = Field(default=None, ge=1, le=10, description="Default: 1 outside prod, 2 in prod")


class KServeSpec(Model):
    """KServe in raw-deployment mode (no Knative, no Istio), with cert-manager."""

    enabled: bool = True


class RayHeadSpec(Model):
    size: ServiceSize = Field(default=ServiceSize.SMALL, description="CPU and memory of the head pod")


class RayWorkerSpec(Model):
    """One Ray worker group on one accelerator pool."""

    pool: str = Field(description="A nodePools[].name (not the system pool)")
    max_workers: int = Field(ge=1, description="Worker pods at most; the group scales from zero")
    accelerators_per_worker: int | None = Field(
        default=None, ge=1, description="Default: the pool's accelerators per node"
    )


class RayCpuWorkersSpec(Model):
    """A capped CPU worker group on the system pool: CPU-only tasks run here and never start an accelerator node."""

    max_workers: int = Field(default=2, ge=0, le=16, description="Worker pods at most (0: no CPU group)")
    size: ServiceSize = Field(default=ServiceSize.SMALL, description="CPU and memory of one CPU worker")


class RaySpec(Model):
    """A KubeRay-managed RayCluster: head on the system pool, workers on accelerator pools."""

    enabled: bool = True
    head: RayHeadSpec = RayHeadSpec()
    workers: tuple[RayWorkerSpec, ...] = ()
    cpu_workers: RayCpuWorkersSpec = RayCpuWorkersSpec()


class ServicesSpec(Model):
    """In-cluster ML services; a section that is absent (or enabled: false) is not deployed."""

    mlflow: MlflowSpec | None = None
    kserve: KServeSpec | None = None
    ray: RaySpec | None = None


class Budget(Model):
    max_usd_per_hour: float = Field(gt=0, description="Ceiling for the platform at full scale, USD per hour")
    price_book: str | None = Field(default=None, description="Catalog price book; default: the catalog's default")


class Blueprint(Model):
    """The root of a stack's `mlplatform:blueprint` config."""

    name: str = DEFAULT_NAME
    cloud: Cloud
    region: str
    environment: Environment
    tags: Mapping[str, str] = Field(default_factory=dict)
    cluster: ClusterSpec
    network: NetworkSpec = NetworkSpec()
    node_pools: tuple[NodePoolSpec, ...] = ()
    services: ServicesSpec = ServicesSpec()
    budget: Budget | None = None

    @property
    def cluster_name(self) -> str:
        return f"{self.name}-{self.environment.value}"
