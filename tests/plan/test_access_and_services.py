"""Planning the deploy path, the stack network, admins, reserved zones and the services, the same on every cloud."""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.deploy_path import PathKind, deploy_path
from components.plan import HubPlan, plan_platform
from components.plan_services import MlflowPlan, RayCpuPlan, RayPlan, RayWorkerPlan, ServicesPlan
from components.spec import Accelerator, Cloud, ServiceSize, load_blueprint
from tests.blueprints import ADMINS

REGION = {"aws": "us-east-1", "gcp": "us-central1", "azure": "eastus"}
HUB_ID = {"aws": "tgw-0123456789abcdef0", "gcp": "projects/hub-project/global/networks/hub",
          "azure": "/subscriptions/00000000-0000-4000-8000-0000000000aa/resourceGroups/rg-hub/providers/"
                   "Microsoft.Network/virtualNetworks/vnet-hub"}
A100 = {"name": "a100", "accelerator": "nvidia-a100-80gb", "acceleratorsPerNode": 8, "maxNodes": 2}


def raw(cloud: str, environment: str = "dev", **extra: Any) -> dict[str, Any]:
    cluster = {"kubernetesVersion": "1.35", "systemPool": {"nodes": 3}, "admins": ADMINS[cloud],
               **extra.pop("cluster", {})}
    return {"cloud": cloud, "region": REGION[cloud], "environment": environment, "cluster": cluster,
            "nodePools": [A100], **extra}


@pytest.mark.parametrize(
    ("cloud", "extra", "kind", "description"),
    [
        ("gcp", {}, PathKind.DNS_ENDPOINT, "DNS endpoint, Google IAM (no network path needed)"),
        ("aws", {"network": {"hub": {"id": HUB_ID["aws"], "cidrs": ["10.100.0.0/16"]}}}, PathKind.HUB,
         f"from hub {HUB_ID['aws']} (10.100.0.0/16)"),
        ("azure", {"network": {"hub": {"id": HUB_ID["azure"], "cidrs": ["10.100.0.0/16", "10.101.0.0/16"]}}},
         PathKind.HUB, f"from hub {HUB_ID['azure']} (10.100.0.0/16, 10.101.0.0/16)"),
        ("aws", {"cluster": {"endpoint": {"public": True, "allowedCidrs": ["203.0.113.0/24"]}}},
         PathKind.PUBLIC_ALLOWLIST, "from allowlisted CIDRs (203.0.113.0/24)"),
    ],
    ids=["gcp-dns", "aws-hub", "azure-hub", "aws-public"],
)
def test_each_stack_states_how_its_first_deploy_reaches_the_api(
    cloud: str, extra: dict[str, Any], kind: PathKind, description: str
) -> None:
    path = deploy_path(plan_platform(load_blueprint(raw(cloud, **extra))))
    assert (path.kind, path.description, path.warning) == (kind, description, False)


@pytest.mark.parametrize("cloud", ["aws", "azure"])
def test_a_private_stack_without_a_hub_warns_that_the_run_must_start_inside(cloud: str) -> None:
    path = deploy_path(plan_platform(load_blueprint(raw(cloud))))
    assert path.kind is PathKind.INSIDE and path.warning
    assert path.description.startswith("WARNING: private endpoint and no network.hub")


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure"])
def test_network_defaults_per_cloud_and_the_blueprint_wins(cloud: str) -> None:
    default = plan_platform(load_blueprint(raw(cloud)))
    assert default.network_cidr == catalog.network_facts(Cloud(cloud)).default_cidr
    assert default.hub is None
    assert default.admins == tuple(ADMINS[cloud])
    chosen = plan_platform(load_blueprint(raw(cloud, network={
        "cidr": "10.42.0.0/16", "hub": {"id": HUB_ID[cloud], "cidrs": ["10.100.0.0/16"]}})))
    assert (chosen.network_cidr, chosen.hub) == ("10.42.0.0/16", HubPlan(HUB_ID[cloud], ("10.100.0.0/16",)))


def test_a_reserved_pool_is_placed_in_its_reservation_zone_only() -> None:
    reserved = {**A100, "capacity": "reserved", "reservation": "a100-res", "reservationZone": "us-central1-c"}
    plan = plan_platform(load_blueprint({**raw("gcp"), "nodePools": [reserved]}))
    assert plan.pools[0].zones == ("us-central1-c",)
    assert plan.pools[0].reservation_zone == "us-central1-c"


def test_services_plan_defaults_by_environment() -> None:
    services = {"mlflow": {}, "kserve": {}, "ray": {"workers": [{"pool": "a100", "maxWorkers": 4,
                                                                  "acceleratorsPerWorker": 4}]}}
    dev = plan_platform(load_blueprint(raw("aws", services=services))).services
    assert dev == ServicesPlan(
        mlflow=MlflowPlan(catalog.database_class(Cloud.AWS, ServiceSize.SMALL), high_availability=False, replicas=1),
        kserve=True,
        ray=RayPlan(ServiceSize.SMALL, (RayWorkerPlan("a100", Accelerator("nvidia-a100-80gb"), "nvidia.com/gpu",
                                                      accelerators_per_worker=4, max_workers=4, hosts=1),),
                   cpu=RayCpuPlan(max_workers=2, size=ServiceSize.SMALL)),
    )
    prod = plan_platform(load_blueprint(raw("azure", "prod", services={
        "mlflow": {"database": {"size": "large"}}, "kserve": {"enabled": False}}))).services
    assert prod == ServicesPlan(
        mlflow=MlflowPlan(catalog.database_class(Cloud.AZURE, ServiceSize.LARGE), high_availability=True, replicas=2),
        kserve=False,
        ray=None,
    )
    assert prod.mlflow is not None and prod.mlflow.database.instance_class == "Standard_D4ds_v5"


def test_a_multi_host_tpu_worker_group_counts_whole_slices() -> None:
    bp = raw("gcp", services={"mlflow": {}, "kserve": {}, "ray": {"workers": [{"pool": "v5e", "maxWorkers": 4}]}})
    bp["nodePools"] = [{"name": "v5e", "accelerator": "tpu-v5e", "topology": "4x4"}]
    [worker] = plan_platform(load_blueprint(bp)).services.ray.workers  # type: ignore[union-attr]
    assert (worker.resource, worker.accelerators_per_worker, worker.hosts, worker.max_replicas) == (
        "google.com/tpu", 4, 4, 1)


def test_no_services_section_plans_no_services() -> None:
    assert plan_platform(load_blueprint(raw("gcp"))).services == ServicesPlan()


@pytest.mark.parametrize(
    ("cloud", "availability", "nodes"), [("gcp", "regional", 3), ("gcp", "zonal", 2), ("aws", "regional", 2),
                                         ("azure", "regional", 2)],
)
def test_system_nodes_are_the_ones_that_run(cloud: str, availability: str, nodes: int) -> None:
    """GKE counts a regional pool's nodes per zone: 2 asked over 3 zones run (and bill) as 3."""
    bp = raw(cloud, cluster={"systemPool": {"nodes": 2}, "availability": availability})
    assert plan_platform(load_blueprint(bp)).system.nodes == nodes
