"""Shared test data for the sync rules: a client state factory and fixed dates.

Imported by the tests of this folder (pytest puts the folder on ``sys.path``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from neodesk.sync.settings import SyncSettings

TODAY = date(2024, 6, 14)
CREATED = date(2023, 2, 1)  # well before TODAY: growth prompts allowed
RECENT = date(2024, 5, 2)  # inside the lock period
SETTINGS = SyncSettings()
OFF = SyncSettings(prompt_sync_client_milestones=False)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def client(**overrides: Any) -> dict[str, Any]:
    """An in-business client created long ago, with a value in every field a rule watches."""
    state: dict[str, Any] = {
        "created_at": CREATED,
        "name": "Harbor Bakery",
        "client_type": "AC",
        "active": True,
        "company_status": "B",
        "date_established": None,
        "business_start_impact_date": None,
        "full_time_employees": 4,
        "part_time_employees": 2,
        "export_employees": 1,
        "gross_sales": Decimal("250000.00"),
        "gross_sales_date": None,
        "profits": Decimal("12000.00"),
        "profits_date": None,
        "export_sales": Decimal("10000.00"),
        "bonding_amount": Decimal("50000.00"),
        "international_trade": "Exporter",
        "export_countries": frozenset({"CA"}),
        "organization": "Limited Liability Co.",
        "ownership_gender": "F",
        "gender_certification_date": None,
        "veteran_status": "NA",
        "veteran_verification_date": None,
        "disadvantage_status": "NC",
        "sdb_certification_date": None,
        "hubzone": "N",
        "hubzone_certification_date": None,
        "dib_ready": False,
        "dib_ready_date": None,
        "gib_ready": False,
        "gib_ready_date": None,
    }
    state.update(overrides)
    return state
