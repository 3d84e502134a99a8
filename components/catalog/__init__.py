"""The catalog: sourced tables that translate the neutral blueprint into each cloud's terms.

Accelerator x cloud -> machine shapes, TPU topologies, regions and zones, price books, Kubernetes versions,
scheduling labels and taints, pinned Helm charts and the per-cloud differences. Every fact row carries the
public page or feed it was read from and the date of its data; ``freshness`` ages them against a fixed review day.
"""

from components.catalog.availability import spot_offered
from components.catalog.capacity import PREFERENCE_DEGRADATION, unreservable_series
from components.catalog.charts import (
    CHARTS,
    CLUSTER_AUTOSCALER_IMAGES,
    Chart,
    ImagePin,
    chart,
    cluster_autoscaler_image_tag,
)
from components.catalog.clock import TODAY_ENV, today
from components.catalog.clouds import TRAITS, CloudTraits, Manager, NameRule, traits
from components.catalog.databases import DATABASE_CLASSES, POSTGRES_MAJOR_VERSION, DatabaseClass, database_class
from components.catalog.eks_addons import EKS_ADDONS, eks_addon_pinned
from components.catalog.errors import (
    CatalogError,
    InvalidPriceOverrides,
    MissingPrice,
    UnknownPriceBook,
    UnknownRegion,
    UnknownTopology,
    UnsupportedShape,
)
from components.catalog.freshness import CATALOG_REVIEWED, MAX_SOURCE_AGE_DAYS, Staleness, stale_sources, staleness
from components.catalog.interruption import SPOT_INTERRUPTION, SpotInterruption, spot_interruption
from components.catalog.kubernetes import (
    SUPPORT_WARNING_DAYS,
    KubernetesVersion,
    days_of_support_left,
    kubernetes_version,
    support_warning,
    supported_versions,
    version_problem,
)
from components.catalog.network import (
    MAX_NETWORK_PREFIX,
    MIN_NETWORK_PREFIX,
    NETWORKS,
    NetworkFacts,
    network_facts,
)
from components.catalog.pool_limits import POOL_LIMITS, PoolLimit, pool_limit
from components.catalog.prices import (
    DEFAULT_PRICE_BOOK,
    PRICE_BOOKS,
    PriceBook,
    PriceOverrides,
    Rate,
    load_overrides,
    price,
    price_book,
)
from components.catalog.regions import (
    REGIONS,
    SHAPE_REGIONS,
    published_zones,
    region,
    regions_offering,
    reservation_only_zones,
    zones_offering,
)
from components.catalog.scheduling import (
    LABEL_ACCELERATOR,
    LABEL_CAPACITY,
    LABEL_POOL,
    Taint,
    accelerator_taints,
    cloud_added_taints,
    cloud_labels,
)
from components.catalog.shapes import (
    ACCELERATOR_SHAPES,
    SYSTEM_SHAPES,
    accelerator_shapes,
    gpu_alternatives,
    offered,
    system_shape,
)
from components.catalog.tpu import GKE_TPU_ACCELERATOR, TPU_TOPOLOGIES, topologies, tpu_topology
from components.catalog.types import MAX_SPOT_AGE_DAYS, LocalSsdCharge, Price, Region, Shape, Source, TpuTopology

__all__ = [
    "POOL_LIMITS",
    "PREFERENCE_DEGRADATION",
    "PoolLimit",
    "pool_limit",
    "ACCELERATOR_SHAPES",
    "CATALOG_REVIEWED",
    "CHARTS",
    "DATABASE_CLASSES",
    "EKS_ADDONS",
    "CLUSTER_AUTOSCALER_IMAGES",
    "DEFAULT_PRICE_BOOK",
    "GKE_TPU_ACCELERATOR",
    "LABEL_ACCELERATOR",
    "LABEL_CAPACITY",
    "LABEL_POOL",
    "MAX_NETWORK_PREFIX",
    "MIN_NETWORK_PREFIX",
    "NETWORKS",
    "POSTGRES_MAJOR_VERSION",
    "MAX_SOURCE_AGE_DAYS",
    "PRICE_BOOKS",
    "REGIONS",
    "SHAPE_REGIONS",
    "SUPPORT_WARNING_DAYS",
    "SYSTEM_SHAPES",
    "TODAY_ENV",
    "TPU_TOPOLOGIES",
    "TRAITS",
    "CatalogError",
    "Chart",
    "CloudTraits",
    "SPOT_INTERRUPTION",
    "SpotInterruption",
    "spot_interruption",
    "DatabaseClass",
    "ImagePin",
    "InvalidPriceOverrides",
    "KubernetesVersion",
    "Manager",
    "MissingPrice",
    "NameRule",
    "NetworkFacts",
    "MAX_SPOT_AGE_DAYS",
    "LocalSsdCharge",
    "Price",
    "PriceBook",
    "PriceOverrides",
    "Rate",
    "Region",
    "Shape",
    "Source",
    "Staleness",
    "Taint",
    "TpuTopology",
    "UnknownPriceBook",
    "UnknownRegion",
    "UnknownTopology",
    "UnsupportedShape",
    "accelerator_shapes",
    "accelerator_taints",
    "chart",
    "cluster_autoscaler_image_tag",
    "cloud_added_taints",
    "cloud_labels",
    "database_class",
    "eks_addon_pinned",
    "days_of_support_left",
    "gpu_alternatives",
    "kubernetes_version",
    "load_overrides",
    "network_facts",
    "offered",
    "price",
    "price_book",
    "published_zones",
    "region",
    "regions_offering",
    "reservation_only_zones",
    "spot_offered",
    "stale_sources",
    "staleness",
    "support_warning",
    "supported_versions",
    "version_problem",
    "system_shape",
    "today",
    "topologies",
    "tpu_topology",
    "traits",
    "unreservable_series",
    "zones_offering",
]
