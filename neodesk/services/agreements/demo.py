"""Demo agreements for `neodesk demo`: realistic agreements at every stage, made through the use cases.

Client grants with job-creation milestones (one just drafted, one waiting on hires, one half paid,
one suspended, one cancelled), an APEX client's government contract with deliverables chained one
after another and their invoices, and the center's cooperative agreement with quarterly goals as
metric conditions. They are built from §11 definitions, marked and processed like a counselor
would, so what a new user opens is what the app itself produced.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from neodesk.agreements.dates import add_months
from neodesk.models import Agreement, Client, Database
from neodesk.services.agreements.actions import agreement_status, mark, pay
from neodesk.services.agreements.editing import create_agreement
from neodesk.services.agreements.processing import process
from neodesk.services.agreements.reading import agreement_definition


@dataclass(frozen=True, slots=True)
class DemoAgreements:
    created: int
    released: int


def _grant(number: str, client_no: int, start: date, staff_goal: int, amount: int, status: str) -> dict[str, Any]:
    return {
        "number": number,
        "title": f"Job creation grant ({staff_goal} jobs)",
        "kind": "grant",
        "client": client_no,
        "counterparty": "City Economic Development Office",
        "amount": f"{amount}.00",
        "start": start.isoformat(),
        "end": add_months(start, 18).isoformat(),
        "status": status,
        "milestones": [
            {
                "code": "PLAN",
                "description": "Hiring plan approved by the city",
                "status": "ready",
                "due": (start + timedelta(days=30)).isoformat(),
                "conditions": [{"kind": "user"}],
                "events": [{"kind": "disbursement", "percent": "20.00"}],
            },
            {
                "code": f"HIRE{staff_goal}",
                "description": f"{staff_goal} new full-time jobs",
                "financial": True,
                "status": "ready",
                "due": add_months(start, 12).isoformat(),
                "conditions": [
                    {
                        "kind": "metric",
                        "measure": "increase",
                        "field": "full_time_employees",
                        "op": ">=",
                        "target": staff_goal,
                    },
                    {"kind": "milestone", "milestone": "PLAN", "lag_days": 0},
                ],
                "events": [{"kind": "disbursement", "percent": "50.00"}],
            },
            {
                "code": "RETAIN",
                "description": "Jobs kept a year after hiring",
                "status": "ready",
                "due": add_months(start, 18).isoformat(),
                "conditions": [
                    {"kind": "date", "date": add_months(start, 18).isoformat()},
                    {"kind": "milestone", "milestone": f"HIRE{staff_goal}", "lag_days": 180},
                ],
                "events": [{"kind": "disbursement", "percent": "30.00"}],
            },
        ],
    }


def _contract(number: str, client_no: int, start: date, amount: int) -> dict[str, Any]:
    deliverables = ["Kick-off and requirements", "Prototype delivered", "Acceptance testing", "Final delivery"]
    milestones = []
    for i, title in enumerate(deliverables, 1):
        conditions: list[dict[str, Any]] = [{"kind": "user"}]
        if i > 1:
            conditions.append({"kind": "milestone", "milestone": f"D{i - 1}", "lag_days": 0})
        milestones.append(
            {
                "code": f"D{i}",
                "description": title,
                "financial": True,
                "status": "ready",
                "due": add_months(start, 3 * i).isoformat(),
                "conditions": conditions,
                "events": [{"kind": "billing", "percent": "25.00"}],
            }
        )
    return {
        "number": number,
        "title": "DoD subcontract: field sensor maintenance",
        "kind": "contract",
        "client": client_no,
        "counterparty": "Defense Logistics Agency",
        "amount": f"{amount}.00",
        "start": start.isoformat(),
        "end": add_months(start, 12).isoformat(),
        "status": "active",
        "milestones": milestones,
    }


def _cooperative(number: str, start: date) -> dict[str, Any]:
    milestones = []
    for q in range(1, 5):
        end = add_months(start, 3 * q) - timedelta(days=1)
        milestones.append(
            {
                "code": f"Q{q}",
                "description": f"Quarter {q}: {25 * q} clients counseled",
                "status": "ready",
                "due": end.isoformat(),
                "conditions": [
                    {"kind": "metric", "measure": "clients_counseled", "op": ">=", "target": 25 * q},
                    {"kind": "date", "date": end.isoformat()},
                ],
                "events": [{"kind": "revenue", "percent": "25.00"}],
            }
        )
    return {
        "number": number,
        "title": "SBA cooperative agreement: performance goals",
        "kind": "cooperative_agreement",
        "client": None,
        "counterparty": "U.S. Small Business Administration",
        "amount": "250000.00",
        "start": start.isoformat(),
        "end": add_months(start, 12).isoformat(),
        "status": "active",
        "milestones": milestones,
    }


def add_demo_agreements(
    db: Database, seed: int, today: date | None = None, *, counselor: uuid.UUID | str | None = None
) -> DemoAgreements:
    """Add the demo agreements (numbered DEMO-<seed>-…) as `counselor` (id or email, else NEODESK_COUNSELOR);
    a second run with the same seed adds none."""
    today = today or date.today()
    rng = random.Random(seed)
    prefix = f"DEMO-{seed}-"
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(Agreement).where(Agreement.number.like(f"{prefix}%"))):
            return DemoAgreements(0, 0)
        clients = list(
            session.scalars(
                select(Client.client_no)
                .where(Client.company_status.in_(("B", "S")))
                .order_by(Client.client_no)
                .limit(40)
            )
        )
    if len(clients) < 6:
        return DemoAgreements(0, 0)
    picks = rng.sample(clients, 6)
    year_ago = today - timedelta(days=365)
    made = [
        _grant(f"{prefix}G1", picks[0], today - timedelta(days=20), 3, 60_000, "draft"),
        _grant(f"{prefix}G2", picks[1], today - timedelta(days=90), 5, 100_000, "active"),
        _grant(f"{prefix}G3", picks[2], year_ago - timedelta(days=200), 2, 40_000, "active"),
        _grant(f"{prefix}G4", picks[3], today - timedelta(days=150), 4, 75_000, "active"),
        _grant(f"{prefix}G5", picks[4], today - timedelta(days=60), 2, 30_000, "active"),
        _contract(f"{prefix}C1", picks[5], today - timedelta(days=200), 480_000),
        _cooperative(f"{prefix}COOP", date(today.year, 1, 1) if today.month > 3 else date(today.year - 1, 1, 1)),
    ]
    for definition in made:
        create_agreement(db, json.dumps(definition), counselor_email=counselor)
    # Every stage: plans signed off, deliverables accepted, one grant suspended, one cancelled.
    for number, code, days_ago in (
        (f"{prefix}G2", "PLAN", 80),
        (f"{prefix}G3", "PLAN", 500),
        (f"{prefix}G4", "PLAN", 140),
        (f"{prefix}C1", "D1", 100),
        (f"{prefix}C1", "D2", 20),
    ):
        mark(
            db,
            number,
            code,
            on=today - timedelta(days=days_ago),
            note="signed off in the demo",
            counselor_email=counselor,
        )
    report = process(db, today=today, counselor_email=counselor)
    agreement_status(
        db, f"{prefix}G4", "suspend", reason="owner asked to pause while relocating", counselor_email=counselor
    )
    agreement_status(db, f"{prefix}G5", "cancel", reason="the business closed", counselor_email=counselor)
    for number in (f"{prefix}G3", f"{prefix}C1"):
        shown = agreement_definition(db, number)
        for m in shown["milestones"][:1]:
            for e in m["events"]:
                if e["status"] == "released":
                    pay(
                        db,
                        number,
                        e["id"],
                        amount=e["amount"],
                        on=today - timedelta(days=5),
                        method="eft",
                        reference=f"{number}-{m['code']}",
                        counselor_email=counselor,
                    )
    return DemoAgreements(len(made), len(report.released))
