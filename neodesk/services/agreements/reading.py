"""Plain rows of agreements for the CLI, the screens and the reports (no ORM object leaves here).

`agreement_definition` is the §11 `show --json` shape: the definition plus ids, statuses, dates,
computed amounts and the history, so its output can be fed back to `agreement update`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from neodesk.agreements.statuses import EventStatus, MilestoneStatus
from neodesk.models import (
    Agreement,
    AgreementCondition,
    AgreementEvent,
    AgreementHistory,
    AgreementMilestone,
    AgreementPayment,
    AgreementTemplate,
    Client,
    Counselor,
    Database,
)
from neodesk.services.agreements.common import paid_of
from neodesk.services.agreements.objective_reading import approvals_json, objectives_json
from neodesk.services.clients import get_client
from neodesk.services.errors import NotFound

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Totals:
    amount: Decimal
    released: Decimal  # released, partly paid or paid
    paid: Decimal
    pending: Decimal  # pending or on hold
    remaining: Decimal  # amount − paid − released-unpaid − pending


@dataclass(frozen=True, slots=True)
class AgreementRow:
    id: uuid.UUID
    number: str
    title: str
    kind: str
    client_no: int | None
    client_name: str | None
    amount: Decimal
    start: date
    end: date
    status: str
    next_due: date | None
    complete: int
    milestones: int
    totals: Totals

    @property
    def progress(self) -> str:
        return f"{self.complete} of {self.milestones} complete"


@dataclass(frozen=True, slots=True)
class CounselorRow:
    email: str
    name: str
    role: str
    active: bool


@dataclass(frozen=True, slots=True)
class TemplateRow:
    name: str
    kind: str
    milestones: tuple[str, ...]
    revision: int


def totals(agreement: Agreement) -> Totals:
    released = paid = pending = ZERO
    for m in agreement.milestones:
        for e in m.events:
            if e.status in (EventStatus.RELEASED, EventStatus.PARTLY_PAID, EventStatus.PAID):
                released += e.amount
                paid += paid_of(e)
            elif e.status in (EventStatus.PENDING, EventStatus.ON_HOLD):
                pending += e.amount
    return Totals(agreement.amount, released, paid, pending, agreement.amount - released - pending)


def _row(agreement: Agreement, client: Client | None) -> AgreementRow:
    open_dues = [
        m.due
        for m in agreement.milestones
        if m.due and m.status not in (MilestoneStatus.COMPLETE, MilestoneStatus.CANCELLED)
    ]
    return AgreementRow(
        agreement.id,
        agreement.number,
        agreement.title,
        agreement.kind,
        client.client_no if client else None,
        client.name if client else None,
        agreement.amount,
        agreement.start_date,
        agreement.end_date,
        agreement.status,
        min(open_dues, default=None),
        sum(1 for m in agreement.milestones if m.status == MilestoneStatus.COMPLETE),
        len(agreement.milestones),
        totals(agreement),
    )


def list_agreements(db: Database, *, client: str | None = None, status: str | None = None) -> list[AgreementRow]:
    with db.reading() as tx:
        query = (
            select(Agreement)
            .order_by(Agreement.number)
            .options(
                selectinload(Agreement.milestones)
                .selectinload(AgreementMilestone.events)
                .selectinload(AgreementEvent.payments)
            )
        )
        if client is not None:
            query = query.where(Agreement.client_id == get_client(tx, client).id)
        if status:
            query = query.where(Agreement.status == status)
        rows = list(tx.scalars(query))
        clients = {
            c.id: c for c in tx.scalars(select(Client).where(Client.id.in_({a.client_id for a in rows if a.client_id})))
        }
        return [_row(a, clients.get(a.client_id) if a.client_id else None) for a in rows]


def counselor_rows(db: Database) -> list[CounselorRow]:
    with db.reading() as tx:
        return [
            CounselorRow(c.email, c.name, c.role, c.active)
            for c in tx.scalars(select(Counselor).order_by(Counselor.name))
        ]


def template_rows(db: Database) -> list[TemplateRow]:
    with db.reading() as tx:
        return [
            TemplateRow(t.name, t.kind, tuple(m.code for m in t.milestones), t.revision)
            for t in tx.scalars(select(AgreementTemplate).order_by(AgreementTemplate.name))
        ]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _condition(c: Any, codes: dict[uuid.UUID, str], emails: dict[uuid.UUID, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": c.kind}
    if c.kind == "date":
        out["date"] = _iso(c.on_date)
    elif c.kind == "milestone":
        out.update(milestone=codes.get(c.target_milestone_id), lag_days=c.lag_days)
    elif c.kind == "metric":
        out["measure"] = c.measure
        if c.field:
            out["field"] = c.field
        if c.type_code:
            out.update(type=c.type_code, reportable_only=c.reportable_only)
        target = Decimal(c.target or "0")
        out.update(op=c.op, target=int(target) if target == target.to_integral() else str(target))
    elif c.kind == "query":
        out["sql"] = c.sql
    out.update(status=c.status, effective_date=_iso(c.effective_date), observed=c.observed)
    if c.kind == "user":
        out["marked_by"] = emails.get(c.marked_by_id) if c.marked_by_id else None
    return out


def _event(e: Any, payments: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": str(e.id), "kind": e.kind}
    if e.percent:
        out["percent"] = e.percent
    paid = sum((p.amount for p in payments), ZERO)
    out.update(
        amount=_money(e.amount),
        scheduled=_iso(e.scheduled),
        status=e.status,
        paid=_money(paid),
        released_on=_iso(e.released_on),
    )
    out["payments"] = [
        {"date": _iso(p.paid_on), "amount": _money(p.amount), "method": p.method, "reference": p.reference}
        for p in payments
    ]
    return out


def agreement_definition(db: Database, number: str) -> dict[str, Any]:
    """`agreement show NUMBER --json`: the §11 definition with statuses, computed amounts and history.

    Read with Core queries into plain rows (no ORM graph): the editor opens a 200-milestone
    agreement with this, so it stays a handful of indexed selects.
    """
    with db.reading() as tx:
        return _definition(tx, number)


def _definition(tx: Session, number: str) -> dict[str, Any]:
    A, M, C, E, P, H = (
        Agreement.__table__,
        AgreementMilestone.__table__,
        AgreementCondition.__table__,
        AgreementEvent.__table__,
        AgreementPayment.__table__,
        AgreementHistory.__table__,
    )
    a = tx.execute(select(A).where(A.c.number == number)).first()
    if a is None:
        raise NotFound(f"No agreement {number} in this database.")
    emails = {r.id: r.email for r in tx.execute(select(Counselor.id, Counselor.email))}
    milestones = tx.execute(select(M).where(M.c.agreement_id == a.id).order_by(M.c.position)).all()
    codes = {m.id: m.code for m in milestones}
    conditions: dict[uuid.UUID, list[Any]] = {m.id: [] for m in milestones}
    for c in tx.execute(
        select(C)
        .join(M, M.c.id == C.c.milestone_id)
        .where(M.c.agreement_id == a.id)
        .order_by(C.c.milestone_id, C.c.position)
    ):
        conditions[c.milestone_id].append(c)
    payments: dict[uuid.UUID, list[Any]] = {}
    for p in tx.execute(
        select(P).join(E, E.c.id == P.c.event_id).where(E.c.agreement_id == a.id).order_by(P.c.paid_on)
    ):
        payments.setdefault(p.event_id, []).append(p)
    events: dict[uuid.UUID, list[dict[str, Any]]] = {m.id: [] for m in milestones}
    released = paid = pending = ZERO
    for e in tx.execute(select(E).where(E.c.agreement_id == a.id).order_by(E.c.milestone_id, E.c.position)):
        shown = _event(e, payments.get(e.id, []))
        events[e.milestone_id].append(shown)
        if e.status in (EventStatus.RELEASED, EventStatus.PARTLY_PAID, EventStatus.PAID):
            released += e.amount
            paid += Decimal(shown["paid"])
        elif e.status in (EventStatus.PENDING, EventStatus.ON_HOLD):
            pending += e.amount
    client_no = tx.scalar(select(Client.client_no).where(Client.id == a.client_id)) if a.client_id else None
    history = [
        {
            "at": h.recorded_at.isoformat(),
            "record": h.record_type,
            "label": h.label,
            "action": h.action,
            "from": h.from_status,
            "to": h.to_status,
            "who": emails.get(h.counselor_id) if h.counselor_id else None,
            "run": str(h.run_id) if h.run_id else None,
            "effective_date": _iso(h.effective_date),
            "reason": h.reason,
            "packet": h.packet_hash,
        }
        for h in tx.execute(select(H).where(H.c.agreement_id == a.id).order_by(H.c.recorded_at, H.c.revision))
    ]
    objectives = objectives_json(tx, codes, emails)
    approvals = approvals_json(tx, codes, emails)
    return {
        "id": str(a.id),
        "number": a.number,
        "title": a.title,
        "kind": a.kind,
        "client": client_no,
        "counterparty": a.counterparty,
        "amount": _money(a.amount),
        "start": _iso(a.start_date),
        "end": _iso(a.end_date),
        "status": a.status,
        "primary_contact": emails.get(a.primary_contact_id) if a.primary_contact_id else None,
        "contact_name": a.contact_name,
        "contact_email": a.contact_email,
        "contact_phone": a.contact_phone,
        "notes": a.notes,
        "milestones": [
            {
                "code": m.code,
                "description": m.description,
                "due": _iso(m.due),
                "financial": m.financial,
                "require": m.require,
                "approval": list(m.approval or ()),
                "status": m.status,
                "primary_contact": emails.get(m.primary_contact_id) if m.primary_contact_id else None,
                "effective_date": _iso(m.effective_date),
                "blocked": m.blocked,
                "conditions": [_condition(c, codes, emails) for c in conditions[m.id]],
                "events": events[m.id],
                "objectives": objectives[m.id],
                "approval_round": m.approval_round,
                "resubmission_requested": m.resubmission_requested,
                "approvals": approvals[m.id],
            }
            for m in milestones
        ],
        "released": _money(released),
        "paid": _money(paid),
        "remaining": _money(a.amount - released - pending),
        "history": history,
    }
