"""Sources of the fixed-cost and egress rows: the page each figure was read from and the date of its data.

``as_of`` is the date the figure itself carries (the page's publication or verification date); where the stored
copy of a page carries no date, ``as_of`` is ``UNDATED_READ``, the day it was read, and the title says
"undated". Where only a third party restates a vendor figure, the title names it.
"""

from __future__ import annotations

from datetime import date

from components.catalog.types import Source

UNDATED_READ = date(2026, 11, 30)
"""The day pages without a date of their own were read for these rows."""

# --- Control planes ---------------------------------------------------------------------------------
EKS_PRICING = Source(
    "AWS Containers blog: Amazon EKS extended support pricing ($0.10 per cluster-hour in standard support, "
    "$0.60 in extended support, from the April 2024 billing cycle)",
    "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/",
    date(2024, 4, 1),
)
GKE_PRICING = Source(
    "GKE pricing (undated): $0.10 per cluster-hour management fee for every cluster; free tier $74.40 monthly "
    "credit per billing account, applied to zonal and Autopilot clusters only",
    "https://cloud.google.com/kubernetes-engine/pricing#cluster_management_fee_and_free_tier",
    UNDATED_READ,
)
AKS_PRICING_TIERS = Source(
    "AKS pricing tiers: Free (no charge, no SLA), Standard ($0.10 per cluster-hour, uptime SLA), Premium "
    "($0.60 per cluster-hour, adds long-term support); figures restated by techmarmot.com and cloudyali.io (2026), "
    "the tiers page (ms.date 2026-07-06) links the prices",
    "https://learn.microsoft.com/en-us/azure/aks/free-standard-pricing-tiers",
    date(2026, 7, 6),
)

# --- NAT --------------------------------------------------------------------------------------------
AWS_NAT_PRICING = Source(
    "Amazon VPC pricing, NAT gateway: $0.045 per gateway-hour and $0.045 per GB processed in US East / US West "
    "(restated by cloudburn.io and cloudpipelines, 2026; Europe $0.048-$0.052)",
    "https://aws.amazon.com/vpc/pricing/",
    date(2026, 2, 24),
)
GCP_NAT_PRICING = Source(
    "Cloud NAT pricing: $0.0014 per VM-hour up to 32 VMs, $0.044 per hour above; $0.045 per GiB processed, the "
    "same in every region",
    "https://cloud.google.com/nat/pricing",
    UNDATED_READ,
)
AZURE_NAT_PRICING = Source(
    "Azure NAT Gateway pricing: about $0.045 per gateway-hour and $0.045 per GB processed (restated by c3x.dev "
    "from the Azure retail price list, eastus)",
    "https://azure.microsoft.com/en-us/pricing/details/azure-nat-gateway/",
    UNDATED_READ,
)

# --- Object storage ---------------------------------------------------------------------------------
S3_PRICING = Source(
    "Amazon S3 pricing, S3 Standard first 50 TB per month (undated; third parties quote $0.021-$0.026 per "
    "GB-month by region; the AWS page itself was not read, so every S3 row is flagged estimated)",
    "https://aws.amazon.com/s3/pricing/",
    UNDATED_READ,
)
GCS_PRICING = Source(
    "Cloud Storage pricing, Standard storage per GB-month by region, as listed in the Cloud Billing Catalog mirror "
    "generated 2026-07-30 (Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml, storage.bucket.standard): "
    "us-central1 / us-east5 / europe-west4 $0.020, us-east4 / us-west4 $0.023",
    "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/"
    "fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml",
    date(2026, 7, 30),
)
AZURE_BLOB_PRICING = Source(
    "Azure Blob Storage pricing, block blob Hot LRS (undated; about $0.018 per GB-month in East US as restated "
    "by AZ-900 study notes; other regions not read)",
    "https://azure.microsoft.com/en-us/pricing/details/storage/blobs/",
    UNDATED_READ,
)

# --- Managed Postgres ------------------------------------------------------------------------------
RDS_T4G_PRICING = Source(
    "Amazon RDS for PostgreSQL pricing, us-east-1: db.t4g.small $0.032/h Single-AZ, $0.064/h Multi-AZ "
    "(restated by infratally.com, 2026)",
    "https://aws.amazon.com/rds/postgresql/pricing/",
    date(2026, 5, 1),
)
RDS_M7G_PRICING = Source(
    "Amazon RDS on-demand prices per hour (MySQL, us-west-2, 2024-02-02) listed in the Terraform AWS provider's "
    "RDS acceptance tests: db.m7g.large $0.168, db.m7g.xlarge $0.337; the PostgreSQL figure was not found",
    "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/instance_classes_test.go",
    date(2024, 2, 2),
)
RDS_STORAGE_PRICING = Source(
    "Amazon RDS pricing, gp3 storage $0.115 per GB-month (Single-AZ; Multi-AZ bills primary and standby), "
    "us-east-1 (restated by usage.ai, June 2026)",
    "https://aws.amazon.com/rds/pricing/",
    date(2026, 6, 1),
)
CLOUD_SQL_PRICING = Source(
    "Cloud SQL pricing, Enterprise edition dedicated core, us-central1: $0.0413 per vCPU-hour, $0.007 per "
    "GB-hour of memory; HA (regional) instances bill twice; SSD storage $0.17 per GB-month ($0.34 HA) "
    "(restated by usage.ai, May 2026)",
    "https://cloud.google.com/sql/pricing",
    date(2026, 5, 1),
)
AZURE_POSTGRES_PRICING = Source(
    "Azure Retail Prices API, Azure Database for PostgreSQL flexible server, eastus (verified 2026-07-26): "
    "Burstable B1MS $0.017/h, General Purpose Ddsv5 $0.089 per vCore-hour (2 vCore $0.178/h), storage $0.115 "
    "per GB-month; zone-redundant HA bills the standby's compute and storage as well",
    "https://prices.azure.com/api/retail/prices?$filter=serviceName eq 'Azure Database for PostgreSQL' "
    "and armRegionName eq 'eastus'",
    date(2026, 7, 26),
)

# --- Internet egress and exit waivers --------------------------------------------------------------
AWS_EGRESS_PRICING = Source(
    "Amazon EC2 on-demand pricing, data transfer out to the internet: 100 GB/month free, $0.09/GB first 10 TB, "
    "$0.085 next 40 TB, $0.07 next 100 TB, $0.05 above 150 TB (US and EU regions)",
    "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer",
    date(2026, 2, 24),
)
GCP_EGRESS_PRICING = Source(
    "Network Service Tiers pricing, Premium Tier internet data transfer from North America / Europe: $0.12/GiB "
    "0-1 TiB, $0.11 1-10 TiB, $0.08 above 10 TiB (Cloud Storage pricing example: $0.12 per GB)",
    "https://cloud.google.com/vpc/network-pricing#internet_egress",
    UNDATED_READ,
)
AZURE_EGRESS_PRICING = Source(
    "Azure bandwidth pricing, internet egress via Microsoft's network from North America / Europe: 100 GB/month "
    "free, $0.087/GB next 10 TB, $0.083 next 40 TB, $0.07 next 100 TB, $0.05 next 350 TB",
    "https://azure.microsoft.com/en-us/pricing/details/bandwidth/",
    UNDATED_READ,
)
GCP_EXIT_WAIVER = Source(
    "Google Cloud: free data transfer for customers leaving Google Cloud (Cloud Exit form, 60-day window, "
    "Premium Tier, agreement terminated)",
    "https://cloud.google.com/exit-cloud",
    date(2024, 1, 11),
)
AWS_EXIT_WAIVER = Source(
    "AWS News Blog: free data transfer out to the internet when moving out of AWS (request through AWS Support, "
    "60 days, all data and workloads removed, credited)",
    "https://aws.amazon.com/blogs/aws/free-data-transfer-out-to-internet-when-moving-out-of-aws/",
    date(2024, 3, 5),
)
AZURE_EXIT_WAIVER = Source(
    "Computing (2024-03-13) on Microsoft's offer: data transfer out free when leaving Azure (advance notice to "
    "Azure Support, 60 days, all subscriptions cancelled, Azure Storage data over the internet only, credited)",
    "https://www.computing.co.uk/news/4185418/microsoft-waive-cloud-egress-fees",
    date(2024, 3, 13),
)

# --- Transfer services -----------------------------------------------------------------------------
AWS_DATASYNC = Source(
    "AWS DataSync: transfer from Google Cloud Storage and Azure Blob Storage into Amazon S3",
    "https://docs.aws.amazon.com/datasync/latest/userguide/what-is-datasync.html",
    UNDATED_READ,
)
GCP_STORAGE_TRANSFER = Source(
    "Storage Transfer Service: transfer from Amazon S3 and Azure Blob Storage into Cloud Storage",
    "https://cloud.google.com/storage-transfer/docs/overview",
    UNDATED_READ,
)
AZURE_AZCOPY = Source(
    "AzCopy: copy from Amazon S3 and Google Cloud Storage into Azure Blob Storage",
    "https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azcopy-v10",
    UNDATED_READ,
)
AWS_SNOWBALL = Source("AWS Snowball Edge data migration", "https://aws.amazon.com/snowball/", UNDATED_READ)
GCP_TRANSFER_APPLIANCE = Source(
    "Google Transfer Appliance", "https://cloud.google.com/transfer-appliance/docs/4.0/overview", UNDATED_READ
)
AZURE_DATA_BOX = Source(
    "Azure Data Box", "https://learn.microsoft.com/en-us/azure/databox/data-box-overview", UNDATED_READ
)
