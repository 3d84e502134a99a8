"""The blueprint: what a platform team asks for, in cloud-neutral terms (no cloud SDK here).

Field names are camelCase on the wire (stack files, JSON Schema) and snake_case in Python.
Structure and types are checked here; rules that need the catalog live in `rules.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from components.spec.enums import Availability, Capacity, Cloud, Environment, SystemSize

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


class NodePoolSpec(Model):
    """An accelerator pool. Sizes are nodes (VMs); a multi-host TPU slice derives them from its topology."""

    name: str
    accelerator: str = Field(description="e.g. nvidia-h100-80gb, nvidia-a100-80gb, nvidia-t4, tpu-v5e")
    accelerators_per_node: int | None = Field(default=None, ge=1, description="GPUs or TPU chips per node")
    topology: str | None = Field(default=None, description="TPU slice topology, e.g. 2x4 (v5e/v6e), 2x2x2 (v5p)")
    capacity: Capacity | None = Field(default=None, description="Default: spot outside prod, on-demand in prod")
    min_nodes: int = Field(default=0, ge=0)
    max_nodes: int | None = Field(default=None, ge=0, description="Required for GPU and single-host TPU pools")
    spot_max_price: float | None = Field(
        default=None, description="USD per node-hour cap for spot; -1 means up to the on-demand price"
    )
    reservation: str | None = Field(default=None, description="Capacity reservation to consume (capacity: reserved)")
    root_volume_gib: int = Field(default=200, ge=100, le=4096)


class ServicesSpec(Model):
    """In-cluster ML services (MLflow, KServe, Ray). Their sections arrive with the services work."""


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
    node_pools: tuple[NodePoolSpec, ...] = ()
    services: ServicesSpec = ServicesSpec()
    budget: Budget | None = None

    @property
    def cluster_name(self) -> str:
        return f"{self.name}-{self.environment.value}"
