"""The Milestones and Counseling tabs' rows as plain values: one query per table, no ORM objects.

A client with 500 milestones and 1,000 sessions opens in a few milliseconds this way; building the
same records as ORM objects with their link collections costs several times more (bench/).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from neodesk.models import CounselingSession, Counselor, Milestone, MilestoneType
from neodesk.models.activity import milestone_counselor, session_counselor


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


def _counselor_names(session: Session, link: Table, owner: str, owners: object) -> dict[uuid.UUID, tuple[str, ...]]:
    key = link.c[f"{owner}_id"]
    rows = session.execute(
        select(key, Counselor.name).join(Counselor, Counselor.id == link.c.counselor_id)
        .where(key.in_(owners)).order_by(Counselor.name)  # type: ignore[arg-type]
    )
    names: dict[uuid.UUID, list[str]] = defaultdict(list)
    for owner_id, name in rows:
        names[owner_id].append(name)
    return {k: tuple(v) for k, v in names.items()}


def milestone_rows(session: Session, client_id: uuid.UUID) -> list[MilestoneListRow]:
    """The client's milestones for display, newest first."""
    query = (
        select(Milestone.id, Milestone.date, Milestone.type_code, MilestoneType.name, MilestoneType.carries,
               Milestone.amount, Milestone.initial_amount, Milestone.detail, Milestone.notes, Milestone.reportable)
        .outerjoin(MilestoneType, MilestoneType.code == Milestone.type_code)
        .where(Milestone.client_id == client_id)
        .order_by(Milestone.date.desc(), Milestone.created_at.desc())
    )
    rows = session.execute(query).all()
    names = _counselor_names(session, milestone_counselor, "milestone",
                             select(Milestone.id).where(Milestone.client_id == client_id))
    return [MilestoneListRow(r[0], r[1], r[2], r[3] or r[2], r[4] or "none", *r[5:], names.get(r[0], ()))
            for r in rows]


def session_rows(session: Session, client_id: uuid.UUID) -> list[SessionListRow]:
    """The client's counseling sessions for display, newest first."""
    s = CounselingSession
    query = (
        select(s.id, s.date, s.session_type, s.contact_type, s.counseling_area, s.contact_minutes, s.prep_minutes,
               s.travel_minutes, s.subject, s.notes, s.reportable)
        .where(s.client_id == client_id).order_by(s.date.desc(), s.created_at.desc())
    )
    rows = session.execute(query).all()
    names = _counselor_names(session, session_counselor, "counseling_session",
                             select(s.id).where(s.client_id == client_id))
    return [SessionListRow(*r, names.get(r[0], ())) for r in rows]
