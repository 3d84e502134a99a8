"""What each workload identity may touch in the bucket and which ones a stack builds (`catalog/workloads.py`), and the
workloads a stack exports (`k8s/services.py`): the clouds' identity modules read these, so a mutation run over the
catalog's and the in-cluster tests found no test reaching them (tools/README.md)."""

from __future__ import annotations

from typing import cast

import pytest

from components.catalog.workloads import WORKLOAD_GRANTS, workflow_roles
from components.k8s.kserve import KServe
from components.k8s.kuberay import Ray
from components.k8s.mlflow import Mlflow
from components.k8s.services import Services, workload_exports

MLFLOW = {"namespace": "mlflow", "serviceAccount": "mlflow"}
RAY = {"namespace": "ray", "serviceAccount": "ray"}
SERVING = {"namespace": "ml", "serviceAccount": "model-server"}


@pytest.mark.parametrize(("role", "prefixes", "writes"), [
    ("mlflow", ("mlflow",), True),  # read and write the same prefix: listed once
    ("ray", ("data", "checkpoints"), True),  # read-only first, then the written one, each once
    ("serving", ("mlflow",), False),  # KServe's storage initializer only downloads
])
def test_each_workload_touches_its_prefixes_once_read_first(role: str, prefixes: tuple[str, ...],
                                                            writes: bool) -> None:
    grant = WORKLOAD_GRANTS[role]
    assert (grant.prefixes, grant.writes) == (prefixes, writes)


@pytest.mark.parametrize(("ray", "kserve", "roles"), [
    (False, False, ()), (True, False, ("ray",)), (False, True, ("serving",)), (True, True, ("ray", "serving")),
])
def test_a_stack_builds_the_workflow_identities_of_its_services(ray: bool, kserve: bool,
                                                                roles: tuple[str, ...]) -> None:
    assert workflow_roles(ray=ray, kserve=kserve) == roles


@pytest.mark.parametrize(("mlflow", "ray", "kserve", "exported"), [
    (False, False, False, {}), (True, False, False, {"mlflow": MLFLOW}), (False, True, False, {"ray": RAY}),
    (False, False, True, {"serving": SERVING}), (True, True, True, {"mlflow": MLFLOW, "ray": RAY, "serving": SERVING}),
])
def test_workload_exports_name_only_the_deployed_workloads(mlflow: bool, ray: bool, kserve: bool,
                                                           exported: dict[str, dict[str, str]]) -> None:
    # Only `is not None` is read here, so a stand-in object takes the component's place (no Pulumi run needed).
    services = Services(mlflow=cast(Mlflow, object()) if mlflow else None, ray=cast(Ray, object()) if ray else None,
                        kserve=cast(KServe, object()) if kserve else None)
    assert workload_exports(services) == exported
