"""Records for the milestone dialog and readiness tab tests, and what they read back from the database."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select

from neodesk.models import Client, CounselingSession, Database, Milestone
from neodesk.services.client_sync import save_client_with_sync
from neodesk.services.milestones import MilestoneEntry, MilestoneForm, log_milestones
from neodesk.services.reference import current_counselor, default_funding_source_id
from neodesk.sync.deciding import AlwaysNo

TODAY = date(2026, 11, 24)


def me_and_fund(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.reading() as s:
        me = current_counselor(s)
        fund = default_funding_source_id(s, None, me)
        assert fund is not None
        return me.id, fund


def new_client(db: Database, **values: Any) -> uuid.UUID:
    base = {"name": "Acme Tool & Die", "company_status": "B", "date_established": "2015-01-01", **values}
    return save_client_with_sync(db, None, base, counselor_id=None, today=TODAY, decider=AlwaysNo()).client_id


def log(db: Database, client_id: uuid.UUID, day: date, *entries: MilestoneEntry) -> None:
    """Milestones logged beforehand, without any prompt (as if answered No)."""
    me, fund = me_and_fund(db)
    form = MilestoneForm(entries=entries, date=day, counselor_ids=(me,), funding_source_ids=(fund,))
    assert log_milestones(db, client_id, form, counselor_id=me, decider=AlwaysNo(), today=TODAY) is not None


def milestones(db: Database, client_id: uuid.UUID) -> list[Milestone]:
    with db.reading() as s:
        rows = list(
            s.scalars(
                select(Milestone).where(Milestone.client_id == client_id).order_by(Milestone.type_code, Milestone.date)
            )
        )
        for row in rows:
            _ = (row.counselors, row.funding_sources)  # loaded while the session is open
        return rows


def sessions(db: Database, client_id: uuid.UUID) -> list[CounselingSession]:
    with db.reading() as s:
        rows = list(s.scalars(select(CounselingSession).where(CounselingSession.client_id == client_id)))
        for row in rows:
            _ = (row.counselors, row.funding_sources)
        return rows


def client(db: Database, client_id: uuid.UUID) -> Client:
    with db.reading() as s:
        return s.get_one(Client, client_id)
