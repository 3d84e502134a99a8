"""Named sources of catalog facts: public vendor pages and feeds, each with the date of its data.

Every fact row (shape, price, region, topology, version pin) references one of these constants, so a
reviewer can open the page and check the number. ``as_of`` is the date of the data itself: for a documentation
page, the day it was read (the page states the present); for a price snapshot, the newest date its data can be
from, which may be much older than the day it was copied here. ``freshness`` fails a test on stale price sources.
"""

from __future__ import annotations

from datetime import date

from components.catalog.types import Source

READ = date(2026, 11, 27)
"""The day the catalog's documentation pages were read (their data is the page as of that day)."""

PRE_AWS_GPU_CUT = date(2025, 5, 31)
"""Newest possible date of the SkyPilot price snapshots: their P4/P5 on-demand figures are AWS's pre-cut prices
(the cut applies to on-demand from 2025-06-01, ``AWS_GPU_PRICE_CUT_2025``), so their data is no newer."""

# --- AWS -------------------------------------------------------------------------------------------
AWS_ACCELERATED_INSTANCES = Source(
    "Amazon EC2 instance types: accelerated computing specifications",
    "https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html",
    READ,
)
AWS_GENERAL_PURPOSE_INSTANCES = Source(
    "Amazon EC2 instance types: general purpose specifications",
    "https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html",
    READ,
)
AWS_P5 = Source("Amazon EC2 P5 instances", "https://aws.amazon.com/ec2/instance-types/p5/", READ)
AWS_P4 = Source("Amazon EC2 P4 instances", "https://aws.amazon.com/ec2/instance-types/p4/", READ)
AWS_G4 = Source("Amazon EC2 G4 instances", "https://aws.amazon.com/ec2/instance-types/g4/", READ)
AWS_G6 = Source("Amazon EC2 G6 instances", "https://aws.amazon.com/ec2/instance-types/g6/", READ)
AWS_ON_DEMAND_PRICING = Source(
    "Amazon EC2 On-Demand pricing (Linux)", "https://aws.amazon.com/ec2/pricing/on-demand/", READ
)
AWS_SPOT_PRICING = Source("Amazon EC2 Spot Instances pricing", "https://aws.amazon.com/ec2/spot/pricing/", READ)
AWS_GPU_PRICE_CUT_2025 = Source(
    "AWS News Blog (2025-06-05): up to 45% price reduction for EC2 NVIDIA GPU instances: on-demand P4d/P4de -33%, "
    "P5 -44% from 2025-06-01; EC2 Instance Savings Plans 1-year P4d/P4de -31%, P5 not offered for 1 year",
    "https://aws.amazon.com/blogs/aws/announcing-up-to-45-price-reduction-for-amazon-ec2-nvidia-gpu-accelerated-instances/",
    date(2025, 6, 5),
)
AWS_PRICE_LIST_2026_08 = Source(
    "AWS Price List (EC2 Linux on-demand and 1-year reserved per region) as mirrored from instances.vantage.sh, "
    "data dated 2026-08-26 (tsaol/aws-gpu data/p4d_instances.js, p4de_instances.js, p5_instances.js): "
    "p5.48xlarge 55.04, p5.4xlarge 6.88, p4d.24xlarge 21.957642 (reserved 13.921094), p4de.24xlarge 27.44705 "
    "(reserved 17.401365) USD/h in us-east-1; no reserved rate listed for P5",
    "https://github.com/tsaol/aws-gpu/blob/18aebd1d72819fea767dd5b5f835114120b2ad39/data/p5_instances.js",
    date(2026, 8, 26),
)
AWS_REGIONS = Source(
    "AWS Availability Zones (AZ IDs, the same in every account)",
    "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html",
    READ,
)
EKS_SUBNET_REQUIREMENTS = Source(
    "Amazon EKS: VPC and subnet requirements (subnet requirements for clusters, disallowed Availability Zone IDs)",
    "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html",
    READ,
)
AWS_INSTANCE_AVAILABILITY = Source(
    "Amazon EC2 instance types by Region",
    "https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-regions.html",
    READ,
)
EKS_GPU_AMI = Source(
    "Amazon EKS: accelerated (NVIDIA) Amazon Linux 2023 AMIs",
    "https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html",
    READ,
)
EKS_NODEGROUP_API = Source(
    "Amazon EKS API reference: CreateNodegroup",
    "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html",
    READ,
)
EKS_CLUSTER_API = Source(
    "Amazon EKS API reference: CreateCluster",
    "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html",
    READ,
)
EKS_MANAGED_NODE_GROUPS = Source(
    "Amazon EKS: managed node groups (capacity types, labels)",
    "https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html",
    READ,
)
EKS_AUTOSCALING = Source(
    "Amazon EKS: scale cluster compute (Cluster Autoscaler, Karpenter)",
    "https://docs.aws.amazon.com/eks/latest/best-practices/cas.html",
    READ,
)
AWS_SPOT_INTERRUPTIONS = Source(
    "Amazon EC2: Spot Instance interruption notices",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html",
    READ,
)
AWS_EFA = Source(
    "Amazon EC2: Elastic Fabric Adapter", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa.html", READ
)

# --- GCP -------------------------------------------------------------------------------------------
GCP_GPU_MACHINES = Source("Compute Engine: GPU machine types", "https://cloud.google.com/compute/docs/gpus", READ)
GCP_ACCELERATOR_MACHINES = Source(
    "Compute Engine: accelerator-optimized machine family",
    "https://cloud.google.com/compute/docs/accelerator-optimized-machines",
    READ,
)
GCP_GENERAL_PURPOSE_MACHINES = Source(
    "Compute Engine: general-purpose machine family (N2)",
    "https://cloud.google.com/compute/docs/general-purpose-machines",
    READ,
)
GCP_GPU_REGIONS = Source(
    "Compute Engine: GPU regions and zones availability",
    "https://cloud.google.com/compute/docs/gpus/gpu-regions-zones",
    READ,
)
GCP_REGIONS = Source("Compute Engine: regions and zones", "https://cloud.google.com/compute/docs/regions-zones", READ)
GCP_VM_PRICING = Source(
    "Compute Engine: VM instance pricing", "https://cloud.google.com/compute/vm-instance-pricing", READ
)
GCP_GPU_PRICING = Source("Compute Engine: GPU pricing", "https://cloud.google.com/compute/gpus-pricing", READ)
GCP_TPU_PRICING = Source("Cloud TPU pricing", "https://cloud.google.com/tpu/pricing", READ)
GCP_TPU_V5E = Source("Cloud TPU v5e", "https://cloud.google.com/tpu/docs/v5e", READ)
GCP_TPU_V5P = Source("Cloud TPU v5p", "https://cloud.google.com/tpu/docs/v5p", READ)
GCP_TPU_V6E = Source("Cloud TPU v6e (Trillium)", "https://cloud.google.com/tpu/docs/v6e", READ)
GCP_TPU_REGIONS = Source("Cloud TPU regions and zones", "https://cloud.google.com/tpu/docs/regions-zones", READ)
GKE_TPUS = Source(
    "GKE: plan TPUs (topologies, machine types, node labels)",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/plan-tpus",
    READ,
)
GKE_GPUS = Source(
    "GKE: about GPUs (driver installation, device plugin, taints)",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/gpus",
    READ,
)
GKE_SPOT_VMS = Source(
    "GKE: Spot VMs (labels, termination)", "https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms", READ
)
GKE_CLUSTER_AUTOSCALER = Source(
    "GKE: cluster autoscaler",
    "https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler",
    READ,
)
GKE_NODE_POOL_API = Source(
    "GKE API reference: projects.locations.clusters.nodePools",
    "https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools",
    READ,
)
GCP_A3_NETWORKING = Source(
    "Compute Engine: GPU network bandwidth (GPUDirect-TCPX on A3 High)",
    "https://cloud.google.com/compute/docs/gpus/gpu-network-bandwidth",
    READ,
)

# --- Azure -----------------------------------------------------------------------------------------
AZURE_ND_H100_V5 = Source(
    "Azure: ND H100 v5 series",
    "https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/gpu-accelerated/ndh100v5-series",
    READ,
)
AZURE_NDM_A100_V4 = Source(
    "Azure: NDm A100 v4 series",
    "https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/gpu-accelerated/ndma100v4-series",
    READ,
)
AZURE_ND_A100_V4 = Source(
    "Azure: ND A100 v4 series",
    "https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/gpu-accelerated/nda100v4-series",
    READ,
)
AZURE_NC_A100_V4 = Source(
    "Azure: NC A100 v4 series",
    "https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/gpu-accelerated/nca100v4-series",
    READ,
)
AZURE_NCAST4_V3 = Source(
    "Azure: NCasT4_v3 series",
    "https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/gpu-accelerated/ncast4v3-series",
    READ,
)
AZURE_DSV5 = Source(
    "Azure: Dsv5 series",
    "https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/general-purpose/dsv5-series",
    READ,
)
AZURE_VM_PRICING = Source(
    "Azure: Linux Virtual Machines pricing",
    "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/",
    READ,
)
AZURE_PRODUCTS_BY_REGION = Source(
    "Azure: products available by region",
    "https://azure.microsoft.com/en-us/explore/global-infrastructure/products-by-region/",
    READ,
)
AZURE_AZ_REGIONS = Source(
    "Azure: regions with availability zones",
    "https://learn.microsoft.com/en-us/azure/reliability/regions-list",
    READ,
)
AKS_GPUS = Source(
    "AKS: use GPUs for compute-intensive workloads",
    "https://learn.microsoft.com/en-us/azure/aks/use-nvidia-gpu",
    READ,
)
AKS_SPOT = Source("AKS: add a spot node pool", "https://learn.microsoft.com/en-us/azure/aks/spot-node-pool", READ)
AKS_NODE_POOLS = Source(
    "AKS: create node pools (naming rules)",
    "https://learn.microsoft.com/en-us/azure/aks/create-node-pools",
    READ,
)
AKS_CLUSTER_AUTOSCALER = Source(
    "AKS: cluster autoscaler", "https://learn.microsoft.com/en-us/azure/aks/cluster-autoscaler", READ
)
AZURE_NAMING_RULES = Source(
    "Azure: naming rules and restrictions for resources (Microsoft.ContainerService)",
    "https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules",
    READ,
)
AZURE_SPOT_EVICTION = Source(
    "Azure: Spot Virtual Machines (eviction, Scheduled Events)",
    "https://learn.microsoft.com/en-us/azure/virtual-machines/spot-vms",
    READ,
)
GKE_NAMING = Source(
    "GKE API reference: Cluster and NodePool name constraints",
    "https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters",
    READ,
)

# --- Catalog snapshots of the vendors' billing APIs (prices, per-zone availability) ---------------
GCP_BILLING_MIRROR_DATE = date(2026, 7, 30)
"""When the Cloud Billing Catalog mirror below was generated (its ``about.generated``: Thu Jul 30 06:13:17 2026)."""

GCP_BILLING_2026_07 = Source(
    "Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml, generated 2026-07-30 from the Cloud Billing "
    "Catalog API (commit fd66b26f): per machine type and region USD/h on-demand and spot, 1-year commitment "
    "per month, Local SSD per GiB-month; e.g. a3-highgpu-8g us-central1 88.49/h with 6000 GiB Local SSD, "
    "1-year 44810.08/month; a2-ultragpu-8g us-central1 40.55/h with 3000 GiB",
    "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/"
    "fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml",
    GCP_BILLING_MIRROR_DATE,
)

SKYPILOT_GCP = Source(
    "SkyPilot catalog v7 gcp/vms.csv (Cloud Billing Catalog API prices and zones), commit 017e2502",
    "https://github.com/skypilot-org/skypilot-catalog/blob/017e2502fb63c7a28757acd94002b2d6099d3e3d/"
    "catalogs/v7/gcp/vms.csv",
    PRE_AWS_GPU_CUT,
)
SKYPILOT_AWS = Source(
    "SkyPilot catalog v7 aws/vms.csv (EC2 price list and spot prices per AZ ID), commit 001367d2; its P4/P5 "
    "on-demand figures are pre-cut, so only its spot per AZ and non-P instance types are used",
    "https://github.com/skypilot-org/skypilot-catalog/blob/001367d22a0033fac286a8c71aeac7109e431bcb/"
    "catalogs/v7/aws/vms.csv",
    PRE_AWS_GPU_CUT,
)
SKYPILOT_AZURE = Source(
    "SkyPilot catalog v6 azure/vms.csv (Azure retail prices API, pay-as-you-go and spot), commit 098741e7; "
    "US regions only (no westeurope / swedencentral rows)",
    "https://github.com/skypilot-org/skypilot-catalog/blob/098741e70562f65d7af1cceb81e33b284f742604/"
    "catalogs/v6/azure/vms.csv",
    PRE_AWS_GPU_CUT,
)
