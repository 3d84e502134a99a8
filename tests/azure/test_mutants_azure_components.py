"""Azure's globally unique names cut at exactly the service's limit, which a mutation run over `components/azure`
(tools/README.md) found unpinned: the stack's own name was short enough that no cut happened.

Limits: a storage account name is 3-24 lowercase letters and digits; a PostgreSQL flexible server name is 3-63
lowercase letters, digits and hyphens
(https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage,
#microsoftdbforpostgresql). The name functions take the plan's name; the plans are given longer names here.
"""

from __future__ import annotations

from dataclasses import replace

from components.azure.names import postgres_server_name, storage_account_name, suffix
from tests.azure.conftest import plan_of

SUBSCRIPTION = "00000000-0000-0000-0000-000000000001"


def test_the_storage_account_keeps_fourteen_name_characters_for_exactly_24() -> None:
    plan = plan_of("prod")
    fits = replace(plan, name="abcdefghijklmn")
    assert storage_account_name(SUBSCRIPTION, fits) == f"stabcdefghijklmn{suffix(SUBSCRIPTION, fits)}"
    cut = replace(plan, name="abcdefghijklmno-p")
    assert storage_account_name(SUBSCRIPTION, cut) == f"stabcdefghijklmn{suffix(SUBSCRIPTION, cut)}"
    assert len(storage_account_name(SUBSCRIPTION, cut)) == 24


def test_the_postgres_server_keeps_49_name_characters_for_exactly_63() -> None:
    plan = plan_of("prod")
    fits = replace(plan, name="p" * 49)
    assert postgres_server_name(SUBSCRIPTION, fits) == f"psql-{'p' * 49}-{suffix(SUBSCRIPTION, fits)}"
    assert len(postgres_server_name(SUBSCRIPTION, fits)) == 63
    cut = replace(plan, name="q" * 50)
    assert postgres_server_name(SUBSCRIPTION, cut) == f"psql-{'q' * 49}-{suffix(SUBSCRIPTION, cut)}"
