"""AWS-only rules on names the blueprint derives: the MLflow database's RDS identifier.

(Whether EKS add-ons are pinned for a minor is part of the one version rule, ``catalog.version_problem``.)

RDS identifiers are stricter than DNS labels (a letter first, at most 63 characters, no '--', no trailing '-'),
so a platform name that EKS accepts can still make `CreateDBInstance` fail halfway through a deploy.
Source: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints
"""

from __future__ import annotations

import re

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
    return _check_rds_identifier(bp)


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
