"""The date the catalog judges support windows against: today, unless ``MLPLATFORM_TODAY`` names another day.

Validation and ``plan`` call ``today()`` once per run; tests set ``MLPLATFORM_TODAY`` (ISO date) so no test
depends on the real clock. The catalog's own review date is ``freshness.CATALOG_REVIEWED``.
"""

from __future__ import annotations

import os
from datetime import date

TODAY_ENV = "MLPLATFORM_TODAY"


def today() -> date:
    """``MLPLATFORM_TODAY`` (YYYY-MM-DD) when set, else the system date; raises ValueError on a malformed value."""
    value = os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{TODAY_ENV}={value!r} is not a date; use YYYY-MM-DD") from None
