"""`provider_region_problems` is public (the program, the CLI and the diff read a stack through it): an agreeing
region key gives an empty list, not a falsy stand-in, and each cloud reads its own provider key. A mutation run
returned None there and no test noticed (tools/README.md)."""

from __future__ import annotations

import pytest

from components.spec import Cloud, load_blueprint
from components.spec.stackconfig import provider_region_problems
from tests.blueprints import ADMINS
from tests.spec.test_rejections import Raw, mutated

KEYS = {Cloud.AWS: "region", Cloud.GCP: "region", Cloud.AZURE: "location"}


REGIONS = {Cloud.AWS: "us-east-1", Cloud.GCP: "us-central1", Cloud.AZURE: "eastus"}


@pytest.mark.parametrize("cloud", list(Cloud))
def test_an_agreeing_region_key_gives_no_problems(cloud: Cloud) -> None:
    def on(raw: Raw) -> None:
        raw.update(cloud=cloud.value, region=REGIONS[cloud])
        raw["cluster"]["admins"] = ADMINS[cloud.value]

    bp = load_blueprint(mutated(on))
    asked: list[str] = []

    def get(key: str) -> str | None:
        asked.append(key)
        return bp.region if key == KEYS[bp.cloud] else None

    assert provider_region_problems(bp, get) == []
    assert asked == [KEYS[bp.cloud]]
