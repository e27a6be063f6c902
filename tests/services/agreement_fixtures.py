"""Shared set-up for the agreement service and CLI tests: a client, counselors, a three-milestone grant."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from neodesk.models import Client, Counselor, Database, Milestone
from neodesk.services.client_sync import save_client_with_sync
from neodesk.sync.deciding import AlwaysNo

TODAY = date.today()  # services judge "today" by the clock; every date here is relative to it
START = TODAY - timedelta(days=120)
END = TODAY + timedelta(days=240)
ADMIN = "admin@localhost"
COUNSELOR = "maria.delgado@sbdc.example"


def add_counselor(db: Database, email: str = COUNSELOR, role: str = "counselor") -> None:
    with db.unit_of_work() as s:
        s.add(Counselor(name="Maria Delgado", email=email, role=role, active=True))


def add_client(db: Database, staff: int = 3) -> int:
    result = save_client_with_sync(
        db,
        None,
        {
            "name": "Prairie Bakery",
            "company_status": "B",
            "date_established": "2015-01-01",
            "full_time_employees": str(staff),
        },
        counselor_id=None,
        today=START,
        decider=AlwaysNo(),
    )
    with db.reading() as s:
        return s.get_one(Client, result.client_id).client_no


def add_hires(db: Database, client_no: int, before: int, after: int, on: date) -> None:
    """An impact record 'change in full-time staff' from `before` to `after` dated `on`."""
    with db.unit_of_work() as s:
        client = s.query(Client).filter(Client.client_no == client_no).one()
        s.add(
            Milestone(
                id=uuid.uuid4(),
                client_id=client.id,
                type_code="change_in_full_time_staff",
                date=on,
                amount=Decimal(after),
                initial_amount=Decimal(before),
                reportable=True,
            )
        )
        client.full_time_employees = after


def grant(client_no: int | None, **over: Any) -> dict[str, Any]:
    """The issue's story: a grant with three disbursement milestones (a job metric, a date, a sign-off)."""
    data: dict[str, Any] = {
        "number": "AG-1",
        "title": "Job creation grant",
        "kind": "grant",
        "client": client_no,
        "counterparty": "City of Fargo",
        "amount": "100000.00",
        "start": START.isoformat(),
        "end": END.isoformat(),
        "status": "active",
        "primary_contact": ADMIN,
        "milestones": [
            {
                "code": "HIRE5",
                "description": "Five new full-time jobs",
                "status": "ready",
                "conditions": [
                    {"kind": "metric", "measure": "increase", "field": "full_time_employees", "op": ">=", "target": 5}
                ],
                "events": [{"kind": "disbursement", "percent": "33.33"}],
            },
            {
                "code": "MIDYEAR",
                "description": "Half way",
                "status": "ready",
                "conditions": [{"kind": "date", "date": (TODAY - timedelta(days=10)).isoformat()}],
                "events": [{"kind": "disbursement", "percent": "33.33"}],
            },
            {
                "code": "SIGNOFF",
                "description": "Final report signed off",
                "status": "ready",
                "conditions": [{"kind": "user"}],
                "events": [{"kind": "disbursement", "percent": "33.34"}],
            },
        ],
    }
    data.update(over)
    return data


def text(data: dict[str, Any]) -> str:
    return json.dumps(data)
