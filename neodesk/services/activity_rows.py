"""The Milestones and Counseling tabs' rows as plain values: one query per table, no ORM objects.

The tabs call `client_milestone_rows` / `client_session_rows` (one unit of work each); the functions
taking a database handle are their queries, shared with the benchmarks.

A client with 500 milestones and 1,000 sessions opens in a few milliseconds this way; building the
same records as ORM objects with their link collections costs several times more (bench/).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

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


def _with_names(rows: Iterable[Sequence[Any]]) -> list[tuple[Sequence[Any], list[str]]]:
    """Rows of (id, record columns…, counselor name), one per record and counselor, ordered by record:
    each record's row once, with its counselors' names in the order they came (by name)."""
    records: list[tuple[Sequence[Any], list[str]]] = []
    last: object = None
    for row in rows:
        if row[0] != last:
            last = row[0]
            records.append((row, []))
        if row[-1] is not None:
            records[-1][1].append(row[-1])
    return records


# Core columns, not the mapped classes: the rows come back as plain tuples, with no ORM loading step.
_MILESTONE = Milestone.__table__.c
_TYPE = MilestoneType.__table__.c
_SESSION = CounselingSession.__table__.c
_COUNSELOR = Counselor.__table__.c


def milestone_rows(tx: Session, client_id: uuid.UUID) -> list[MilestoneListRow]:
    """The client's milestones for display, newest first (one query, counselors' names joined)."""
    m, link = _MILESTONE, milestone_counselor.c
    query = (
        select(
            m.id,
            m.date,
            m.type_code,
            _TYPE.name,
            _TYPE.carries,
            m.amount,
            m.initial_amount,
            m.detail,
            m.notes,
            m.reportable,
            _COUNSELOR.name,
        )
        .select_from(Milestone.__table__)
        .outerjoin(MilestoneType.__table__, _TYPE.code == m.type_code)
        .outerjoin(milestone_counselor, link.milestone_id == m.id)
        .outerjoin(Counselor.__table__, _COUNSELOR.id == link.counselor_id)
        .where(m.client_id == client_id)
        .order_by(m.date.desc(), m.created_at.desc(), m.id, _COUNSELOR.name)
    )
    return [
        MilestoneListRow(r[0], r[1], r[2], r[3] or r[2], r[4] or "none", r[5], r[6], r[7], r[8], r[9], tuple(names))
        for r, names in _with_names(tx.execute(query).all())
    ]


def counseling_session_rows(tx: Session, client_id: uuid.UUID) -> list[SessionListRow]:
    """The client's counseling sessions for display, newest first (one query, counselors' names joined)."""
    s, link = _SESSION, session_counselor.c
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
            _COUNSELOR.name,
        )
        .select_from(CounselingSession.__table__)
        .outerjoin(session_counselor, link.counseling_session_id == s.id)
        .outerjoin(Counselor.__table__, _COUNSELOR.id == link.counselor_id)
        .where(s.client_id == client_id)
        .order_by(s.date.desc(), s.created_at.desc(), s.id, _COUNSELOR.name)
    )
    return [
        SessionListRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], tuple(names))
        for r, names in _with_names(tx.execute(query).all())
    ]


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
