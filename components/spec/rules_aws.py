"""AWS-only rules on names the blueprint derives: the MLflow database's RDS identifier.

RDS identifiers are stricter than DNS labels (a letter first, at most 63 characters, no '--', no trailing '-'),
so a platform name that EKS accepts can still make `CreateDBInstance` fail halfway through a deploy.
Source: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints
"""

from __future__ import annotations

import re

from components import catalog
from components.catalog.service_names import MLFLOW_DATABASE
from components.spec.enums import Cloud
from components.spec.errors import Problem, show
from components.spec.models import Blueprint

RDS_IDENTIFIER = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$")


def mlflow_rds_identifier(cluster_name: str) -> str:
    """The RDS instance identifier of a cluster's MLflow database (also its subnet and parameter groups' stem)."""
    return f"{cluster_name}-{MLFLOW_DATABASE}"


def check_aws(bp: Blueprint) -> list[Problem]:
    if bp.cloud is not Cloud.AWS:
        return []
    return _check_addons(bp) + _check_rds_identifier(bp)


def _check_addons(bp: Blueprint) -> list[Problem]:
    """EKS builds vpc-cni, kube-proxy and CoreDNS as managed add-ons pinned per minor; a minor EKS supports whose
    add-on versions are not pinned yet cannot be built (better refused here than half-way through a deploy)."""
    version = bp.cluster.kubernetes_version
    if version not in catalog.supported_versions(Cloud.AWS) or catalog.eks_addon_pinned(version):
        return []  # an unsupported version is reported by the version rule
    return [Problem("cluster.kubernetesVersion", f"{show(version)} has no pinned EKS add-on versions "
                    f"({', '.join(catalog.EKS_ADDONS)}) yet; use an earlier supported version, or pin them in "
                    "components/catalog/eks_addons.py after checking `aws eks describe-addon-versions`")]


def _check_rds_identifier(bp: Blueprint) -> list[Problem]:
    mlflow = bp.services.mlflow
    if mlflow is None or not mlflow.enabled:
        return []
    identifier = mlflow_rds_identifier(bp.cluster_name)
    if RDS_IDENTIFIER.match(identifier):
        return []
    return [Problem("name", f"{show(bp.name)} makes the MLflow database identifier {show(identifier)}, which RDS "
                    "refuses: it must start with a letter, have at most 63 characters and no '--'; use a shorter "
                    "name that starts with a letter")]
