"""What the sync rules need from the store: settings, stored milestone dates, readiness requirements."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS
from neodesk.models import Milestone, Setting
from neodesk.services.settings import Settings
from neodesk.sync.same_fact import StoredMilestone
from neodesk.sync.settings import SyncSettings

READINESS_SETTING = "readiness_requirements"
Requirements = Mapping[str, Sequence[frozenset[str]]]


def sync_settings(settings: Settings) -> SyncSettings:
    """The settings the sync rules read: the catalog's one settings table, as loaded (no copy to keep in step)."""
    return settings


def newest_dates_by_type(tx: Session, client_id: uuid.UUID) -> dict[str, date]:
    """The client's stored milestones as type code → newest date."""
    rows = tx.execute(
        select(Milestone.type_code, func.max(Milestone.date))
        .where(Milestone.client_id == client_id)
        .group_by(Milestone.type_code)
    )
    return {row[0]: row[1] for row in rows}


def milestone_keys(tx: Session, client_id: uuid.UUID) -> set[tuple[str, date]]:
    """(type, date) of every stored milestone: what "no duplicate" compares against."""
    rows = tx.execute(select(Milestone.type_code, Milestone.date).where(Milestone.client_id == client_id))
    return {(row[0], row[1]) for row in rows}


_M = Milestone.__table__.c
# Built once (every client save asks): a Core statement on the connection, no ORM execution around it.
_STORED = select(_M.id, _M.type_code, _M.date, _M.amount, _M.initial_amount).where(
    _M.client_id == bindparam("client_id")
)


def stored_milestones(tx: Session, client_id: uuid.UUID) -> list[StoredMilestone]:
    """The client's milestones as plain rows: what "the same fact twice" compares against."""
    rows = tx.connection().execute(_STORED, {"client_id": client_id})
    return [StoredMilestone(*row) for row in rows]


def load_requirements(tx: Session) -> Requirements:
    """Readiness goals and their required steps (administrator-configurable; spec defaults)."""
    row = tx.get(Setting, READINESS_SETTING)
    if row is None:
        return DEFAULT_READINESS_REQUIREMENTS
    data = json.loads(row.value)
    return {goal: tuple(frozenset(alts) for alts in needed) for goal, needed in data.items()}


def save_requirements(tx: Session, requirements: Requirements) -> None:
    text = json.dumps({goal: [sorted(alts) for alts in needed] for goal, needed in requirements.items()})
    row = tx.get(Setting, READINESS_SETTING)
    if row is None:
        tx.add(Setting(key=READINESS_SETTING, value=text))
    else:
        row.value = text
