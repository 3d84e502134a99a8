"""Random blueprints: a clean plan or a clean BlueprintError with paths, never a traceback."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.plan import plan_platform
from components.spec import Accelerator, BlueprintError, load_blueprint

NAMES = st.sampled_from(["t4", "a100-train", "H100", "x" * 70, "gpu-pool-with-long-name", "tpu", "-bad"])
SIZES = st.one_of(
    st.integers(min_value=-2, max_value=20),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-5, max_value=20),
)
POOL = st.fixed_dictionaries(
    {"name": NAMES, "accelerator": st.sampled_from([a.value for a in Accelerator] + ["nvidia-h900"])},
    optional={
        "acceleratorsPerNode": st.sampled_from([0, 1, 2, 3, 4, 8]),
        "topology": st.sampled_from(["1x1", "2x2", "2x4", "4x4", "2x2x1", "2x2x2", "9x9"]),
        "capacity": st.sampled_from(["spot", "on-demand", "reserved", "cheap"]),
        "minNodes": SIZES,
        "maxNodes": SIZES,
        "spotMaxPrice": st.sampled_from([-1, -3, 0.5, 1.123456, 2]),
        "reservation": st.sampled_from(["r-1", ""]),
        "extra": st.just(1),
    },
)
BLUEPRINT = st.fixed_dictionaries(
    {
        "cloud": st.sampled_from(["aws", "gcp", "azure", "oci"]),
        "region": st.sampled_from(["us-east-1", "us-central1", "eastus", "us-west-2", "nowhere"]),
        "environment": st.sampled_from(["dev", "staging", "prod", "qa"]),
        "cluster": st.fixed_dictionaries(
            {"kubernetesVersion": st.sampled_from(["1.33", "1.35", "1.2", "v1.35", "1.35.1"])},
            optional={
                "systemPool": st.fixed_dictionaries(
                    {}, optional={"nodes": SIZES, "capacity": st.sampled_from(["spot", "on-demand"])}
                ),
                "endpoint": st.fixed_dictionaries(
                    {"public": st.booleans()},
                    optional={
                        "allowedCidrs": st.lists(
                            st.sampled_from(["10.0.0.0/8", "0.0.0.0/0", "::/0", "203.0.113.7/32", "bad"]), max_size=2
                        )
                    },
                ),
                "availability": st.sampled_from(["regional", "zonal", "global"]),
            },
        ),
        "nodePools": st.lists(POOL, max_size=3),
    },
    optional={
        "tags": st.dictionaries(
            st.sampled_from(["team", "Team", "aws-x", "cost_center"]),
            st.sampled_from(["ml", "ML", "a b", ""]),
            max_size=2,
        )
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BLUEPRINT)
def test_random_blueprints_plan_or_fail_cleanly(raw: dict[str, Any]) -> None:
    try:
        blueprint = load_blueprint(raw)
    except BlueprintError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message and "Traceback" not in problem.message
        return
    plan = plan_platform(blueprint)
    assert [p.name for p in plan.pools] == [p["name"] for p in raw["nodePools"]]
    for pool in plan.pools:
        assert 0 <= pool.min_nodes <= pool.max_nodes
        assert pool.shapes and pool.zones
