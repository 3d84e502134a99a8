"""MLflow's server sizing from its database class, pure: workers and SQLAlchemy pools that fit the class's
connections. Here (not in the in-cluster layer) so that validation refuses a class too small for the replicas before
anything registers, and the in-cluster layer sizes the server from the same function.

Every worker process of every MLflow pod opens its own SQLAlchemy engines: the tracking store, the model registry
store and the basic-auth store, each a QueuePool of `pool_size + max_overflow` connections. During a rolling update
one extra pod (maxSurge 1) runs beside the replicas. MLflow may use MLFLOW_SHARE of the class's user connections; the
rest is left to migrations, the admins' psql sessions and (RDS) the memory the OS keeps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from components.catalog.database_connections import user_connections
from components.catalog.databases import DatabaseClass

ENGINES_PER_WORKER = 3  # tracking store, model registry store, basic-auth store
MAX_SURGE = 1  # the Deployment's rolling update runs one extra pod
MLFLOW_SHARE = 0.8
DEFAULT_WORKERS = 4  # `mlflow server --workers` default
DEFAULT_POOL_SIZE, DEFAULT_MAX_OVERFLOW = 5, 10  # SQLAlchemy QueuePool defaults
MIN_CONNECTIONS_PER_ENGINE = 2  # one request in flight and one spare, per engine


class DatabaseTooSmallError(ValueError):
    """The database class cannot hold even one worker per MLflow pod."""


@dataclass(frozen=True)
class ServerSizing:
    workers: int
    pool_size: int
    max_overflow: int
    connections: int  # at most, across every pod during a rolling update
    budget: int  # what MLflow may use of the class's user connections


def server_sizing(db: DatabaseClass, replicas: int) -> ServerSizing:
    """The most workers (up to MLflow's default 4) whose engines still get MIN_CONNECTIONS_PER_ENGINE each; pools
    at SQLAlchemy's defaults where the budget allows, smaller where it does not."""
    budget = math.floor(user_connections(db) * MLFLOW_SHARE)
    pods = replicas + MAX_SURGE
    for workers in range(DEFAULT_WORKERS, 0, -1):
        per_engine = budget // (pods * workers * ENGINES_PER_WORKER)
        if per_engine >= MIN_CONNECTIONS_PER_ENGINE:
            pool = min(DEFAULT_POOL_SIZE, per_engine)
            overflow = min(DEFAULT_MAX_OVERFLOW, per_engine - pool)
            total = pods * workers * ENGINES_PER_WORKER * (pool + overflow)
            return ServerSizing(workers, pool, overflow, total, budget)
    raise DatabaseTooSmallError(
        f"services.mlflow: {db.instance_class} admits {user_connections(db)} user connections, too few for "
        f"{replicas} MLflow replica(s) ({pods} pods while rolling, {ENGINES_PER_WORKER} engines of "
        f"{MIN_CONNECTIONS_PER_ENGINE} connections each); choose a larger services.mlflow.database.size or fewer "
        "services.mlflow.replicas"
    )
