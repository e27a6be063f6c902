"""Demo agreements for `neodesk demo`: realistic agreements at every stage, made through the use cases.

Client grants with job-creation milestones (one just drafted, one waiting on hires, one half paid,
one suspended, one cancelled), a payroll grant whose milestone asks the client for a payroll report
(an objective with a file question) and waits for the "Program" approval group (§5, §6), an APEX
client's government contract with deliverables chained one after another and their invoices, and
the center's cooperative agreement with quarterly goals as metric conditions. They are built from
§11 definitions, marked and processed like a counselor would, so what a new user opens is what the
app itself produced.
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
from neodesk.models import Agreement, ApprovalGroup, Client, Counselor, Database
from neodesk.services.agreements.actions import agreement_status, mark, pay
from neodesk.services.agreements.approvals import set_approval_group
from neodesk.services.agreements.common import acting
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


DEMO_GROUP = "Program"


def _payroll_grant(number: str, client_no: int, start: date, amount: int) -> dict[str, Any]:
    """§5/§6: the issue's story: a disbursement released once the client's payroll report is in,
    accepted by a counselor and approved by the Program group."""
    return {
        "number": number,
        "title": "Payroll support grant",
        "kind": "grant",
        "client": client_no,
        "counterparty": "State Workforce Board",
        "amount": f"{amount}.00",
        "start": start.isoformat(),
        "end": add_months(start, 12).isoformat(),
        "status": "active",
        "contact_name": "Dana Whitfield",
        "contact_email": "dana.whitfield@example.com",
        "milestones": [
            {
                "code": "PAYROLL",
                "description": "Quarterly payroll report showing the new hires",
                "financial": True,
                "status": "ready",
                "due": (start + timedelta(days=120)).isoformat(),
                "approval": [DEMO_GROUP],
                "events": [{"kind": "disbursement", "percent": "100.00"}],
                "objectives": [
                    {
                        "title": "Payroll report",
                        "description": "The payroll register for the quarter, with the new hires marked.",
                        "questions": [
                            {"prompt": "Payroll register for the quarter (PDF or spreadsheet)", "kind": "file"},
                            {"prompt": "New full-time hires in the quarter", "kind": "number"},
                            {"prompt": "Were all new hires residents of the city?", "kind": "yes_no"},
                        ],
                    }
                ],
            }
        ],
    }


def _demo_group(db: Database, counselor: uuid.UUID | str | None) -> bool:
    """The Program approval group (administrators define it): the active counselors other than who acts,
    any one of them approving. False when it cannot be made (not an administrator, nobody else)."""
    with db.reading() as tx:
        if tx.scalar(select(ApprovalGroup.id).where(ApprovalGroup.name == DEMO_GROUP)) is not None:
            return True
        me = acting(tx, counselor)
        others = list(
            tx.scalars(
                select(Counselor.email)
                .where(Counselor.active.is_(True), Counselor.id != me.id)
                .order_by(Counselor.email)
                .limit(3)
            )
        )
        if not me.is_admin or not others:
            return False
    set_approval_group(db, DEMO_GROUP, others, counselor_email=counselor)
    return True


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
    with db.reading() as tx:
        if tx.scalar(select(func.count()).select_from(Agreement).where(Agreement.number.like(f"{prefix}%"))):
            return DemoAgreements(0, 0)
        clients = list(
            tx.scalars(
                select(Client.client_no)
                .where(Client.company_status.in_(("B", "S")))
                .order_by(Client.client_no)
                .limit(40)
            )
        )
    if len(clients) < 7:
        return DemoAgreements(0, 0)
    picks = rng.sample(clients, 7)
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
    if _demo_group(db, counselor):
        made.append(_payroll_grant(f"{prefix}P1", picks[6], today - timedelta(days=45), 25_000))
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
