"""The pytest plugin of `suite_profile.py`: profiles the process it loads in (the controller and each xdist worker).

Loaded with `-p benchmarks.suite_profile_plugin` and SUITE_PROFILE_DIR set. The profiler's clock is cProfile's
own (elapsed time; a CPU-time clock costs a system call per Python call and slows the suite several times over), so
the time the main thread waits for the threads the Pulumi SDK hands its monitor calls to, and for subprocesses, is
charged to the frame it waits in. At the end each process writes its profile and the CPU of the children it reaped
(render workers, policy analyzer servers, the mutation tool's pytest runs) to the folder.
"""

from __future__ import annotations

import cProfile
import json
import os
import resource

import pytest

DIR_ENV = "SUITE_PROFILE_DIR"
WORKER_ENV = "PYTEST_XDIST_WORKER"
PROFILER = pytest.StashKey[cProfile.Profile]()


def _name() -> str:
    return os.environ.get(WORKER_ENV, "main")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "numprocesses", None) and WORKER_ENV not in os.environ:
        return  # the xdist controller only waits for its workers: they are profiled
    profiler = cProfile.Profile()
    config.stash[PROFILER] = profiler
    profiler.enable()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    profiler = config.stash.get(PROFILER, None)
    if profiler is None:
        return
    profiler.disable()
    folder = os.environ[DIR_ENV]
    profiler.dump_stats(os.path.join(folder, f"{_name()}.prof"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.path.join(folder, f"{_name()}.json"), "w") as handle:
        json.dump({"self": own.ru_utime + own.ru_stime, "children": children.ru_utime + children.ru_stime}, handle)
