"""The Milestones and Counseling tabs' rows as plain values: one query per table, no ORM objects.

The tabs call `client_milestone_rows` / `client_session_rows` (one unit of work each); the functions
taking a database handle are their queries, shared with the benchmarks.

A client with 500 milestones and 1,000 sessions opens in a few milliseconds this way; building the
same records as ORM objects with their link collections costs several times more (bench/).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from neodesk.models import CounselingSession, Counselor, Database, Milestone, MilestoneType
from neodesk.models.activity import milestone_counselor, session_counselor
from neodesk.services.reference import picklist_choices

# The session columns shown by their picklist's label.
SESSION_LABELLED = ("session_type", "contact_type", "counseling_area")


@dataclass(frozen=True, slots=True)
class MilestoneListRow:
    id: uuid.UUID
    date: date
    type_code: str
    type_name: str
    carries: str
    amount: Decimal | None
    initial_amount: Decimal | None
    detail: str | None
    notes: str | None
    reportable: bool
    counselors: tuple[str, ...]

    @property
    def change(self) -> Decimal | None:
        """new − initial, where both are known."""
        if self.amount is None or self.initial_amount is None:
            return None
        return self.amount - self.initial_amount


@dataclass(frozen=True, slots=True)
class SessionListRow:
    id: uuid.UUID
    date: date
    session_type: str
    contact_type: str
    counseling_area: str
    contact_minutes: int
    prep_minutes: int
    travel_minutes: int
    subject: str | None
    notes: str | None
    reportable: bool
    counselors: tuple[str, ...]


def _grouped(rows: object, width: int) -> list[tuple[object, ...]]:
    """Rows of (record columns…, counselor name) ordered by record: one tuple per record, its counselors'
    names (by name) appended as a tuple."""
    out: list[tuple[object, ...]] = []
    last_id: object = None
    names: list[str] = []
    for row in rows:  # type: ignore[attr-defined]
        if row[0] != last_id:
            names = []
            out.append((*row[:width], names))
            last_id = row[0]
        if row[width] is not None:
            names.append(row[width])
    return [(*r[:-1], tuple(r[-1])) for r in out]  # type: ignore[arg-type]


def milestone_rows(tx: Session, client_id: uuid.UUID) -> list[MilestoneListRow]:
    """The client's milestones for display, newest first (one query, counselors' names joined)."""
    query = (
        select(
            Milestone.id,
            Milestone.date,
            Milestone.type_code,
            MilestoneType.name,
            MilestoneType.carries,
            Milestone.amount,
            Milestone.initial_amount,
            Milestone.detail,
            Milestone.notes,
            Milestone.reportable,
            Counselor.name,
        )
        .outerjoin(MilestoneType, MilestoneType.code == Milestone.type_code)
        .outerjoin(milestone_counselor, milestone_counselor.c.milestone_id == Milestone.id)
        .outerjoin(Counselor, Counselor.id == milestone_counselor.c.counselor_id)
        .where(Milestone.client_id == client_id)
        .order_by(Milestone.date.desc(), Milestone.created_at.desc(), Milestone.id, Counselor.name)
    )
    return [
        MilestoneListRow(r[0], r[1], r[2], r[3] or r[2], r[4] or "none", *r[5:])  # type: ignore[arg-type]
        for r in _grouped(tx.execute(query), 10)
    ]


def counseling_session_rows(tx: Session, client_id: uuid.UUID) -> list[SessionListRow]:
    """The client's counseling sessions for display, newest first (one query, counselors' names joined)."""
    s = CounselingSession
    query = (
        select(
            s.id,
            s.date,
            s.session_type,
            s.contact_type,
            s.counseling_area,
            s.contact_minutes,
            s.prep_minutes,
            s.travel_minutes,
            s.subject,
            s.notes,
            s.reportable,
            Counselor.name,
        )
        .outerjoin(session_counselor, session_counselor.c.counseling_session_id == s.id)
        .outerjoin(Counselor, Counselor.id == session_counselor.c.counselor_id)
        .where(s.client_id == client_id)
        .order_by(s.date.desc(), s.created_at.desc(), s.id, Counselor.name)
    )
    return [SessionListRow(*r) for r in _grouped(tx.execute(query), 11)]  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class SessionList:
    """The Counseling tab's rows and the database's labels of their picklist codes (picklist → code → label)."""

    rows: tuple[SessionListRow, ...]
    labels: Mapping[str, Mapping[str, str]]


def client_milestone_rows(db: Database, client_id: uuid.UUID) -> list[MilestoneListRow]:
    """The Milestones tab's rows, newest first."""
    with db.reading() as tx:
        return milestone_rows(tx, client_id)


def client_session_rows(db: Database, client_id: uuid.UUID) -> SessionList:
    """The Counseling tab's rows, newest first, with the labels of their session type, contact and area."""
    with db.reading() as tx:
        lists = picklist_choices(tx, SESSION_LABELLED)
        labels = {name: {c.code: c.label for c in lists.get(name, [])} for name in SESSION_LABELLED}
        return SessionList(tuple(counseling_session_rows(tx, client_id)), labels)
